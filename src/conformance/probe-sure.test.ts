import { describe, expect, it } from 'vitest';
import { createRegistryClient } from '../client/index.js';
import type { CheckResult } from '../model/index.js';
import deleteSuite from '../../suites/07-delete/index.js';
import referrersSuite from '../../suites/10-referrers/index.js';
import { CleanupTracker } from './cleanup-tracker.js';
import { probeCapabilities } from './probe-capabilities.js';
import { runSuiteOnFake } from './test-support/run-suite-on-fake.js';
import { startFakeRegistry, type FakeRegistryOptions, type FakeRoute, type FaultHooks } from './test-support/fake-registry.js';

/** Capability id → support, probed on a fresh fake registry. */
async function supportOf(options: FakeRegistryOptions): Promise<{ support: Record<string, string>; detail: Record<string, string> }> {
  const registry = await startFakeRegistry(options);
  const client = createRegistryClient({
    target: { name: 'fake', url: registry.url, namespace: '', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 5000 },
  });
  try {
    const { results } = await probeCapabilities(client, 'ns/capability-probe', new CleanupTracker('ns'), new AbortController().signal);
    return {
      support: Object.fromEntries(results.map((result) => [result.id, result.support])),
      detail: Object.fromEntries(results.map((result) => [result.id, result.detail ?? ''])),
    };
  } finally {
    await client.close();
    await registry.close();
  }
}

type Blip = 'reset' | '503' | '429';

/** Breaks the first request of `route` (only that one) with a connection reset, a 503 or a 429. */
function onceOn(route: FakeRoute, blip: Blip): FaultHooks {
  let done = false;
  return {
    before: (req, res, ctx) => {
      if (done || ctx.route !== route) {
        return false;
      }
      done = true;
      if (blip === 'reset') {
        req.socket.destroy();
      } else {
        res.writeHead(blip === '503' ? 503 : 429, { 'content-type': 'application/json', 'retry-after': '0' });
        res.end('{"errors":[{"code":"UNAVAILABLE","message":"try again"}]}');
      }
      return true;
    },
  };
}

/** Every route the probe uses. */
const probeRoutes: readonly FakeRoute[] = [
  'upload-start',
  'upload-put',
  'upload-patch',
  'upload-cancel',
  'blob-get',
  'manifest-put',
  'tags-list',
  'referrers',
  'manifest-delete',
  'blob-delete',
  'catalog',
];

describe('capability probe that is sure (issue 12 item 4)', () => {
  it('a single reset, 503 or 429 on any probe request changes no capability verdict', async () => {
    const clean = await supportOf({ deletes: false, referrers: false });
    const differences: string[] = [];
    for (const route of probeRoutes) {
      for (const blip of ['reset', '503', '429'] as const) {
        const { support } = await supportOf({ deletes: false, referrers: false, faults: onceOn(route, blip) });
        if (JSON.stringify(support) !== JSON.stringify(clean.support)) {
          differences.push(`${blip} on ${route}: ${JSON.stringify(support)}`);
        }
      }
    }
    expect(differences).toEqual([]);
    // The clean run itself tells absence from presence, so the comparison above means something.
    expect(clean.support['referrers']).toBe('unsupported');
    expect(clean.support['tag-delete']).toBe('unsupported');
    expect(clean.support['mount']).toBe('supported');
  }, 240_000);

  it('a 503 that persists makes the capability unknown with the reason, not unsupported', async () => {
    const { support, detail } = await supportOf({
      faults: {
        routes: {
          referrers: (_req, res) => {
            res.writeHead(503);
            res.end();
            return true;
          },
        },
      },
    });
    expect(support['referrers']).toBe('unknown');
    expect(detail['referrers']).toMatch(/503.*3 tries/);
    expect(support['tag-delete']).toBe('supported');
  }, 60_000);

  it('an answer that says nothing about the feature (401 on a delete) is unknown; 400 or 405 is unsupported', async () => {
    const refusing = (status: number): FakeRegistryOptions => ({
      faults: {
        routes: {
          'manifest-delete': (_req, res) => {
            res.writeHead(status);
            res.end();
            return true;
          },
        },
      },
    });
    expect((await supportOf(refusing(401))).support['tag-delete']).toBe('unknown');
    expect((await supportOf(refusing(400))).support['tag-delete']).toBe('unsupported');
    expect((await supportOf(refusing(405))).support['manifest-delete']).toBe('unsupported');
  }, 60_000);

  it('errors (never skips or fails) the checks of a capability the probe could not determine', async () => {
    const { checks } = await runSuiteOnFake(referrersSuite, {
      faults: {
        before: (_req, res, ctx) => {
          // Only the probe's referrers request breaks, every time: the checks themselves would pass.
          if (ctx.route !== 'referrers' || !ctx.url.pathname.includes('capability-probe')) {
            return false;
          }
          res.writeHead(503);
          res.end();
          return true;
        },
      },
    });
    const needing = [...checks.values()].filter((check) => check.status !== 'passed');
    expect(needing.length).toBeGreaterThan(0);
    for (const check of needing) {
      expect(check.status).toBe('errored');
      const message = check.status === 'errored' ? check.errors[0]?.message : '';
      expect(message).toMatch(/referrers.*could not determine.*503/);
    }
  }, 120_000);

  it('one reset on the probe DELETE and one 503 on the tag-delete probe change no verdict of a run', async () => {
    // Deletes disabled (405): a blip read as an answer would run the delete checks and fail them (issue 12).
    const verdicts = async (options: FakeRegistryOptions): Promise<Record<string, CheckResult['status']>> => {
      const { checks } = await runSuiteOnFake(deleteSuite, { deletes: false, ...options });
      return Object.fromEntries([...checks.values()].map((check) => [check.id, check.status]));
    };
    const clean = await verdicts({});
    let resets = 0;
    let unavailable = 0;
    const faulty = await verdicts({
      faults: {
        before: (req, res, ctx) => {
          if (ctx.route !== 'manifest-delete' || !ctx.url.pathname.includes('capability-probe')) {
            return false;
          }
          if (ctx.reference?.startsWith('sha256:') === true && resets === 0) {
            resets += 1;
            req.socket.destroy();
            return true;
          }
          if (ctx.reference === 'probe-b' && unavailable === 0) {
            unavailable += 1;
            res.writeHead(503);
            res.end();
            return true;
          }
          return false;
        },
      },
    });
    expect(resets + unavailable).toBe(2);
    expect(faulty).toEqual(clean);
    expect(Object.values(clean).filter((status) => status === 'skipped').length).toBeGreaterThan(3);
    expect(Object.values(clean)).not.toContain('failed');
  }, 180_000);
});
