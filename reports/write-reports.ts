import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactOutgoing } from '../src/client/redact-outgoing.js';
import type { RunResult } from '../src/model/index.js';
import { renderHtml } from './html/render-html.js';
import { runResultJsonSchema } from './json/run-result-json-schema.js';
import { serializeRunResult } from './json/serialize-run-result.js';
import { writeFileAtomic } from './json/write-file-atomic.js';
import { renderJunit } from './junit/render-junit.js';
import { renderMarkdown } from './markdown/render-markdown.js';

/** File names written into the output directory. */
export const REPORT_FILES = {
  json: 'results.json',
  jsonSchema: 'results.schema.json',
  junit: 'junit.xml',
  html: 'report.html',
  markdown: 'summary.md',
} as const;

/** One report file rendered from the run (after results.json). */
export interface ReportRenderer {
  readonly file: string;
  readonly render: (run: RunResult) => string;
}

/** The reports written after results.json, in order. */
export const reportRenderers: readonly ReportRenderer[] = [
  { file: REPORT_FILES.jsonSchema, render: () => runResultJsonSchema() },
  { file: REPORT_FILES.junit, render: renderJunit },
  { file: REPORT_FILES.html, render: renderHtml },
  { file: REPORT_FILES.markdown, render: renderMarkdown },
];

/**
 * Writes every report into `outDir` (created if missing): results.json (validated) first, then its JSON Schema,
 * junit.xml, report.html and summary.md. Reports are never all-or-nothing: results.json is on disk before any other
 * renderer runs, and one renderer failing does not stop the others; the failures are thrown together at the end,
 * naming each file. An invalid run (a harness bug) writes nothing. Every renderer sees the run only after
 * {@link redactOutgoing}: no upload state, signed URL, token or password reaches a file. Returns the paths written,
 * results.json first.
 */
export async function writeReports(
  unredacted: RunResult,
  outDir: string,
  renderers: readonly ReportRenderer[] = reportRenderers,
): Promise<string[]> {
  const run = redactOutgoing(unredacted);
  const json = serializeRunResult(run);
  await mkdir(outDir, { recursive: true });
  const jsonPath = join(outDir, REPORT_FILES.json);
  // Atomic: results.json may already hold the run's last checkpoint, and a reader never sees half of the final one.
  await writeFileAtomic(jsonPath, json);
  const paths = [jsonPath];
  const failures: string[] = [];
  for (const renderer of renderers) {
    try {
      const path = join(outDir, renderer.file);
      await writeFile(path, renderer.render(run), 'utf8');
      paths.push(path);
    } catch (error) {
      failures.push(`${renderer.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`could not write ${failures.join('; ')} (${paths.join(', ')} written)`);
  }
  return paths;
}
