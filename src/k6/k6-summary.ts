/**
 * k6's end-of-test summary, the object `handleSummary(data)` receives, as far as `regatta import k6` reads it: every
 * metric with its type and aggregated `values` (a Counter's `count` and `rate`, a Trend's `avg`/`min`/`med`/`max`/`p(N)`,
 * a Rate's `rate`/`passes`/`fails`), and `state.testRunDurationMs`; the exported script adds `regatta` (its settings,
 * run id, target and end time). Written from k6's documented summary format; other keys (`root_group`, `options`)
 * are allowed and ignored.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { k6SummaryLinePrefix } from './render-k6-script.js';

const metricSchema = z.object({
  type: z.enum(['counter', 'gauge', 'rate', 'trend']),
  contains: z.string().optional(),
  values: z.record(z.string(), z.number()),
});

/** The summary schema. */
export const k6SummarySchema = z.looseObject({
  metrics: z.record(z.string(), metricSchema),
  state: z.looseObject({ testRunDurationMs: z.number().nonnegative() }),
  regatta: z.object({
    format: z.literal(1),
    runId: z.string(),
    target: z.string(),
    endedAt: z.iso.datetime(),
    settings: z.looseObject({ regattaVersion: z.string(), scenario: z.looseObject({ id: z.string() }) }),
  }),
});

/** A parsed summary. */
export type K6Summary = z.infer<typeof k6SummarySchema>;

/** The JSON of a summary file: the whole file, or the last summary line of a runner's log. */
function summaryJson(text: string): string {
  if (text.trimStart().startsWith('{')) {
    return text;
  }
  const line = text
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(k6SummaryLinePrefix));
  return line === undefined ? text : line.slice(k6SummaryLinePrefix.length);
}

/** Reads a summary file or runner log. ConfigError (exit 2) naming the file and what is wrong. */
export async function readK6Summary(path: string): Promise<K6Summary> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new ConfigError(`cannot read k6 summary ${path}: ${(cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(cause)}`, [], { cause });
  });
  let data: unknown;
  try {
    data = JSON.parse(summaryJson(text));
  } catch (cause) {
    throw new ConfigError(`k6 summary ${path} is neither JSON nor a runner log with a "${k6SummaryLinePrefix.trim()}" line`, [], { cause });
  }
  const parsed = k6SummarySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` (${issue.path.map(String).join('.') || '(root)'}: ${issue.message})`;
    const hint = issue?.path[0] === 'regatta' ? '; it was not written by a script from `regatta k6 export`' : '';
    throw new ConfigError(`k6 summary ${path} cannot be imported${where}${hint}`, [], { cause: parsed.error });
  }
  return parsed.data;
}
