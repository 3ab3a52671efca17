/**
 * The precomputed view the HTML templates render. Every figure, label, percentage and CSS class is worked out here
 * (by `toHtmlView`) so that the templates hold no logic beyond `#each` and `#if` on booleans (STYLE 18).
 * Strings are raw: Handlebars escapes them. Fields named `svg` are our own chart markup (labels already escaped).
 */
export interface HtmlView {
  readonly title: string;
  readonly runId: string;
  readonly kind: string;
  readonly statusLabel: string;
  readonly statusClass: string;
  readonly startedAt: string;
  readonly durationLabel: string;
  readonly interrupted: boolean;
  /** Number of targets, for the CSS grid of the tree (`--cols`). */
  readonly targetCount: number;
  readonly targetNames: readonly string[];
  readonly overview: readonly OverviewCard[];
  readonly capabilities: CapabilityMatrixView;
  readonly apis: ApiMatrixView;
  readonly tree: readonly TreeNode[];
  readonly hasTree: boolean;
  /** True when the run has checks or capabilities: the conformance sections are shown. */
  readonly hasConformance: boolean;
  /** A load-only run (bench) leads with the load comparison. */
  readonly loadFirst: boolean;
  /** A run with checks and scenarios (demo) shows the load after them; a conformance-only run has no Load section. */
  readonly loadAfter: boolean;
  /** Failed and errored checks per target, listed first. */
  readonly failures: readonly FailureGroupView[];
  readonly hasFailures: boolean;
  readonly load: LoadView;
  /** The official OCI conformance suite's results, for targets they were imported for. */
  readonly official: OfficialSuiteView;
  readonly environment: EnvironmentView;
  /** Status filter options. */
  readonly statusOptions: readonly { readonly value: string; readonly label: string }[];
}

/** The failed and errored checks of one target, at the top of a conformance report. */
export interface FailureGroupView {
  readonly target: string;
  readonly swatchClass: string;
  readonly items: readonly {
    readonly id: string;
    readonly title: string;
    readonly statusLabel: string;
    readonly statusClass: string;
    readonly spec: readonly { readonly label: string; readonly url: string }[];
    readonly reason: string;
  }[];
  /** "… and N more" when the list was cut, else empty. */
  readonly more: string;
}

/** One count cell of an overview card. */
export interface CountCell {
  readonly label: string;
  readonly value: number;
  readonly cssClass: string;
}

/** One target in the overview. */
export interface OverviewCard {
  readonly name: string;
  readonly url: string;
  readonly productLabel: string;
  readonly statusLabel: string;
  readonly statusClass: string;
  /** One-line verdict, e.g. "1 MUST failure, 2 warnings out of 40 checks". */
  readonly verdict: string;
  readonly counts: readonly CountCell[];
  /** Stacked bar segments (`width` is a CSS percentage string). */
  readonly segments: readonly { readonly cssClass: string; readonly width: string; readonly label: string }[];
  readonly hasError: boolean;
  readonly error: string;
  readonly loadLine: string;
  readonly hasLoad: boolean;
}

/** Per-API matrix: one row per API exercised, one cell per target (passed of judged, coloured by the worst status). */
export interface ApiMatrixView {
  readonly hasRows: boolean;
  readonly rows: readonly {
    readonly api: string;
    readonly title: string;
    readonly cells: readonly { readonly text: string; readonly statusClass: string; readonly detail: string }[];
  }[];
}

/** The official OCI conformance suite beside regatta (regatta import oci-conformance). */
export interface OfficialSuiteView {
  readonly hasOfficial: boolean;
  /** Targets with imported official results, the matrix columns. */
  readonly targetNames: readonly string[];
  /** One row per official API or content set. */
  readonly rows: readonly { readonly kind: string; readonly name: string; readonly cells: readonly { readonly label: string; readonly cssClass: string }[] }[];
  readonly targets: readonly {
    readonly target: string;
    readonly line: string;
    readonly statusClass: string;
    readonly failures: readonly { readonly test: string; readonly statusLabel: string; readonly statusClass: string; readonly message: string }[];
    /** "… and N more" when the list was cut, else empty. */
    readonly more: string;
  }[];
}

/** Capability matrix: one row per capability, one cell per target. */
export interface CapabilityMatrixView {
  readonly hasRows: boolean;
  readonly rows: readonly {
    readonly id: string;
    readonly title: string;
    readonly cells: readonly { readonly label: string; readonly cssClass: string; readonly detail: string }[];
  }[];
}

/** One target's outcome of a check or group. */
export interface TreeCell {
  readonly target: string;
  readonly statusLabel: string;
  readonly statusClass: string;
  /** The symbol shown in the cell (✓ ! ✗ E –), with `statusLabel` as its accessible text. */
  readonly mark: string;
}

/** A failure (or warning, error, skip) of one check on one target, shown when expanded. */
export interface TreeDetail {
  readonly target: string;
  readonly statusLabel: string;
  readonly statusClass: string;
  readonly message: string;
  readonly detail: string;
  readonly spec: readonly { readonly label: string; readonly url: string }[];
  readonly hasSpec: boolean;
  readonly transcript: string;
  readonly hasTranscript: boolean;
  readonly notes: readonly string[];
  readonly hasNotes: boolean;
}

/** A node of the conformance tree: a suite, a group of checks sharing an id prefix, or a check. */
export interface TreeNode {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly isLeaf: boolean;
  readonly level: string;
  readonly cells: readonly TreeCell[];
  /** Space-separated statuses of this node and its descendants over every target, for the status filter. */
  readonly statuses: string;
  readonly children: readonly TreeNode[];
  readonly details: readonly TreeDetail[];
  readonly hasDetails: boolean;
  /** Groups are open when something below them needs attention. */
  readonly open: boolean;
}

/** One target's row of a scenario's load table: the settings it ran with, then its figures. */
export interface LoadRowView {
  readonly target: string;
  /** The target's colour class (`series-N`), the same as in the charts. */
  readonly swatchClass: string;
  readonly statusLabel: string;
  readonly statusClass: string;
  readonly vus: string;
  readonly size: string;
  readonly duration: string;
  readonly rate: string;
  readonly threads: string;
  readonly engine: string;
  readonly mbps: string;
  readonly requestsPerSec: string;
  readonly p50: string;
  readonly p90: string;
  readonly p95: string;
  readonly p99: string;
  /** Failed iterations. */
  readonly errors: string;
  /** What became of the iterations: completed (and the minimum), failed, interrupted with their uncounted bytes. */
  readonly iterations: string;
  /** Failed iterations as a share of all: `0.5%`. */
  readonly errorRate: string;
  /** What the errors were made of: `timeouts 0, non-2xx 3`. */
  readonly errorDetail: string;
  readonly statusCodes: string;
  readonly errorClasses: string;
  readonly thresholds: readonly { readonly label: string; readonly cssClass: string }[];
  readonly reason: string;
  readonly hasReason: boolean;
}

/** One operation kind of one target's run (blob-push, manifest-head, …). */
export interface OperationRowView {
  readonly target: string;
  readonly swatchClass: string;
  readonly operation: string;
  readonly count: string;
  readonly errors: string;
  readonly opsPerSec: string;
  readonly mbps: string;
  readonly p50: string;
  readonly p95: string;
  readonly p99: string;
  readonly ttfbP50: string;
}

/** One scenario across the targets that ran it. */
export interface LoadScenarioView {
  readonly id: string;
  /** One entry (target '') when every target ran the same settings, else one per target. */
  readonly descriptions: readonly { readonly target: string; readonly text: string }[];
  readonly charts: readonly { readonly title: string; readonly svg: string }[];
  readonly rows: readonly LoadRowView[];
  readonly operations: readonly OperationRowView[];
  readonly hasOperations: boolean;
}

/** The load section. */
export interface LoadView {
  readonly hasScenarios: boolean;
  readonly scenarios: readonly LoadScenarioView[];
}

/** The environment section. */
export interface EnvironmentView {
  readonly rows: readonly { readonly label: string; readonly value: string }[];
  readonly targets: readonly { readonly name: string; readonly url: string; readonly product: string; readonly namespace: string; readonly notes: string }[];
  readonly configJson: string;
}
