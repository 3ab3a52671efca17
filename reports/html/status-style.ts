import type { Status } from '../../src/model/index.js';

/** CSS class per status (`st-failed`, …): colour and icon come from the stylesheet. */
export function statusClass(status: Status): string {
  return `st-${status}`;
}

/** Human label per status. */
export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  passed: 'passed',
  known: 'known deviation',
  warned: 'warned',
  failed: 'failed',
  errored: 'errored',
  skipped: 'skipped',
  disabled: 'disabled',
};

/** Cell symbol per status; the label is always given alongside for screen readers. */
export const STATUS_MARKS: Readonly<Record<Status, string>> = {
  passed: '✓',
  known: 'k',
  warned: '!',
  failed: '✗',
  errored: 'E',
  skipped: '–',
  disabled: '–',
};
