/**
 * The `regatta bench` arguments every phase and share of an exported distributed run repeats: the scenario, the
 * target and the user's load settings, exactly as the user gave them (validated before anything is written), plus the
 * shared run id. Set-up, each share and teardown add only their phase flags, so the merge's settings check holds.
 */

/** The load settings of an export, as the user typed them (flag values are passed on verbatim). */
export interface ExportedBench {
  readonly scenario: string;
  readonly targetUrl: string;
  /** Repository prefix on the target (`--namespace`). */
  readonly namespace?: string;
  readonly runId: string;
  readonly vus?: string;
  readonly duration?: string;
  readonly rate?: string;
  readonly size?: string;
  readonly iterations?: string;
  readonly threads?: string;
  /** `--no-verify`. */
  readonly noVerify?: boolean;
  /** `--insecure`: skip TLS verification of the target. */
  readonly insecure?: boolean;
}

/** `regatta bench …` without the phase flags. */
export function benchArgv(bench: ExportedBench): string[] {
  const pairs: [string, string | undefined][] = [
    ['--scenario', bench.scenario],
    ['--target', bench.targetUrl],
    ['--namespace', bench.namespace],
    ['--vus', bench.vus],
    ['--duration', bench.duration],
    ['--rate', bench.rate],
    ['--size', bench.size],
    ['--iterations', bench.iterations],
    ['--threads', bench.threads],
    ['--run-id', bench.runId],
  ];
  return [
    'bench',
    ...pairs.flatMap(([flag, value]) => (value === undefined ? [] : [flag, value])),
    ...(bench.noVerify === true ? ['--no-verify'] : []),
    ...(bench.insecure === true ? ['--insecure'] : []),
  ];
}
