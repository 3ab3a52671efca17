import type { TargetResult } from '../../src/model/index.js';
import type { CapabilityMatrixView } from './html-view.js';

/** Capability matrix: rows are capability ids in first-seen order, one cell per target (`not probed` when absent). */
export function buildCapabilityMatrix(targets: readonly TargetResult[]): CapabilityMatrixView {
  const titles = new Map<string, string>();
  for (const target of targets) {
    for (const capability of target.capabilities) {
      if (!titles.has(capability.id)) {
        titles.set(capability.id, capability.title);
      }
    }
  }
  const rows = [...titles].map(([id, title]) => ({
    id,
    title,
    cells: targets.map((target) => {
      const found = target.capabilities.find((capability) => capability.id === id);
      return found === undefined
        ? { label: 'not probed', cssClass: 'cap-unknown', detail: '' }
        : { label: found.support, cssClass: `cap-${found.support}`, detail: found.detail ?? '' };
    }),
  }));
  return { hasRows: rows.length > 0, rows };
}
