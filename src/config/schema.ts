/**
 * The run configuration schema: the single source of config types (`z.infer`), defaults (`.default()`) and help
 * text (`.describe()`, reused by the CLI flag tables), over the target (target-schema.ts) and load (load-schema.ts)
 * parts. Objects are strict so a typo is an error, not a silent no-op; coerce.ts turns flag and env strings into values.
 */
import { z } from 'zod';
import { defaultCheckConcurrency } from './check-concurrency.js';
import { booleanLike, kebabCasePattern, positiveInteger } from './coerce.js';
import { loadSchema } from './load-schema.js';
import { defaultSpecVersion, gradingModeSchema, specVersionSchema } from '../model/spec-version.js';
import { targetSchema } from './target-schema.js';

/** Id prefixes from repeated flags, comma lists (`ping,tags`) or a config list; blanks dropped. */
const idList = z.preprocess(
  (value: unknown): unknown => {
    const items: unknown = typeof value === 'string' ? [value] : value;
    return Array.isArray(items)
      ? (items as unknown[]).flatMap((item): unknown[] =>
          typeof item === 'string' ? item.split(',').map((part) => part.trim()).filter((part) => part !== '') : [item],
        )
      : items;
  },
  z.array(z.string().min(1), { error: 'must be a list of id prefixes' }),
);

/** `--label key=value` (repeatable) or a config map; a key is a short identifier, the value any text. */
const runLabels = z.preprocess(
  (value: unknown): unknown => {
    const items: unknown = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(items)) {
      return items;
    }
    const labels: Record<string, unknown> = {};
    for (const item of items as unknown[]) {
      const text = typeof item === 'string' ? item : '';
      const equals = text.indexOf('=');
      // A malformed pair keeps its text as the key, so the key check below names it.
      labels[equals <= 0 ? `${text} (not key=value)` : text.slice(0, equals).trim()] = equals <= 0 ? '' : text.slice(equals + 1);
    }
    return labels;
  },
  z.record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'must be key=value with a key of letters, digits, dot, dash or underscore'),
    z.string().max(200, 'must be at most 200 characters'),
    { error: 'must be key=value pairs' },
  ),
);

/** Said when no layer named a target. */
const noTargetMessage =
  'no target: pass --target URL (or NAME=URL), set OCI_ROOT_URL, or list targets in the config file';

/** The whole run configuration: defaults < config file < env < flags, validated once. */
export const runConfigSchema = z
  .strictObject({
    targets: z
      .array(targetSchema, {
        error: (issue) => (issue.input === undefined ? noTargetMessage : 'must be a list of targets'),
      })
      .min(1, noTargetMessage)
      .describe('registries to check'),
    suites: idList.default([]).describe('run only suites whose id starts with one of these (repeat or comma-separate)'),
    checks: idList.default([]).describe('run only checks whose full id starts with one of these (repeat or comma-separate)'),
    expect: z
      .string()
      .min(1)
      .optional()
      .describe('expectation profile for every target (overrides targets[].expect): a shipped name or a YAML/JSON file, or several joined by commas (gar,zot)'),
    failOn: z
      .enum(['failed', 'warned'], { error: 'must be failed or warned' })
      .default('failed')
      .describe('lowest check status that fails the run (exit 1): failed, or warned to fail on SHOULD misses too'),
    // YAML reads an unquoted 1.0 as the number 1: take it as the version it was written as.
    specVersion: z
      .preprocess((value: unknown): unknown => (typeof value === 'number' ? value.toFixed(1) : value), specVersionSchema)
      .default(defaultSpecVersion)
      .describe('distribution-spec version the checks are graded against: 1.0, 1.1 (the newest release) or main (unreleased); levels move with it'),
    grading: gradingModeSchema
      .default('spec')
      .describe("spec: grade by the spec's keywords alone; strict: regatta's strict profile also grades MUST the rules the spec only implies (marked strict in reports)"),
    out: z.string().min(1).optional().describe('directory for results.json and reports (default: results/<timestamp>)'),
    keep: booleanLike.default(false).describe('leave everything the run pushed in the registry'),
    runId: z
      .string()
      .regex(kebabCasePattern, 'must be kebab-case: lowercase letters, digits and single dashes')
      .max(32, 'must be at most 32 characters')
      .optional()
      .describe('id of this run, used in the namespace regatta-<runId> (default: generated)'),
    concurrency: positiveInteger('checks at once')
      .default(defaultCheckConcurrency)
      .describe('most checks run at once on a target; 1 runs them one after another (verdicts do not change)'),
    labels: runLabels.default({}).describe('key=value labels recorded with the run and shown in reports and comparisons: region, instance type, registry SKU (repeatable)'),
    load: loadSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const firstIndexByName = new Map<string, number>();
    config.targets.forEach((target, index) => {
      const first = firstIndexByName.get(target.name);
      if (first === undefined) {
        firstIndexByName.set(target.name, index);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'name'],
          message: `duplicate target name "${target.name}" (also used by targets[${first}]); names must be unique`,
        });
      }
    });
  });

/** The validated run configuration (defaults applied). */
export type RunConfig = z.output<typeof runConfigSchema>;
