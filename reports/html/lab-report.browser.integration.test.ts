import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/package/package-root.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import { startLab, type Lab } from '../../src/lab/start-lab.js';
import { requireLabComponent } from '../../src/lab/test-support/require-lab-component.js';
import { suites } from '../../suites/index.js';
import { writeReports } from '../write-reports.js';
import { saveScreenshot, visibleLeafStatuses } from './test-support/browser-page.js';

const CHROMIUM = '/usr/bin/chromium';
const screenshotDir = join(findPackageRoot(), 'results', 'screenshots');
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/**
 * The report of a real conformance run over two lab registries (distribution v3 and zot), opened in Debian's
 * chromium: no console errors, a non-passing check expands to its transcript, the status filter works, and
 * screenshots at desktop and phone width land in results/screenshots/.
 */
describe('report of a real run over two lab registries', () => {
  it('renders, expands, filters and fits desktop and phone', async (context) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env['CI'] === 'true') {
        throw new Error(`${CHROMIUM} is missing: the lab installer must add Debian's chromium package in CI`);
      }
      context.skip(`${CHROMIUM} is not installed (apt-get install -y chromium)`);
    }
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'zot');
    const lab: Lab = await startLab({ registries: ['distribution-3', 'zot'] });
    cleanups.push(() => lab.stop());
    const run = await runConformance({
      targets: lab.targets.map((t) => ({
        name: t.name,
        url: t.url,
        namespace: 'regatta-it',
        credentials: { kind: 'anonymous' as const },
        tls: { insecure: false },
        requestTimeoutMs: 10_000,
      })),
      suites,
      runId: 'labreport',
    });
    const dir = await mkdtemp(join(tmpdir(), 'regatta-lab-report-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeReports(run, dir);
    await mkdir(screenshotDir, { recursive: true });

    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    cleanups.push(() => browser.close());
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') {
          problems.push(message.text());
        }
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      const name = `lab-run-${width === 1280 ? 'desktop-1280' : 'phone-390'}`;
      await page.screenshot({ path: join(screenshotDir, `${name}-top.png`) });
      await saveScreenshot(page, join(screenshotDir, `${name}.png`));

      // Prefer a real failure; a registry that fails nothing still has warnings or skips to expand.
      const failed = page.locator('.leaf details.failure.st-failed').first();
      const failure = (await failed.count()) > 0 ? failed : page.locator('.leaf details.failure').first();
      if ((await failure.count()) > 0) {
        const status = (await failure.getAttribute('class'))?.split(' ').find((c) => c.startsWith('st-'))?.slice(3) ?? '';
        await page.selectOption('#filter-status', status);
        await failure.locator('summary').click();
        expect(await failure.evaluate((el: unknown) => (el as { open: boolean }).open)).toBe(true);
        const statuses = await visibleLeafStatuses(page);
        expect(statuses.length).toBeGreaterThan(0);
        for (const statusesOfLeaf of statuses) {
          expect(statusesOfLeaf?.split(' ')).toContain(status);
        }
        await saveScreenshot(page, join(screenshotDir, `${name}-filtered.png`));
      }
      expect(await page.locator('.tree .leaf').count()).toBeGreaterThan(100);
      expect(problems).toEqual([]);
      await page.close();
    }
  });
});
