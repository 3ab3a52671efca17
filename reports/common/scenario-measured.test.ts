import { describe, expect, it } from 'vitest';
import type { RunResult, ScenarioResult } from '../../src/model/index.js';
import { renderConsoleSummary } from '../console/render-summary.js';
import { renderHtml } from '../html/render-html.js';
import { toHtmlView } from '../html/to-html-view.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import { fixtureRun } from '../test-support/fixture-run.js';

const reason = 'set-up failed: put manifest: 400 MANIFEST_INVALID: manifest invalid';

/** The fixture run with its second target's scenario replaced by one whose set-up the registry refused. */
function runWithUnmeasuredTarget(): RunResult {
  const run = fixtureRun();
  const [first, second] = run.targets;
  if (first === undefined || second === undefined) {
    throw new Error('fixture run has two targets');
  }
  const measured = first.scenarios[0] as ScenarioResult;
  // What runScenario returns after a failed set-up: every figure zero (the same shape as its emptyResult).
  const unmeasured: ScenarioResult = {
    ...measured,
    ...{ status: 'errored', durationMs: 0, iterations: 0, errors: 0, non2xx: 0, reason },
    latency: { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, stddev: 0 },
    ...{ requests: { total: 0, perSec: 0 }, throughput: { bytes: 0, mbps: 0 }, statusCodes: {}, errorClasses: {} },
    ...{ operations: [], timeSeries: [], thresholds: [] },
  };
  return { ...run, targets: [first, { ...second, scenarios: [unmeasured] }] };
}

describe('a target whose scenario measured nothing', () => {
  it('HTML: no bar for it, its reason in the table and under the charts', () => {
    const run = runWithUnmeasuredTarget();
    const view = toHtmlView(run).load.scenarios[0];
    const names = run.targets.map((target) => target.name);
    expect(view?.rows[1]?.reason).toBe(reason);
    expect(view?.rows[1]?.mbps).toBe('–');
    expect(view?.rows[0]?.hasReason).toBe(false);
    // Bar charts carry the measured target's name only.
    const throughputChart = view?.charts[0]?.svg ?? '';
    expect(throughputChart).toContain(names[0]);
    expect(throughputChart).not.toContain(`>${names[1] ?? ''}<`);
    const html = renderHtml(run);
    expect(html).toContain('400 MANIFEST_INVALID');
  });

  it('Markdown: dashes instead of zeros and the reason', () => {
    const markdown = renderMarkdown(runWithUnmeasuredTarget());
    const row = markdown.split('\n').find((line) => line.includes('400 MANIFEST\\_INVALID') || line.includes('400 MANIFEST_INVALID'));
    expect(row).toBeDefined();
    expect(row).toContain('| – | – | – |');
    expect(row).not.toMatch(/\| 0(\.0+)? \|/);
  });

  it('console: the reason instead of 0 MB/s', () => {
    const text = renderConsoleSummary(runWithUnmeasuredTarget());
    expect(text).toContain('errored: set-up failed: put manifest: 400 MANIFEST_INVALID');
    expect(text).not.toMatch(/push-small-blobs 0 MB\/s/);
  });
});
