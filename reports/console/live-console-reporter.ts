import { isNotSelectedReason } from '../../src/conformance/check-filter.js';
import type { CheckResult, RunEvents, Status } from '../../src/model/index.js';
import { checkMessage } from '../common/check-message.js';
import { formatNumber } from '../../src/model/format-number.js';
import { STATUS_ORDER } from '../common/status-counts.js';
import { stripControlChars } from '../common/strip-control.js';

/** One-character mark per status, printed at the start of each line. */
const MARK: Readonly<Record<Status, string>> = {
  passed: '✓',
  known: 'k',
  warned: '!',
  failed: '✗',
  errored: 'E',
  skipped: '–',
  disabled: '–',
};

/** Options of {@link createLiveConsoleReporter}. */
export interface LiveConsoleReporterOptions {
  /** Where lines go (e.g. `io.stdout`); each call gets one line ending in `\n`. */
  readonly write: (text: string) => void;
  /**
   * Prefix each line with the target name (useful with several targets).
   * @default true
   */
  readonly showTarget?: boolean;
  /**
   * `check`: one line per finished check (a terminal). `suite`: one line per finished suite with its counts (CI logs
   * and other non-terminals, where hundreds of lines only bury the summary).
   * @default 'check'
   */
  readonly detail?: 'check' | 'suite';
  /** Clock for suite durations. @default Date.now */
  readonly now?: () => number;
}

/** The line printed for one check end. */
export function formatCheckLine(target: string | undefined, check: CheckResult): string {
  const reason = checkMessage(check);
  const flat = stripControlChars(reason.replace(/[\r\n\t]+/g, ' '));
  const tail = flat === '' ? '' : ` — ${flat.length > 120 ? `${flat.slice(0, 119)}…` : flat}`;
  const prefix = target === undefined ? '' : `[${stripControlChars(target)}] `;
  return `${MARK[check.status]} ${prefix}${check.id} (${Math.round(check.durationMs)} ms)${tail}\n`;
}

/** Per-target progress: the suite being counted and the checks left out by the filter. */
interface TargetProgress {
  suite: string | undefined;
  counts: Record<Status, number>;
  /** When the previous suite's last check ended (or the target started). */
  since: number;
  lastEnd: number;
  notSelected: number;
  notSelectedReason: string;
}

/**
 * A RunEvents reporter for the conformance command: one line per finished check (✓ ! ✗ E –) on a terminal, or one
 * line per finished suite with its counts elsewhere. Checks left out by `--suite`/`--check` are never listed one by
 * one: each target ends with one line counting them.
 */
export function createLiveConsoleReporter(options: LiveConsoleReporterOptions): RunEvents {
  const showTarget = options.showTarget ?? true;
  const perSuite = options.detail === 'suite';
  const now = options.now ?? Date.now;
  const targets = new Map<string, TargetProgress>();
  const prefix = (target: string): string => (showTarget ? `[${stripControlChars(target)}] ` : '');
  const progressOf = (target: string): TargetProgress => {
    let progress = targets.get(target);
    if (progress === undefined) {
      progress = { suite: undefined, counts: emptyCounts(), since: now(), lastEnd: now(), notSelected: 0, notSelectedReason: '' };
      targets.set(target, progress);
    }
    return progress;
  };
  const flushSuite = (target: string, progress: TargetProgress): void => {
    const ran = STATUS_ORDER.filter((status) => progress.counts[status] > 0);
    if (progress.suite !== undefined && ran.length > 0) {
      const total = ran.reduce((sum, status) => sum + progress.counts[status], 0);
      const counts = ran.map((status) => `${progress.counts[status]} ${status}`).join(', ');
      const seconds = formatNumber((progress.lastEnd - progress.since) / 1000, 1);
      options.write(`${prefix(target)}${stripControlChars(progress.suite)}: ${total} checks, ${counts} (${seconds} s)\n`);
    }
    progress.counts = emptyCounts();
    progress.since = progress.lastEnd;
  };
  return {
    onTargetStart(target) {
      targets.set(target.name, { suite: undefined, counts: emptyCounts(), since: now(), lastEnd: now(), notSelected: 0, notSelectedReason: '' });
      options.write(`${stripControlChars(target.name)} ${stripControlChars(target.url)}\n`);
    },
    onCheckEnd(target, suiteId, check) {
      const progress = progressOf(target);
      const endedAt = now();
      if (perSuite && progress.suite !== suiteId) {
        flushSuite(target, progress);
        progress.suite = suiteId;
      }
      progress.lastEnd = endedAt;
      if (check.status === 'disabled' && isNotSelectedReason(check.reason)) {
        progress.notSelected += 1;
        progress.notSelectedReason = check.reason;
        return;
      }
      progress.counts[check.status] += 1;
      if (!perSuite) {
        options.write(formatCheckLine(showTarget ? target : undefined, check));
      }
    },
    onTargetEnd(target) {
      const progress = progressOf(target.name);
      if (perSuite) {
        flushSuite(target.name, progress);
      }
      if (progress.notSelected > 0) {
        const reason = stripControlChars(progress.notSelectedReason);
        options.write(`${MARK.disabled} ${prefix(target.name)}${progress.notSelected} checks ${reason}\n`);
      }
      targets.delete(target.name);
    },
  };
}

/** Zero for every status. */
function emptyCounts(): Record<Status, number> {
  return Object.fromEntries(STATUS_ORDER.map((status) => [status, 0])) as Record<Status, number>;
}
