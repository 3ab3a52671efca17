import { appendFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Comparison } from '../../src/compare/comparison.js';
import { renderBenchmarkActionExports, renderBencherBmf } from './benchmark-exports.js';
import { renderCompareHtml } from './render-compare-html.js';
import { renderCompareJunit } from './render-compare-junit.js';
import { renderCompareMarkdown, STEP_SUMMARY_LIMIT_BYTES } from './render-compare-markdown.js';

/** File names `regatta compare` writes into its output directory. */
export const COMPARE_FILES = {
  json: 'comparison.json',
  html: 'report.html',
  markdown: 'summary.md',
  junit: 'junit.xml',
  benchmarkBigger: 'benchmark-bigger-is-better.json',
  benchmarkSmaller: 'benchmark-smaller-is-better.json',
  bencher: 'bencher-bmf.json',
} as const;

/** JSON with non-finite numbers (an interval that could not be computed) as null. */
function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? null : item), 2)}\n`;
}

/**
 * Renders every compare output, then writes them into `outDir` (created if missing). Everything is rendered before
 * anything is written. Returns the paths written.
 */
export async function writeCompareReports(comparison: Comparison, outDir: string): Promise<string[]> {
  const exports = renderBenchmarkActionExports(comparison);
  const files: [string, string][] = [
    [COMPARE_FILES.json, toJson(comparison)],
    [COMPARE_FILES.html, renderCompareHtml(comparison)],
    [COMPARE_FILES.markdown, renderCompareMarkdown(comparison)],
    [COMPARE_FILES.junit, renderCompareJunit(comparison)],
    [COMPARE_FILES.benchmarkBigger, toJson(exports.bigger)],
    [COMPARE_FILES.benchmarkSmaller, toJson(exports.smaller)],
    [COMPARE_FILES.bencher, toJson(renderBencherBmf(comparison))],
  ];
  await mkdir(outDir, { recursive: true });
  // Each file is independent of the others; a reader finds either the old set or complete files.
  return Promise.all(files.map(async ([name, text]) => {
    const path = join(outDir, name);
    await writeFile(path, text, 'utf8');
    return path;
  }));
}

/** GitHub's limit on the whole step summary file. */
const GITHUB_SUMMARY_FILE_LIMIT_BYTES = 1024 * 1024;

/**
 * Appends the Markdown summary to the step summary file (`$GITHUB_STEP_SUMMARY`), cut so the file stays under
 * GitHub's 1 MiB whatever earlier steps wrote. Returns false when there was no room left at all.
 */
export async function appendStepSummary(comparison: Comparison, file: string): Promise<boolean> {
  const existing = await stat(file).then((info) => info.size, () => 0);
  const room = Math.min(STEP_SUMMARY_LIMIT_BYTES, GITHUB_SUMMARY_FILE_LIMIT_BYTES - existing - 1024);
  if (room < 1024) {
    return false;
  }
  await appendFile(file, renderCompareMarkdown(comparison, room), 'utf8');
  return true;
}
