import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.js';
import { defineScenario } from '../define-scenario.js';
import { runScenario } from '../run-scenario.js';
import { startScriptedRegistry } from '../test-support/scripted-registry.js';
import { parseStartAt, waitUntil } from './start-at.js';

const now = Date.parse('2026-12-02T12:00:00Z');

describe('parseStartAt', () => {
  it('reads an ISO 8601 time with a zone', () => {
    expect(parseStartAt('2026-12-02T12:01:00Z', now)).toBe(now + 60_000);
    expect(parseStartAt(' 2026-12-02T13:01:00.500+01:00 ', now)).toBe(now + 60_500);
    // Past instants are allowed: a pod scheduled late starts at once and says so.
    expect(parseStartAt('2026-12-02T11:00:00Z', now)).toBe(now - 3_600_000);
  });

  it('refuses a time without a zone, a non-time and one more than a day ahead, naming the flag', () => {
    for (const text of ['2026-12-02T12:01:00', 'tomorrow', '2026-12-02', '']) {
      expect(() => parseStartAt(text, now)).toThrow(UsageError);
      expect(() => parseStartAt(text, now)).toThrow(/^--start-at: ".*" is not an ISO 8601 time with a zone/);
    }
    expect(() => parseStartAt('2026-12-03T12:00:01Z', now)).toThrow('--start-at: 2026-12-03T12:00:01Z is more than 24 hours ahead');
    expect(parseStartAt('2026-12-03T12:00:00Z', now)).toBe(now + 86_400_000);
  });
});

describe('waitUntil', () => {
  it('returns at once with the lateness when the instant is past', async () => {
    await expect(waitUntil(now, new AbortController().signal, () => now + 2500)).resolves.toBe(2500);
  });

  it('waits for an instant ahead (never returns before it), and an abort ends the wait', async () => {
    const at = Date.now() + 150;
    await expect(waitUntil(at, new AbortController().signal)).resolves.toBe(0);
    expect(Date.now()).toBeGreaterThanOrEqual(at);
    const abort = new AbortController();
    const started = Date.now();
    const waiting = waitUntil(Date.now() + 60_000, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('runScenario with startAt', () => {
  it('sets up first, then starts measuring no earlier than the agreed instant', async () => {
    const registry = await startScriptedRegistry();
    try {
      const scenario = defineScenario({
        id: 'sync',
        description: 'sync',
        executor: { type: 'constant-vus', vus: 2, iterations: 6 },
        flow: { kind: 'pull-blobs', size: 1024, blobs: 2 },
      });
      const startAt = Date.now() + 400;
      const result = await runScenario({ target: registry.target, scenario, threads: 1, startAt });
      expect(result.status).toBe('passed');
      expect(result.iterations).toBe(6);
      expect(Date.parse(result.startedAt ?? '')).toBeGreaterThanOrEqual(startAt);
      expect(registry.seen.filter((line) => line.startsWith('GET /v2/') && line.includes('/blobs/'))).toHaveLength(6);
    } finally {
      await registry.close();
    }
  });
});
