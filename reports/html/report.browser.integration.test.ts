import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/package/package-root.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import { startFakeRegistry, type FakeRegistry } from '../../src/conformance/test-support/fake-registry.js';
import type { ResolvedTarget } from '../../src/config/target.js';
import { suites } from '../../suites/index.js';
import { fixtureRun, hostileRun } from '../test-support/fixture-run.js';
import { renderHtml } from './render-html.js';
import { saveScreenshot, visibleLeafStatuses } from './test-support/browser-page.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env['CI'] === 'true') {
    throw new Error(`${CHROMIUM} is missing: the lab installer must add Debian's chromium package in CI`);
  }
  console.log(`report.browser.integration: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`);
}

const screenshotDir = join(findPackageRoot(), 'results', 'screenshots');

describe.runIf(available)('HTML report in a real browser', () => {
  let browser: Browser;
  let dir: string;
  let reportUrl: string;
  let hostileUrl: string;
  let realUrl: string;
  const registries: FakeRegistry[] = [];

  /** A target on a local scripted registry. */
  function target(name: string, url: string): ResolvedTarget {
    return { name, url, namespace: 'ci', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 5000 };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regatta-report-browser-'));
    await writeFile(join(dir, 'report.html'), renderHtml(fixtureRun()));
    await writeFile(join(dir, 'hostile.html'), renderHtml(hostileRun()));
    reportUrl = pathToFileURL(join(dir, 'report.html')).href;
    hostileUrl = pathToFileURL(join(dir, 'hostile.html')).href;
    // A real run of every suite over two local registries: one conformant, one with optional APIs off and one MUST
    // rule broken (manifest PUT answers 202 instead of 201), so the report has real failures, skips and transcripts.
    registries.push(
      await startFakeRegistry(),
      await startFakeRegistry({
        deletes: false,
        singlePost: false,
        mount: false,
        faults: {
          rewrite(response, ctx) {
            if (ctx.route === 'manifest-put' && response.status === 201) {
              response.status = 202;
            }
          },
        },
      }),
    );
    const real = await runConformance({
      targets: [target('conformant', registries[0]!.url), target('restricted', registries[1]!.url)],
      suites,
      runId: 'browser01',
    });
    await writeFile(join(dir, 'real.html'), renderHtml(real));
    realUrl = pathToFileURL(join(dir, 'real.html')).href;
    await mkdir(screenshotDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    for (const registry of registries) {
      await registry.close();
    }
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens a page at a width and collects console errors, page errors and dialogs (an alert means injection). */
  async function open(url: string, width: number): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') {
        problems.push(`console: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) {
        problems.push(`network: ${request.url()}`);
      }
    });
    await page.goto(url);
    return { page, problems };
  }

  /** Whether a `<details>` is open (no DOM types in this project: the element is typed structurally). */
  function isOpen(details: Locator): Promise<boolean> {
    return details.evaluate((el: unknown) => (el as { open: boolean }).open);
  }

  /** `data-id` of every check row currently visible. */
  async function visibleIds(page: Page): Promise<(string | null)[]> {
    const ids: (string | null)[] = [];
    for (const leaf of await page.locator('.tree .leaf:visible').all()) {
      ids.push(await leaf.getAttribute('data-id'));
    }
    return ids;
  }

  it('loads without errors, expands a failure, filters by status and searches by id (desktop 1280)', async () => {
    const { page, problems } = await open(reportUrl, 1280);
    await saveScreenshot(page, join(screenshotDir, 'report-desktop-1280.png'));

    const failure = page.locator('.leaf[data-id="push/blob-single-post"] details.failure').first();
    await expect.poll(() => isOpen(failure)).toBe(false);
    await failure.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => isOpen(failure)).toBe(true);
    expect(await failure.locator('pre.transcript').innerText()).toContain('PUT http://127.0.0.1:5000/v2/regatta-fixture');
    await saveScreenshot(page, join(screenshotDir, 'report-desktop-1280-failure.png'));

    await page.selectOption('#filter-status', 'failed');
    expect(await visibleIds(page)).toEqual(['push/blob-single-post']);
    expect(await page.locator('#filter-count').innerText()).toBe('1 of 6 checks shown');
    // A known deviation is a status of its own in the filter.
    await page.selectOption('#filter-status', 'known');
    expect(await page.locator('#filter-count').innerText()).toBe('1 of 6 checks shown');

    await page.selectOption('#filter-status', '');
    await page.fill('#filter-search', 'delete/');
    expect(await visibleIds(page)).toEqual(['delete/manifest-by-digest']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('fits a phone (390) without horizontal scrolling of the page', async () => {
    const { page, problems } = await open(reportUrl, 390);
    await saveScreenshot(page, join(screenshotDir, 'report-phone-390.png'));
    // A string expression: the project has no DOM types, and this runs in the page.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows every column of the load tables at desktop width (1280) without a horizontal scroll', async () => {
    const { page, problems } = await open(reportUrl, 1280);
    // A string expression (no DOM types here): how far each load table's box overflows, in pixels.
    const overflows = await page.evaluate<number[]>(
      "[...document.querySelectorAll('#load .scroll')].map((box) => box.scrollWidth - box.clientWidth)",
    );
    expect(overflows.length).toBeGreaterThan(0);
    expect(overflows.filter((px) => px > 0)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a real two-registry run: failures expand, the failed filter keeps only failing checks', async () => {
    for (const width of [1280, 390]) {
      const { page, problems } = await open(realUrl, width);
      const name = `real-run-${width === 1280 ? 'desktop-1280' : 'phone-390'}`;
      // The first screen (what a reader sees without scrolling) and the whole page.
      await page.screenshot({ path: join(screenshotDir, `${name}-top.png`) });
      await saveScreenshot(page, join(screenshotDir, `${name}.png`));
      const failure = page.locator('.leaf details.failure.st-failed').first();
      await failure.locator('summary').click();
      expect(await isOpen(failure)).toBe(true);
      expect(await failure.locator('pre.transcript').innerText()).toMatch(/^> (HEAD|GET|PUT|POST|PATCH|DELETE) http:\/\/127\.0\.0\.1:/);
      await page.selectOption('#filter-status', 'failed');
      const statuses = await visibleLeafStatuses(page);
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.filter((s) => !(s ?? '').split(' ').includes('failed'))).toEqual([]);
      if (width === 1280) {
        await saveScreenshot(page, join(screenshotDir, 'real-run-desktop-1280-failed-filter.png'));
      }
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('prints with every failure expanded', async () => {
    const { page, problems } = await open(reportUrl, 1280);
    await page.emulateMedia({ media: 'print' });
    const body = page.locator('.leaf[data-id="push/blob-single-post"] details.failure .failure-body').first();
    expect(await body.isVisible()).toBe(true);
    expect(await page.locator('.filters').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs no script from a hostile registry', async () => {
    const { page, problems } = await open(hostileUrl, 1280);
    for (const details of await page.locator('details').all()) {
      await details.evaluate((el: unknown) => {
        (el as { open: boolean }).open = true;
      });
    }
    await saveScreenshot(page, join(screenshotDir, 'report-hostile-1280.png'));
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
