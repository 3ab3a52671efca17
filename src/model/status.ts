import { z } from 'zod';

/**
 * Outcome of a check, suite, scenario, target or run.
 * - `passed`: the rule held; `warned`: a SHOULD was missed; `failed`: a MUST was missed (the registry broke the spec);
 * - `errored`: the harness or the network broke (never blamed on the registry);
 * - `skipped`: not run, with a reason (capability absent, dependency failed); `disabled`: turned off by config;
 * - `known`: failed or warned, but listed as a documented deviation by the target's expectation profile (with a
 *   reason, a public source and an expiry): reported apart and does not fail the gate.
 */
export const statusSchema = z.enum(['disabled', 'skipped', 'passed', 'known', 'warned', 'failed', 'errored']);

/** See {@link statusSchema}. */
export type Status = z.infer<typeof statusSchema>;

/** Severity rank: higher is worse. A parent takes the worst status of its children. */
const severity: Readonly<Record<Status, number>> = {
  disabled: 0,
  skipped: 1,
  passed: 2,
  // Worse than passed (the registry deviates) but better than a warning nobody has accepted yet.
  known: 3,
  warned: 4,
  failed: 5,
  errored: 6,
};

/**
 * The worst of several statuses; `skipped` for an empty list (nothing ran).
 * @example worst(['passed', 'warned', 'skipped']) === 'warned'
 */
export function worst(statuses: Iterable<Status>): Status {
  let result: Status | undefined;
  for (const status of statuses) {
    if (result === undefined || severity[status] > severity[result]) {
      result = status;
    }
  }
  return result ?? 'skipped';
}

/** Requirement level of a check: a MUST miss fails, a SHOULD miss warns, a MAY is a capability. */
export const levelSchema = z.enum(['MUST', 'SHOULD', 'MAY']);

/** See {@link levelSchema}. */
export type Level = z.infer<typeof levelSchema>;
