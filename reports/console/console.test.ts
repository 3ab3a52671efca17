import { describe, expect, it } from 'vitest';
import { fixtureRun, hostileRun } from '../test-support/fixture-run.js';
import { createLiveConsoleReporter } from './live-console-reporter.js';
import { renderConsoleSummary } from './render-summary.js';
import { useColor } from './use-color.js';

describe('renderConsoleSummary', () => {
  it('prints a count table per target with load figures, then every failure with its reason', () => {
    expect(renderConsoleSummary(fixtureRun())).toMatchInlineSnapshot(`
      "target  status   passed  known  warned  failed  errored  skipped  disabled  load
      dist    failed        1      0       1       1        0        1         1  push-small-blobs 50 MB/s p99 40 ms, iterations 500 completed (min 4)
      zot     errored       2      1       1       0        1        1         0  push-small-blobs 25 MB/s p99 80 ms, iterations 247 completed (min 4), 3 failed, 2 interrupted (3 MiB not counted)

      - dist: capability absent, its checks skipped: delete-manifest (DELETE → 405)
      ✗ dist push/blob-single-post: expected 201, got 202
      ✗ dist load/push-small-blobs: threshold latency.p99 <30ms crossed (actual 40)
      k zot: profile zot sha256:0123456789ab (1 known)
      ! zot: known deviation now passes: remove it from the profile: push/blob-single-post (entry push/blob-single-post of profile zot)
      E zot delete/manifest-by-digest: connection reset

      run fixture01 errored in 60 s
      "
    `);
  });

  it('colours statuses only when asked', () => {
    expect(renderConsoleSummary(fixtureRun())).not.toContain('\u001b[');
    expect(renderConsoleSummary(fixtureRun(), { color: true })).toContain('\u001b[31m✗\u001b[0m dist push/blob-single-post');
  });

  it('never passes registry control characters (terminal escapes) through', () => {
    const text = renderConsoleSummary(hostileRun());
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0000');
  });
});

describe('createLiveConsoleReporter', () => {
  it('prints one line per finished check with its mark', () => {
    const lines: string[] = [];
    const reporter = createLiveConsoleReporter({ write: (text) => lines.push(text) });
    const run = fixtureRun();
    reporter.onTargetStart?.({ name: 'dist', url: 'http://127.0.0.1:5000' });
    for (const check of run.targets[0]!.suites.flatMap((s) => s.checks)) {
      reporter.onCheckEnd?.('dist', 'push', check);
    }
    expect(lines).toEqual([
      'dist http://127.0.0.1:5000\n',
      '✓ [dist] push/blob-post-put (12 ms)\n',
      '✗ [dist] push/blob-single-post (12 ms) — expected 201, got 202\n',
      '! [dist] push/chunk-min-length (12 ms) — no OCI-Chunk-Min-Length header\n',
      '– [dist] push/mount (12 ms) — mount capability absent\n',
      '– [dist] delete/manifest-by-digest (5 ms) — deletes turned off by config\n',
    ]);
  });

  it('lists checks left out by --suite/--check as one line per target, not one line each', () => {
    const lines: string[] = [];
    const reporter = createLiveConsoleReporter({ write: (text) => lines.push(text), showTarget: false });
    const base = { level: 'MUST' as const, api: 'ping' as const, durationMs: 1, transcript: [], spec: [], title: 't' };
    reporter.onTargetStart?.({ name: 'dist', url: 'http://127.0.0.1:5000' });
    reporter.onCheckEnd?.('dist', 'push', { ...base, id: 'push/a', status: 'passed' });
    for (let index = 0; index < 200; index += 1) {
      reporter.onCheckEnd?.('dist', 'pull', { ...base, id: `pull/c${index}`, status: 'disabled', reason: 'not selected by --check push/a' });
    }
    reporter.onTargetEnd?.(fixtureRun().targets[0]!);
    expect(lines).toEqual(['dist http://127.0.0.1:5000\n', '✓ push/a (1 ms)\n', '– 200 checks not selected by --check push/a\n']);
  });

  it('in CI logs (detail: suite) prints one line per finished suite with its counts and time', () => {
    const lines: string[] = [];
    let clock = 0;
    const reporter = createLiveConsoleReporter({ write: (text) => lines.push(text), detail: 'suite', now: () => clock });
    const run = fixtureRun();
    const target = run.targets[0]!;
    reporter.onTargetStart?.({ name: 'dist', url: 'http://127.0.0.1:5000' });
    for (const suite of target.suites) {
      for (const check of suite.checks) {
        clock += 500;
        reporter.onCheckEnd?.('dist', suite.id, check);
      }
    }
    reporter.onTargetEnd?.(target);
    expect(lines).toEqual([
      'dist http://127.0.0.1:5000\n',
      '[dist] push: 4 checks, 1 passed, 1 warned, 1 failed, 1 skipped (2 s)\n',
      '[dist] delete: 1 checks, 1 disabled (0.5 s)\n',
    ]);
  });
});

describe('useColor', () => {
  it('follows the terminal unless NO_COLOR or FORCE_COLOR says otherwise (FORCE_COLOR wins)', () => {
    expect(useColor({}, true)).toBe(true);
    expect(useColor({}, false)).toBe(false);
    expect(useColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(useColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(useColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColor({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(useColor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColor({ FORCE_COLOR: 'false', NO_COLOR: '' }, true)).toBe(false);
    expect(useColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
  });
});
