import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../src/model/index.js';
import { renderHtml } from './html/render-html.js';
import { runResultJsonSchema } from './json/run-result-json-schema.js';
import { serializeRunResult } from './json/serialize-run-result.js';
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

/**
 * Renders every format and writes them into `outDir` (created if missing): results.json (validated), its JSON Schema,
 * junit.xml, report.html and summary.md. Everything is rendered before anything is written, so a rendering bug
 * leaves no half-written set. Returns the paths written, results.json first.
 */
export async function writeReports(run: RunResult, outDir: string): Promise<string[]> {
  const files: [string, string][] = [
    [REPORT_FILES.json, serializeRunResult(run)],
    [REPORT_FILES.jsonSchema, runResultJsonSchema()],
    [REPORT_FILES.junit, renderJunit(run)],
    [REPORT_FILES.html, renderHtml(run)],
    [REPORT_FILES.markdown, renderMarkdown(run)],
  ];
  await mkdir(outDir, { recursive: true });
  const paths: string[] = [];
  for (const [name, text] of files) {
    const path = join(outDir, name);
    await writeFile(path, text, 'utf8');
    paths.push(path);
  }
  return paths;
}
