/**
 * The result of `regatta compare`: what changed between a baseline and a candidate run, and which changes are
 * regressions. Every compare output (console, HTML, Markdown, JUnit, workflow commands, benchmark exports) is
 * rendered from it.
 */
import type { Interval } from './bootstrap-interval.js';

/** Kinds of conformance change, in the order reports list them (worst first). */
export const conformanceChangeKinds = [
  'newly-failed',
  'newly-errored',
  'newly-skipped',
  'newly-warned',
  'capability-lost',
  'check-added',
  'check-removed',
  'status-changed',
  'fixed',
  'capability-gained',
] as const;

/** One kind of conformance change. */
export type ConformanceChangeKind = (typeof conformanceChangeKinds)[number];

/** One check, scenario or capability whose outcome differs between the runs. */
export interface ConformanceChange {
  readonly target: string;
  readonly kind: ConformanceChangeKind;
  /** Full check id, `load/<scenario>` for a scenario's verdict, or the capability id. */
  readonly id: string;
  readonly title: string;
  /** Status (or capability support) in the baseline; `absent` when it was not there. */
  readonly baseline: string;
  readonly candidate: string;
  /** True when this change fails the gate. */
  readonly regression: boolean;
  /** Why: the candidate's failure message or skip reason. */
  readonly detail?: string;
  /** Reason given by an `--expect` entry that accepted this change (it then is no regression). */
  readonly accepted?: string;
}

/** A load metric and the direction in which it is better. */
export interface MetricDefinition {
  readonly name: LoadMetricName;
  readonly label: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  /** `ratio` of means with a threshold in percent, or `difference` of rates with a threshold in percentage points. */
  readonly contrast: 'ratio' | 'difference';
}

/** Metric names, as used by `--threshold NAME=VALUE`. */
export type LoadMetricName = 'mbps' | 'opsPerSec' | 'p50' | 'p95' | 'p99' | 'errorRate' | 'throttleRate';

/** Verdict on one metric. */
export type MetricVerdict = 'regression' | 'improvement' | 'no-significant-change' | 'not-judged';

/** One metric of one scenario (or one of its operations) compared over trials. */
export interface MetricComparison {
  readonly target: string;
  readonly scenario: string;
  /** Operation id, or undefined for the scenario as a whole. */
  readonly operation?: string;
  readonly metric: MetricDefinition;
  readonly baselineTrials: readonly number[];
  readonly candidateTrials: readonly number[];
  readonly baselineMean: number;
  readonly candidateMean: number;
  /** candidate/baseline (ratio) or candidate − baseline (difference) of the means. */
  readonly estimate: number;
  /** 95 % bootstrap interval of that contrast. */
  readonly interval: Interval;
  /** Worse-than threshold: percent for ratios, percentage points for rates. */
  readonly threshold: number;
  readonly verdict: MetricVerdict;
  /** Why it was not judged. */
  readonly note?: string;
}

/** One setting whose value differs between the two runs' fingerprints. */
export interface FingerprintMismatch {
  readonly target: string;
  readonly scenario: string;
  readonly setting: string;
  readonly baseline: string;
  readonly candidate: string;
}

/** What a report says about each run. */
export interface ComparedRun {
  readonly path: string;
  readonly runId: string;
  readonly kind: string;
  readonly startedAt: string;
  readonly regattaVersion: string;
  readonly hostname: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A target present in both runs, with what each run saw of it. */
export interface ComparedTarget {
  readonly name: string;
  readonly baseline: TargetSide;
  readonly candidate: TargetSide;
}

/** One run's view of a target. */
export interface TargetSide {
  readonly url: string;
  readonly product?: string;
  readonly status: string;
  readonly checks: number;
  /** Round trip to /v2/ before the bench, in ms, when measured. */
  readonly roundTrip?: { readonly connectMs: number; readonly tlsMs?: number; readonly firstByteMs: number; readonly totalMs: number };
}

/** The whole comparison. */
export interface Comparison {
  readonly baseline: ComparedRun;
  readonly candidate: ComparedRun;
  readonly targets: readonly ComparedTarget[];
  readonly conformance: readonly ConformanceChange[];
  readonly load: readonly MetricComparison[];
  /** Differing fingerprint settings; non-empty only with `--allow-mismatch` (else compare refuses). */
  readonly mismatches: readonly FingerprintMismatch[];
  /** The fail-on level: `failed` (default) or `warned` (newly warned checks are regressions too). */
  readonly failOn: 'failed' | 'warned';
  /** Fewest trials a side needs for its load figures to be judged. */
  readonly minTrials: number;
  /** One line per regression, for the exit message and the workflow commands. */
  readonly regressions: readonly string[];
  /** Things the user must know that are not regressions (unused --expect entries, figures not judged). */
  readonly notices: readonly string[];
}
