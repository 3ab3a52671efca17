/** Helpers of the browser tests of the HTML report (Playwright driving Debian's chromium). */
import type { Page } from 'playwright-core';

/**
 * Tallest screenshot kept, in CSS pixels. A real run's report is 80,000-140,000 px tall: full-page captures of it took
 * 7-17 s each (most of the browser tests' time) and made 10-26 MB images nobody scrolls through. The first 6,000 px
 * show the overview and the first suites, which is what a reviewer looks at.
 */
const maxScreenshotHeight = 6000;

/**
 * Saves the page from its top down to its end or {@link maxScreenshotHeight}, whichever comes first, as a full-page
 * capture would. The viewport is made that tall and scrolled to the top for the capture, then both are restored: a
 * full-page capture clipped to the same height was not faster (14.6 s for one filtered report).
 */
export async function saveScreenshot(page: Page, path: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  // String expressions: this project's TypeScript has no DOM types.
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  const scrolledTo = Number(await page.evaluate('window.scrollY'));
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.min(height, maxScreenshotHeight)) });
  try {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path });
  } finally {
    await page.setViewportSize(viewport);
    await page.evaluate(`window.scrollTo(0, ${scrolledTo})`);
  }
}

/**
 * The `data-statuses` of every visible check leaf of the report's tree, read in one round trip to the browser (one
 * `getAttribute` per leaf took ~3 s for a real run's ~120 leaves).
 */
export function visibleLeafStatuses(page: Page): Promise<(string | null)[]> {
  return page
    .locator('.tree .leaf:visible')
    .evaluateAll((leaves: unknown[]) => leaves.map((leaf) => (leaf as { getAttribute(name: string): string | null }).getAttribute('data-statuses')));
}
