import { worst, type CheckResult, type Status, type TargetResult } from '../../src/model/index.js';
import { checkDetail, checkMessage } from '../common/check-message.js';
import { formatTranscript } from '../common/format-transcript.js';
import { specSectionUrl } from '../common/spec-link.js';
import type { TreeCell, TreeDetail, TreeNode } from './html-view.js';
import { STATUS_LABELS, STATUS_MARKS, statusClass } from './status-style.js';

/** Mutable trie used while building; converted to readonly TreeNodes at the end. */
interface Trie {
  readonly id: string;
  readonly label: string;
  title: string;
  level: string;
  /** Per target index: the check (leaves only). */
  readonly checks: (CheckResult | undefined)[];
  /** Per target index: the suite status (suite nodes only). */
  readonly suiteStatus: (Status | undefined)[];
  readonly children: Map<string, Trie>;
}

function newTrie(id: string, label: string, targets: number): Trie {
  return { id, label, title: '', level: '', checks: new Array<CheckResult | undefined>(targets).fill(undefined), suiteStatus: new Array<Status | undefined>(targets).fill(undefined), children: new Map() };
}

/** Cell for one target; `undefined` means the check did not exist on that target. */
function cell(target: string, status: Status | undefined): TreeCell {
  if (status === undefined) {
    return { target, statusLabel: 'not run', statusClass: 'st-none', mark: ' ' };
  }
  return { target, statusLabel: STATUS_LABELS[status], statusClass: statusClass(status), mark: STATUS_MARKS[status] };
}

/** The expandable detail of one non-passing check on one target. */
function detail(target: string, check: CheckResult): TreeDetail {
  const spec = [...new Set([...check.spec, ...(check.status === 'failed' || check.status === 'warned' || check.status === 'errored' || check.status === 'known' ? check.errors.flatMap((e) => e.spec ?? []) : [])])];
  const transcript = formatTranscript(check.transcript);
  const notes = check.notes ?? [];
  return {
    target,
    statusLabel: STATUS_LABELS[check.status],
    statusClass: statusClass(check.status),
    message: checkMessage(check),
    detail: checkDetail(check),
    spec: [
      ...spec.map((section) => ({ label: section, url: specSectionUrl(section) })),
      ...(check.statement === undefined ? [] : [{ label: `${check.statement.keyword} statement`, url: check.statement.url }]),
    ],
    hasSpec: spec.length > 0 || check.statement !== undefined,
    transcript,
    hasTranscript: transcript !== '',
    notes,
    hasNotes: notes.length > 0,
  };
}

/** Statuses present at or below a node, per target. */
function statusesPerTarget(node: Trie, targets: number): Status[][] {
  const result: Status[][] = Array.from({ length: targets }, () => []);
  node.checks.forEach((check, index) => {
    if (check !== undefined) {
      result[index]?.push(check.status);
    }
  });
  for (const child of node.children.values()) {
    statusesPerTarget(child, targets).forEach((statuses, index) => result[index]?.push(...statuses));
  }
  return result;
}

const ATTENTION: readonly Status[] = ['failed', 'errored'];

/** Converts the trie into view nodes. */
function toNode(node: Trie, targetNames: readonly string[]): TreeNode {
  const perTarget = statusesPerTarget(node, targetNames.length);
  const isLeaf = node.children.size === 0;
  const cells = targetNames.map((name, index) => {
    const own = node.suiteStatus[index];
    const below = perTarget[index] ?? [];
    return cell(name, own ?? (below.length > 0 ? worst(below) : undefined));
  });
  const all = new Set(perTarget.flat());
  const details: TreeDetail[] = [];
  // Also on inner nodes: a check id may be the prefix of another (`push/a` and `push/a/b`).
  node.checks.forEach((check, index) => {
    if (check !== undefined && check.status !== 'passed') {
      details.push(detail(targetNames[index] ?? '', check));
    }
  });
  return {
    id: node.id,
    label: node.label,
    title: node.title,
    isLeaf,
    level: node.level,
    cells,
    statuses: [...all].sort().join(' '),
    children: [...node.children.values()].map((child) => toNode(child, targetNames)),
    details,
    hasDetails: details.length > 0,
    open: ATTENTION.some((status) => all.has(status)),
  };
}

/**
 * The conformance tree: suites (in first-seen order across targets), then groups by check-id segment, then checks,
 * each with one cell per target, and an expandable detail for every non-passing check.
 */
export function buildConformanceTree(targets: readonly TargetResult[], targetNames: readonly string[]): TreeNode[] {
  const roots = new Map<string, Trie>();
  targets.forEach((target, targetIndex) => {
    for (const suite of target.suites) {
      let root = roots.get(suite.id);
      if (root === undefined) {
        root = newTrie(suite.id, suite.id, targets.length);
        root.title = suite.title;
        roots.set(suite.id, root);
      }
      root.suiteStatus[targetIndex] = suite.status;
      for (const check of suite.checks) {
        const rest = check.id.startsWith(`${suite.id}/`) ? check.id.slice(suite.id.length + 1) : check.id;
        const segments = rest.split('/');
        let node = root;
        let path = suite.id;
        for (const segment of segments) {
          path = `${path}/${segment}`;
          let child = node.children.get(segment);
          if (child === undefined) {
            child = newTrie(path, segment, targets.length);
            node.children.set(segment, child);
          }
          node = child;
        }
        node.checks[targetIndex] = check;
        node.title = check.title;
        node.level = check.strict === undefined ? check.level : `${check.level} (strict)`;
      }
    }
  });
  return [...roots.values()].map((root) => toNode(root, targetNames));
}
