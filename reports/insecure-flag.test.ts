import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/model/index.js';
import { renderConsoleSummary } from './console/render-summary.js';
import { renderHtml } from './html/render-html.js';
import { serializeRunResult } from './json/serialize-run-result.js';
import { renderJunit } from './junit/render-junit.js';
import { renderMarkdown } from './markdown/render-markdown.js';
import { fixtureRun } from './test-support/fixture-run.js';

/** The fixture run with its first target checked with TLS verification off (`--insecure`). */
function insecureRun(): RunResult {
  const run = fixtureRun();
  const [first, ...rest] = run.targets;
  if (first === undefined) {
    throw new Error('the fixture run has no target');
  }
  return { ...run, targets: [{ ...first, insecure: true }, ...rest] };
}

describe('a target run with --insecure is flagged in every report', () => {
  const run = insecureRun();
  const name = run.targets[0]?.name ?? '';
  const other = run.targets[1]?.name ?? '';

  it('results.json keeps insecure: true on that target only', () => {
    const json = JSON.parse(serializeRunResult(run)) as { targets: { insecure?: boolean }[] };
    expect(json.targets.map((target) => target.insecure)).toEqual([true, undefined]);
  });

  it('the Markdown summary warns under the verdict table, naming the target', () => {
    const markdown = renderMarkdown(run);
    expect(markdown).toContain(`> ⚠️ TLS verification off (\`--insecure\`) for: ${name}\n`);
    expect(markdown).not.toContain(`for: ${name}, ${other}`);
    expect(renderMarkdown(fixtureRun())).not.toContain('TLS verification off');
  });

  it('JUnit carries it as a property of each suite of that target', () => {
    const junit = renderJunit(run);
    const suites = junit.split('<testsuite ').slice(1);
    const flagged = suites.filter((suite) => suite.includes('<property name="target.tls" value="verification off (--insecure)"/>'));
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((suite) => suite.includes(`name="${name}/`) || suite.includes(`name="${name}"`))).toBe(true);
    expect(renderJunit(fixtureRun())).not.toContain('target.tls');
  });

  it('the console summary and the HTML report say TLS verification was off', () => {
    expect(renderConsoleSummary(run)).toContain(`! ${name}: TLS verification off (--insecure)\n`);
    expect(renderConsoleSummary(fixtureRun())).not.toContain('TLS verification off');
    expect(renderHtml(run)).toContain('TLS verification off');
    expect(renderHtml(fixtureRun())).not.toContain('TLS verification off');
  });
});
