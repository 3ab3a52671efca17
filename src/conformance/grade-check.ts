/**
 * How a check is graded at a spec version and profile: its level, the normative statement it cites, whether the
 * version has the behaviour at all, and regatta's own `strict` profile. A check states this once, in its definition
 * (`statement`, `since`, `versions`, `strict`); the runner grades it here, and the result carries the outcome.
 */
import type { CitedStatement, Keyword, Level, SpecVersion } from '../model/index.js';
import { defaultSpecVersion, isAtLeast } from '../model/spec-version.js';
import { specSectionLink, type SpecSection } from '../oci/spec-document.js';
import type { CheckDefinition } from './define-suite.js';

/** A normative statement of the distribution spec: where it is, its keyword and its words. */
export interface SpecStatement {
  /** Heading anchor of the spec section that holds it, e.g. `pulling-manifests`. */
  readonly section: SpecSection;
  /** Its RFC 2119 keyword, as the spec writes it for the registry (not for clients). */
  readonly keyword: Keyword;
  /** The statement in the spec's words, shortened with `…` where needed. */
  readonly says: string;
}

/** How a check differs at one spec version from its default grading (the default spec version's). */
export interface VersionGrade {
  readonly level: Level;
  /** The statement at that version. @default the check's `statement` */
  readonly statement?: SpecStatement;
}

/** What a check declares about its grading. */
export type GradedDefinition = Pick<CheckDefinition, 'level' | 'statement' | 'since' | 'versions' | 'strict'>;

/** What a run grades against: `--spec-version` and `--grading`. */
export interface Grading {
  readonly specVersion: SpecVersion;
  /** regatta's strict profile (`--grading strict`): checks with a `strict` reason are graded MUST. */
  readonly strict: boolean;
}

/** The spec's newest release, without regatta's strict profile. */
export const defaultGrading: Grading = { specVersion: defaultSpecVersion, strict: false };

/** A check graded for a run. */
export interface CheckGrade {
  readonly level: Level;
  /** The statement the check cites at the run's version, with its link. */
  readonly statement?: CitedStatement;
  /** Set when regatta's strict profile raised the level to MUST: the check's reason. */
  readonly strict?: string;
  /** Set when the run's spec version does not have the behaviour: why the check is skipped. */
  readonly absent?: string;
}

/** The requirement level a keyword puts on the registry. */
export function levelOfKeyword(keyword: Keyword): Level {
  return keyword === 'MUST' || keyword === 'MUST NOT' ? 'MUST' : keyword === 'MAY' ? 'MAY' : 'SHOULD';
}

/** The level and statement a check declares for a version, before regatta's strict profile. */
export function declaredAt(check: GradedDefinition, version: SpecVersion): { readonly level: Level; readonly statement?: SpecStatement } {
  const override = check.versions?.[version];
  const statement = override?.statement ?? check.statement;
  return { level: override?.level ?? check.level, ...(statement === undefined ? {} : { statement }) };
}

/** Grades a check for a run: its level at the spec version, its cited statement, strict and absence. */
export function gradeCheck(check: GradedDefinition, grading: Grading = defaultGrading): CheckGrade {
  const version = grading.specVersion;
  const declared = declaredAt(check, version);
  const statement: CitedStatement | undefined =
    declared.statement === undefined
      ? undefined
      : { keyword: declared.statement.keyword, url: specSectionLink(version, declared.statement.section), says: declared.statement.says };
  const raised = grading.strict && check.strict !== undefined && declared.level !== 'MUST';
  return {
    level: raised ? 'MUST' : declared.level,
    ...(statement === undefined ? {} : { statement }),
    ...(raised ? { strict: check.strict } : {}),
    ...(check.since !== undefined && !isAtLeast(version, check.since)
      ? { absent: `not in distribution-spec ${version}: the behaviour was introduced in ${check.since}` }
      : {}),
  };
}
