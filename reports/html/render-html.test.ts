import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureRun, hostileRun } from '../test-support/fixture-run.js';
import { defaultTemplateDir, renderHtml } from './render-html.js';

describe('renderHtml', () => {
  it('renders the fixture run to a stable page', async () => {
    const html = renderHtml(fixtureRun());
    expect(html).toContain('<title>regatta conformance report: dist vs zot</title>');
    await expect(html).toMatchFileSnapshot('__snapshots__/fixture-report.html');
  });

  it('shows no Load section or link for a conformance-only run, and keeps both when scenarios ran', () => {
    const run = fixtureRun();
    const checksOnly = renderHtml({ ...run, targets: run.targets.map((target) => ({ ...target, scenarios: [] })) });
    expect(checksOnly).not.toContain('id="load"');
    expect(checksOnly).not.toContain('href="#load"');
    expect(checksOnly).not.toContain('No load scenarios');
    const both = renderHtml(run);
    expect(both).toContain('id="load"');
    expect(both).toContain('href="#load"');
  });

  it('never lets registry text become markup', () => {
    const html = renderHtml(hostileRun());
    // Our one script block only; everything the registry said appears escaped.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/onerror=alert/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
    expect(['\u0000', '\u0001', '\u0008', '\u000b', '\u001b'].filter((c) => html.includes(c))).toEqual([]);
  });

  it('uses triple-stash only for our own assets and chart SVG, and no helpers beyond #each/#if', () => {
    const dir = defaultTemplateDir();
    const files = ['report.hbs', ...readdirSync(join(dir, 'partials')).map((name) => join('partials', name))];
    const text = files.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
    expect([...text.matchAll(/\{\{\{\s*([^}]+?)\s*\}\}\}/g)].map((m) => m[1]).sort()).toEqual(['assets.css', 'assets.js', 'svg']);
    const blocks = new Set([...text.matchAll(/\{\{[#/]\s*([a-z]+)/g)].map((m) => m[1]));
    expect([...blocks].sort()).toEqual(['each', 'if']);
  });

  it('renders an empty, interrupted run', () => {
    const run = { ...fixtureRun(), targets: [], interrupted: true };
    const html = renderHtml(run);
    expect(html).toContain('This run was interrupted: the results are partial.');
    // Nothing ran: no empty conformance sections, just the (empty) load section.
    expect(html).not.toContain('id="conformance"');
    expect(html).toContain('No load scenarios in this run.');
  });
});
