import type { RunResult } from '../../src/model/index.js';
import { formatBytes, formatMs } from '../../src/model/format-number.js';
import { formatLabels, formatRoundTrip } from '../common/format-provenance.js';
import { trafficLines } from '../common/traffic-lines.js';
import type { EnvironmentView } from './html-view.js';

/** Most leftovers named; a registry without deletes leaves hundreds, and the count says enough. */
const MAX_LEFTOVERS = 5;

/** `, left 3: a, b, c` (bounded), or nothing. */
function leftovers(references: readonly string[]): string {
  if (references.length === 0) {
    return '';
  }
  const named = references.slice(0, MAX_LEFTOVERS).join(', ');
  return `, left ${references.length}: ${named}${references.length > MAX_LEFTOVERS ? ', …' : ''}`;
}

/** The environment section: tool, machine, run times, each target's product, and the redacted settings. */
export function buildEnvironment(run: RunResult, names: readonly string[]): EnvironmentView {
  const env = run.environment;
  return {
    rows: [
      { label: 'regatta', value: env.regattaVersion },
      { label: 'run id', value: run.runId },
      { label: 'command', value: run.kind },
      { label: 'started', value: run.startedAt },
      { label: 'ended', value: run.endedAt },
      { label: 'duration', value: formatMs(run.durationMs) },
      { label: 'Node.js', value: env.node },
      { label: 'machine', value: `${env.hostname} (${env.platform}/${env.arch}, ${env.cpus} CPUs, ${formatBytes(env.memoryBytes)})` },
      ...(run.labels === undefined || Object.keys(run.labels).length === 0 ? [] : [{ label: 'labels', value: formatLabels(run.labels) }]),
    ],
    targets: run.targets.map((target, index) => ({
      name: names[index] ?? target.name,
      url: target.url,
      product: target.product === undefined ? 'unknown' : `${target.product.name} ${target.product.version ?? ''}`.trim(),
      namespace:
        target.layout?.kind === 'fixed'
          ? `fixed layout: ${(target.layout.repositories ?? []).join(', ')} (tags ${target.layout.tagPrefix ?? ''}-*)`
          : (target.namespace ?? '–'),
      notes: [
        target.insecure === true ? 'TLS verification off' : '',
        target.roundTrip === undefined ? '' : formatRoundTrip(target.roundTrip),
        target.cleanup === undefined
          ? ''
          : target.cleanup.kept
            ? 'kept what it pushed'
            : `cleanup deleted ${target.cleanup.deleted}${leftovers(target.cleanup.leftovers)}`,
        ...trafficLines(target),
      ]
        .filter((note) => note !== '')
        .join('; '),
    })),
    configJson: JSON.stringify(run.config, null, 2),
  };
}
