import { describe, expect, it } from 'vitest';
import { fixtureRun, hostileRun } from '../test-support/fixture-run.js';
import { createLiveConsoleReporter } from './live-console-reporter.js';
import { renderConsoleSummary } from './render-summary.js';

describe('renderConsoleSummary', () => {
  it('prints a count table per target with load figures, then every failure with its reason', () => {
    expect(renderConsoleSummary(fixtureRun())).toMatchInlineSnapshot(`
      "target  status   passed  warned  failed  errored  skipped  disabled  load
      dist    failed        1       1       1        0        1         1  push-small-blobs 50 MB/s p99 40 ms
      zot     errored       2       1       0        1        1         0  push-small-blobs 25 MB/s p99 80 ms

      ✗ dist push/blob-single-post: expected 201, got 202
      ✗ dist load/push-small-blobs: threshold latency.p99 <30ms crossed (actual 40)
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
});
