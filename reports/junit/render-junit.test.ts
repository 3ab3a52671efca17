import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { fixtureRun, HOSTILE, hostileRun } from '../test-support/fixture-run.js';
import { stripInvalidXmlChars } from '../common/strip-control.js';
import { escapeSvg } from '../html/charts/escape-svg.js';
import { renderJunit } from './render-junit.js';

/** Parses the XML back (throws on malformed input) into a plain object. */
function parse(xml: string): Record<string, unknown> {
  return create(xml).end({ format: 'object' }) as Record<string, unknown>;
}

/** The `<testsuite>` elements, as parsed objects. */
function suites(xml: string): Record<string, unknown>[] {
  const root = parse(xml)['testsuites'] as Record<string, unknown>;
  const list = root['testsuite'];
  return (Array.isArray(list) ? list : [list]) as Record<string, unknown>[];
}

describe('renderJunit', () => {
  it('renders the fixture run (snapshot)', async () => {
    await expect(renderJunit(fixtureRun())).toMatchFileSnapshot('__snapshots__/fixture-junit.xml');
  });

  it('has one testsuite per target and suite, plus load', () => {
    const names = suites(renderJunit(fixtureRun())).map((suite) => suite['@name']);
    expect(names).toEqual(['dist/push', 'dist/delete', 'dist/load', 'zot/push', 'zot/delete', 'zot/load']);
  });

  it('writes no testsuite without a testcase: a suite filtered to no checks is left out', () => {
    const run = fixtureRun();
    run.targets[0] = { ...run.targets[0]!, suites: run.targets[0]!.suites.map((suite, index) => (index === 0 ? { ...suite, checks: [] } : suite)) };
    for (const suite of suites(renderJunit(run))) {
      expect(suite['testcase'], String(suite['@name'])).toBeDefined();
      expect(Number(suite['@tests']), String(suite['@name'])).toBeGreaterThan(0);
    }
  });

  it('carries the run properties (version, run id, redacted config) on every suite', () => {
    const run = fixtureRun();
    for (const suite of suites(renderJunit(run))) {
      const props = (suite['properties'] as { property: { '@name': string; '@value': string }[] }).property;
      const byName = new Map(props.map((p) => [p['@name'], p['@value']]));
      expect(byName.get('run.id'), String(suite['@name'])).toBe(run.runId);
      expect(byName.get('target.url'), String(suite['@name'])).toBeDefined();
      expect([...byName.keys()].some((name) => name.startsWith('config.')), String(suite['@name'])).toBe(true);
    }
  });

  it('maps statuses: failed → failure, errored → error, skipped/disabled → skipped, warned → system-out', () => {
    const xml = renderJunit(fixtureRun());
    const [distPush, distDelete, distLoad, zotPush, zotDelete] = suites(xml);
    expect(distPush!['@failures']).toBe('1');
    expect(distPush!['@skipped']).toBe('1');
    expect(distDelete!['@skipped']).toBe('1');
    expect(zotDelete!['@errors']).toBe('1');
    expect(zotPush!['@failures']).toBe('0');
    expect(distLoad!['@failures']).toBe('1');
    expect(xml).toContain('<failure message="expected 201, got 202" type="MUST">');
    expect(xml).toContain('<error message="connection reset" type="OCI_NETWORK">');
    expect(xml).toContain('<skipped message="disabled: deletes turned off by config"/>');
    expect(xml).toContain('<system-out>warning (SHOULD): no OCI-Chunk-Min-Length header');
    expect(xml).toContain('<failure message="threshold crossed: latency.p99 &lt;30ms" type="threshold">');
    expect(xml).toContain('<property name="config.targets.0.password" value="REDACTED"/>');
  });

  it('stays valid XML with hostile registry text, which round-trips as text', () => {
    const xml = renderJunit(hostileRun());
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<img');
    const distPush = suites(xml)[0]!;
    const cases = distPush['testcase'] as Record<string, unknown>[];
    const failed = cases.find((c) => String(c['@name']).startsWith('push/blob-single-post'))!;
    const failure = failed['failure'] as Record<string, unknown>;
    // The object form keeps entities as written: the attribute is the escaped hostile text, nothing else.
    expect(failure['@message']).toBe(escapeSvg(stripInvalidXmlChars(HOSTILE)).replace(/&#39;/g, "'"));
    expect(String(failure['#'])).toContain(']]&gt;');
  });

  it('lists an unreachable target as an errored testcase', () => {
    const run = fixtureRun();
    run.targets[1] = { ...run.targets[1]!, suites: [], scenarios: [], error: 'cannot reach http://127.0.0.1:9: ECONNREFUSED' };
    const xml = renderJunit(run);
    expect(xml).toContain('<testsuite name="zot/reachability"');
    expect(xml).toContain('<error message="cannot reach http://127.0.0.1:9: ECONNREFUSED" type="unreachable">');
  });
});
