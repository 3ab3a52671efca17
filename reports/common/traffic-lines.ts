import type { TargetResult } from '../../src/model/index.js';
import { formatBytes, formatMs } from '../../src/model/format-number.js';

/** Most Warning texts printed per target; the rest are counted. */
const MAX_WARNINGS = 5;

/**
 * What a target's traffic showed beyond its verdicts, one plain-text line each (every report escapes them for its
 * format): the 429s and the time waited out (per load operation too), redirected pulls with the registry hop and the
 * storage hop apart, and the Warning headers the registry sent. Empty when there was none of it.
 */
export function trafficLines(target: TargetResult): string[] {
  const lines: string[] = [];
  const traffic = target.traffic;
  if (traffic !== undefined && traffic.throttled > 0) {
    const faults = [
      traffic.throttledWithoutRetryAfter > 0 ? `${traffic.throttledWithoutRetryAfter} without Retry-After` : '',
      traffic.throttledNonJson > 0 ? `${traffic.throttledNonJson} with a non-JSON body` : '',
    ].filter((text) => text !== '');
    lines.push(
      `throttled: ${traffic.throttled} answers were 429, ${traffic.throttleRetries} requests sent again after waiting ` +
        `${formatMs(traffic.throttleWaitMs)} in total${faults.length > 0 ? ` (${faults.join(', ')})` : ''}`,
    );
  }
  for (const scenario of target.scenarios) {
    for (const operation of scenario.operations) {
      if (operation.throttled !== undefined && operation.throttled > 0) {
        lines.push(`${scenario.id} ${operation.operation}: ${operation.throttled} throttled (429), ${formatMs(operation.throttleWaitMs ?? 0)} waited`);
      }
      const redirect = operation.redirect;
      if (redirect !== undefined) {
        lines.push(
          `${scenario.id} ${operation.operation}: ${redirect.count} redirected to ${redirect.storageHosts.join(', ')} ` +
            `(${redirect.httpVersions.join(', ')}); registry hop p50 ${formatMs(redirect.registryHopMs.p50)}, ` +
            `storage hop p50 ${formatMs(redirect.storageHopMs.p50)}, ${formatBytes(redirect.storageBytes)} from storage`,
        );
      }
    }
  }
  const warnings = traffic?.warnings ?? [];
  for (const warning of warnings.slice(0, MAX_WARNINGS)) {
    lines.push(`Warning header (${warning.count}×): ${warning.text}`);
  }
  if (warnings.length > MAX_WARNINGS) {
    lines.push(`… and ${warnings.length - MAX_WARNINGS} more Warning texts (see results.json)`);
  }
  return lines;
}
