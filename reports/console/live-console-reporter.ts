import type { CheckResult, RunEvents, Status } from '../../src/model/index.js';
import { checkMessage } from '../common/check-message.js';
import { stripControlChars } from '../common/strip-control.js';

/** One-character mark per status, printed at the start of each line. */
const MARK: Readonly<Record<Status, string>> = {
  passed: '✓',
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
}

/** The line printed for one check end. */
export function formatCheckLine(target: string | undefined, check: CheckResult): string {
  const reason = checkMessage(check);
  const flat = stripControlChars(reason.replace(/[\r\n\t]+/g, ' '));
  const tail = flat === '' ? '' : ` — ${flat.length > 120 ? `${flat.slice(0, 119)}…` : flat}`;
  const prefix = target === undefined ? '' : `[${stripControlChars(target)}] `;
  return `${MARK[check.status]} ${prefix}${check.id} (${Math.round(check.durationMs)} ms)${tail}\n`;
}

/** A RunEvents reporter that prints one line per finished check (✓ ! ✗ E –), for the conformance command. */
export function createLiveConsoleReporter(options: LiveConsoleReporterOptions): RunEvents {
  const showTarget = options.showTarget ?? true;
  return {
    onTargetStart(target) {
      options.write(`${stripControlChars(target.name)} ${stripControlChars(target.url)}\n`);
    },
    onCheckEnd(target, _suiteId, check) {
      options.write(formatCheckLine(showTarget ? target : undefined, check));
    },
  };
}
