import { readFileSync } from 'node:fs';
import type { LabTarget } from './lab-target.js';
import { labProducts } from './products/index.js';

/**
 * Requests a lab registry has answered so far, counted in its log by its product's access-log line; undefined for a
 * product that logs no such line, or a log that cannot be read. Read before and after a run, the difference is the
 * run's requests as the registry saw them, counted the same way whichever tool sent them.
 */
export function loggedRequests(target: Pick<LabTarget, 'product' | 'logFile'>): number | undefined {
  const line = labProducts[target.product].requestLogLine;
  if (line === undefined) {
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(target.logFile, 'utf8');
  } catch {
    return undefined;
  }
  let count = 0;
  for (const entry of text.split('\n')) {
    if (line.test(entry)) {
      count += 1;
    }
  }
  return count;
}
