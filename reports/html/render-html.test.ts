import { describe, expect, it } from 'vitest';
import { fixtureRun, hostileRun } from '../test-support/fixture-run.js';
import { renderHtml } from './render-html.js';

describe('renderHtml', () => {
  it('renders the fixture run to a stable page', async () => {
    const html = renderHtml(fixtureRun());
    expect(html).toContain('<title>regatta conformance report: dist vs zot</title>');
    await expect(html).toMatchFileSnapshot('__snapshots__/fixture-report.html');
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
});
