import { create } from 'xmlbuilder2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/model/index.js';
import { runConformance } from '../src/conformance/run-conformance.js';
import { startFakeRegistry, type FakeRegistry } from '../src/conformance/test-support/fake-registry.js';
import { suites } from '../suites/index.js';
import { renderConsoleSummary } from './console/render-summary.js';
import { renderHtml } from './html/render-html.js';
import { renderJunit } from './junit/render-junit.js';
import { renderMarkdown } from './markdown/render-markdown.js';

/** What a malicious registry puts in headers, error messages and tag names. */
const EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{7*7}}]]>\u001b[31m|x|';
const EVIL_HEADER = EVIL.split('\u001b').join('');

/**
 * A real conformance run against a scripted registry that answers with HTML and JavaScript in its headers, error
 * bodies and tag names; every report format must carry that text inert.
 */
describe('reports of a run against a malicious registry', () => {
  let registry: FakeRegistry;
  let run: RunResult;

  beforeAll(async () => {
    registry = await startFakeRegistry({
      faults: {
        rewrite(response, ctx) {
          // Node refuses control characters in header values, so headers carry the markup without the ESC.
          response.headers['server'] = EVIL_HEADER;
          response.headers['x-evil'] = EVIL_HEADER;
          if (ctx.route === 'tags-list' && response.status === 200) {
            response.headers['content-type'] = 'application/json';
            response.body = Buffer.from(JSON.stringify({ name: ctx.repo, tags: [EVIL, 'latest'] }));
          }
          if (response.status >= 400) {
            response.headers['content-type'] = 'application/json';
            response.body = Buffer.from(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: EVIL, detail: EVIL }] }));
          }
        },
      },
    });
    run = await runConformance({
      targets: [{ name: 'evil', url: registry.url, namespace: 'ci', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 5000 }],
      suites,
      runId: 'evil0001',
      checkTimeoutMs: 10_000,
    });
  }, 120_000);

  afterAll(async () => {
    await registry?.close();
  });

  it('put the hostile text into the run (so the test means something)', () => {
    expect(run.targets[0]?.error).toBeUndefined();
    expect(JSON.stringify(run)).toContain('onerror=alert(2)');
  });

  it('HTML: no injected element, only our one script', () => {
    const html = renderHtml(run);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|onerror=alert/);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
  });

  it('JUnit: parses, and carries no markup', () => {
    const xml = renderJunit(run);
    expect(() => create(xml)).not.toThrow();
    expect(xml).not.toMatch(/<script|<img/);
    expect(xml).not.toContain('\u001b');
  });

  it('Markdown and console: escaped, no terminal escapes', () => {
    const md = renderMarkdown(run);
    expect(md).not.toMatch(/<script|<img/);
    expect(renderConsoleSummary(run)).not.toContain('\u001b');
  });
});
