import type { CapabilityResult, CheckResult, TargetResult } from '../model/index.js';
import type { ConformanceChange, ConformanceChangeKind } from './comparison.js';

/** Statuses in which a check ran and reached a verdict about the registry. */
const judged = new Set(['passed', 'warned', 'failed']);
/** Statuses that did not run the check. */
const notRun = new Set(['skipped', 'disabled']);

/** The capability a skip reason names (`requires capability delete-manifest, which …`). */
export function capabilityOfSkip(reason: string | undefined): string | undefined {
  return reason === undefined ? undefined : /requires capability ([a-z0-9-]+)/.exec(reason)?.[1];
}

/** First failure message or the skip reason of a check. */
function detailOf(check: CheckResult): string | undefined {
  if ('errors' in check) {
    return check.errors[0]?.message;
  }
  return 'reason' in check ? check.reason : undefined;
}

/** One comparable item of a target: a check, or a scenario's verdict. */
interface Item {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly detail?: string | undefined;
}

/** Checks of a target in run order, then its scenarios' verdicts as `load/<id>`. */
function itemsOf(target: TargetResult): Map<string, Item> {
  const items = new Map<string, Item>();
  for (const suite of target.suites) {
    for (const check of suite.checks) {
      items.set(check.id, { id: check.id, title: check.title, status: check.status, detail: detailOf(check) });
    }
  }
  for (const scenario of target.scenarios) {
    const failedThresholds = scenario.thresholds.filter((threshold) => !threshold.passed);
    const detail =
      scenario.reason ?? (failedThresholds.length === 0 ? undefined : failedThresholds.map((t) => `${t.metric} ${t.condition} (was ${t.actual})`).join('; '));
    items.set(`load/${scenario.id}`, { id: `load/${scenario.id}`, title: scenario.description, status: scenario.status, detail });
  }
  return items;
}

/** Options of {@link compareConformance}. */
export interface CompareConformanceOptions {
  /** `warned`: a newly warned check is a regression too. */
  readonly failOn: 'failed' | 'warned';
}

/** Kind of change from one status to another, or undefined when nothing that matters changed. */
function kindOf(baseline: string, candidate: string): ConformanceChangeKind | undefined {
  if (baseline === candidate) {
    return undefined;
  }
  if (candidate === 'failed') {
    return 'newly-failed';
  }
  if (candidate === 'errored') {
    return 'newly-errored';
  }
  if (notRun.has(candidate) && !notRun.has(baseline)) {
    return 'newly-skipped';
  }
  if (candidate === 'warned' && baseline === 'passed') {
    return 'newly-warned';
  }
  if (candidate === 'passed' && (baseline === 'failed' || baseline === 'warned' || baseline === 'errored')) {
    return 'fixed';
  }
  return 'status-changed';
}

/** Capability support by id. */
function supportOf(capabilities: readonly CapabilityResult[]): Map<string, CapabilityResult> {
  return new Map(capabilities.map((capability) => [capability.id, capability]));
}

/**
 * Every check, scenario verdict and capability of one target that differs between baseline and candidate. Regressions:
 * a check (or scenario) that newly failed or errored (an errored candidate check was not judged: the gate cannot pass
 * on it), a check that passed in the baseline and is skipped in the candidate because a capability it requires
 * vanished (the hidden regression), a check new in the candidate that fails, and with `failOn: 'warned'` a newly
 * warned check.
 */
export function compareConformance(
  baseline: TargetResult,
  candidate: TargetResult,
  options: CompareConformanceOptions,
): ConformanceChange[] {
  const target = candidate.name;
  const changes: ConformanceChange[] = [];
  const baseCapabilities = supportOf(baseline.capabilities);
  const candidateCapabilities = supportOf(candidate.capabilities);
  for (const [id, after] of candidateCapabilities) {
    const before = baseCapabilities.get(id);
    if (before === undefined || before.support === after.support) {
      continue;
    }
    const lost = before.support === 'supported';
    const gained = after.support === 'supported';
    if (lost || gained) {
      changes.push({
        target,
        kind: lost ? 'capability-lost' : 'capability-gained',
        id,
        title: after.title,
        baseline: before.support,
        candidate: after.support,
        regression: false,
        ...(after.detail === undefined ? {} : { detail: after.detail }),
      });
    }
  }
  const vanished = (capability: string | undefined): boolean =>
    capability !== undefined &&
    baseCapabilities.get(capability)?.support === 'supported' &&
    candidateCapabilities.get(capability)?.support !== 'supported';

  const before = itemsOf(baseline);
  const after = itemsOf(candidate);
  for (const [id, item] of after) {
    const old = before.get(id);
    if (old === undefined) {
      const fails = item.status === 'failed' || item.status === 'errored';
      changes.push({
        target,
        kind: 'check-added',
        id,
        title: item.title,
        baseline: 'absent',
        candidate: item.status,
        regression: fails || (options.failOn === 'warned' && item.status === 'warned'),
        ...(item.detail === undefined ? {} : { detail: item.detail }),
      });
      continue;
    }
    const kind = kindOf(old.status, item.status);
    if (kind === undefined) {
      continue;
    }
    const lostCapability = kind === 'newly-skipped' && (old.status === 'passed' || old.status === 'warned') && vanished(capabilityOfSkip(item.detail));
    const regression =
      (kind === 'newly-failed' && old.status !== 'failed') ||
      (kind === 'newly-errored' && judged.has(old.status) && old.status !== 'failed') ||
      lostCapability ||
      (kind === 'newly-warned' && options.failOn === 'warned');
    changes.push({
      target,
      kind,
      id,
      title: item.title,
      baseline: old.status,
      candidate: item.status,
      regression,
      ...(item.detail === undefined ? {} : { detail: item.detail }),
    });
  }
  for (const [id, item] of before) {
    if (!after.has(id)) {
      changes.push({ target, kind: 'check-removed', id, title: item.title, baseline: item.status, candidate: 'absent', regression: false });
    }
  }
  return changes;
}
