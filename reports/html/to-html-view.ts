import type { RunResult } from '../../src/model/index.js';
import { formatMs } from '../../src/model/format-number.js';
import { STATUS_ORDER } from '../common/status-counts.js';
import { stripInvalidXmlChars } from '../common/strip-control.js';
import { buildApiMatrixView } from './build-api-matrix.js';
import { buildCapabilityMatrix } from './build-capability-matrix.js';
import { buildConformanceTree } from './build-conformance-tree.js';
import { buildEnvironment } from './build-environment.js';
import { buildFailureList } from './build-failure-list.js';
import { buildLoadView } from './build-load-view.js';
import { buildOfficialSuite } from './build-official-suite.js';
import { buildOverview } from './build-overview.js';
import type { HtmlView } from './html-view.js';
import { STATUS_LABELS, statusClass } from './status-style.js';

/** How each run kind reads in a title; `report` is a merge of several runs (it read "regatta report report"). */
const KIND_LABELS: Readonly<Record<string, string>> = {
  conformance: 'conformance',
  bench: 'load',
  demo: 'demo',
  report: 'comparison',
};

/**
 * The view the HTML report renders: pure, computes every figure, label, percentage and CSS class from the run so
 * the templates stay logic-free. Target names are used as given (a merge makes them unique).
 */
export function toHtmlView(run: RunResult): HtmlView {
  return cleanStrings(buildView(run));
}

/**
 * Every string of the view with control characters removed: Handlebars escapes markup but passes raw control
 * characters through, and those make the page invalid (and can hide text from a reviewer).
 */
function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') {
    return stripInvalidXmlChars(value) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => cleanStrings(item)) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, cleanStrings(child)])) as T;
  }
  return value;
}

/** The view before cleaning. */
function buildView(run: RunResult): HtmlView {
  const names = run.targets.map((target) => target.name);
  const tree = buildConformanceTree(run.targets, names);
  const failures = buildFailureList(run.targets, names);
  // A bench has no checks: no empty cards, matrix or tree, and the load comparison leads. A target that could not be
  // run still shows (with its reason) in the failure list and overview.
  const hasConformance = run.targets.some((target) => target.suites.length > 0 || target.capabilities.length > 0 || target.error !== undefined);
  const load = buildLoadView(run.targets, names);
  return {
    title: `regatta ${KIND_LABELS[run.kind] ?? run.kind} report: ${names.join(' vs ') || 'no targets'}`,
    runId: run.runId,
    kind: run.kind,
    statusLabel: STATUS_LABELS[run.status],
    statusClass: statusClass(run.status),
    startedAt: run.startedAt,
    durationLabel: formatMs(run.durationMs),
    interrupted: run.interrupted,
    targetCount: names.length,
    targetNames: names,
    overview: buildOverview(run.targets, names),
    capabilities: buildCapabilityMatrix(run.targets),
    apis: buildApiMatrixView(run.targets),
    tree,
    hasTree: tree.length > 0,
    hasConformance,
    loadFirst: !hasConformance,
    loadAfter: hasConformance && load.hasScenarios,
    failures,
    hasFailures: failures.length > 0,
    load,
    official: buildOfficialSuite(run.targets),
    environment: buildEnvironment(run, names),
    statusOptions: [{ value: '', label: 'all statuses' }, ...STATUS_ORDER.map((status) => ({ value: status, label: STATUS_LABELS[status] }))],
  };
}
