import { z } from 'zod';

/**
 * The distribution-spec version a run grades against (`--spec-version`): `1.0` (v1.0.x: no referrers, no subject),
 * `1.1` (v1.1.x, the newest release) or `main` (the unreleased main branch, where e.g. `Docker-Content-Digest` on
 * GET/HEAD becomes MUST). Levels and the statements checks cite move with it.
 */
export const specVersionSchema = z.enum(['1.0', '1.1', 'main'], { error: 'must be 1.0, 1.1 or main' });

/** See {@link specVersionSchema}. */
export type SpecVersion = z.infer<typeof specVersionSchema>;

/** Every spec version, oldest first. */
export const specVersions: readonly SpecVersion[] = specVersionSchema.options;

/** The newest released version: what a vendor is judged by unless told otherwise. */
export const defaultSpecVersion: SpecVersion = '1.1';

/** True when `version` is `since` or newer. */
export function isAtLeast(version: SpecVersion, since: SpecVersion): boolean {
  return specVersions.indexOf(version) >= specVersions.indexOf(since);
}

/**
 * How checks are graded (`--grading`): `spec` by the spec's own keywords alone; `strict` also grades MUST the rules
 * regatta holds that the spec only implies or states as SHOULD (regatta's own profile, marked as such in reports).
 */
export const gradingModeSchema = z.enum(['spec', 'strict'], { error: 'must be spec or strict' });


/** RFC 2119 keyword of a normative statement. */
export const keywordSchema = z.enum(['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY']);

/** See {@link keywordSchema}. */
export type Keyword = z.infer<typeof keywordSchema>;

/** The normative statement a check enforced, as cited in its result. */
export const citedStatementSchema = z
  .object({
    keyword: keywordSchema.describe('Requirement keyword of the statement: MUST, MUST NOT, SHOULD, SHOULD NOT or MAY'),
    url: z.string().describe('Link to the spec section holding the statement, at the spec version of the run (URL)'),
    says: z.string().describe("The statement, in the spec's words (text)"),
  })
  .describe('The normative statement the check enforces, at the run\'s spec version');

/** See {@link citedStatementSchema}. */
export type CitedStatement = z.infer<typeof citedStatementSchema>;
