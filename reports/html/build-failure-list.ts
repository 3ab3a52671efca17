import type { TargetResult } from '../../src/model/index.js';
import { reasonBesideTitle } from '../common/check-message.js';
import { specSectionUrl } from '../common/spec-link.js';
import type { FailureGroupView } from './html-view.js';
import { STATUS_LABELS, statusClass } from './status-style.js';
import { targetColor } from './target-color.js';

/** Most entries listed per target; the rest are counted and found with the status filter of the tree. */
const maxItems = 20;

/** Longest reason shown in the list; the full text is in the conformance tree below. */
const maxReason = 200;

/** Registry text on one bounded line. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxReason ? `${flat.slice(0, maxReason - 1)}…` : flat;
}

/**
 * What a reader of a conformance report wants first: per target, every failed (MUST missed) and errored (harness)
 * check with its spec sections and a one-line reason, and a target that could not be run at all. Targets with
 * nothing to report are left out.
 */
export function buildFailureList(targets: readonly TargetResult[], names: readonly string[]): FailureGroupView[] {
  return targets.flatMap((target, index) => {
    const items = target.suites.flatMap((suite) =>
      suite.checks.flatMap((check) => {
        if (check.status !== 'failed' && check.status !== 'errored') {
          return [];
        }
        const spec = [...new Set([...check.spec, ...check.errors.flatMap((error) => error.spec ?? [])])];
        return [
          {
            id: check.id,
            title: check.title,
            statusLabel: STATUS_LABELS[check.status],
            statusClass: statusClass(check.status),
            spec: spec.map((section) => ({ label: section, url: specSectionUrl(section) })),
            reason: oneLine(reasonBesideTitle(check)),
          },
        ];
      }),
    );
    const targetError =
      target.error === undefined
        ? []
        : [{ id: 'target', title: 'the target could not be run', statusLabel: STATUS_LABELS.errored, statusClass: statusClass('errored'), spec: [], reason: oneLine(target.error) }];
    const all = [...targetError, ...items];
    if (all.length === 0) {
      return [];
    }
    const more = all.length - maxItems;
    return [
      {
        target: names[index] ?? target.name,
        swatchClass: targetColor(index),
        items: all.slice(0, maxItems),
        more: more > 0 ? `… and ${more} more: filter the conformance tree below by status` : '',
      },
    ];
  });
}
