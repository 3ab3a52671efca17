/**
 * The load stage of a run: every scenario on every reachable target, `trials` times, targets interleaved within each
 * trial (and their order reversed every other trial) so that drift on the machine or the network falls on every
 * target alike. Before the first trial each target's round trip to `/v2/` is measured on fresh connections.
 */
import { buildSecureConnectOptions, createTlsConnectOptions } from '../client/dispatcher.js';
import { applyOverrides } from '../load/apply-overrides.js';
import { benchFingerprint } from '../load/bench-fingerprint.js';
import type { Scenario } from '../load/define-scenario.js';
import { measureRoundTrip } from '../load/measure-round-trip.js';
import { runScenario } from '../load/run-scenario.js';
import { parseThresholds } from '../load/thresholds/evaluate-thresholds.js';
import { foldTrials } from '../load/trials/fold-trials.js';
import type { RoundTrip, RunEvents, RunResult, ScenarioResult } from '../model/index.js';
import type { LoadStage, PipelineSession, RunCheckpoints, ScenarioRunExtras } from './run-pipeline.js';

/** What the load stage measured on one target. */
export interface TargetLoad {
  readonly roundTrip: RoundTrip;
  readonly scenarios: readonly ScenarioResult[];
}

/** Options of {@link runLoadStage}. */
export interface RunLoadStageOptions {
  readonly load: LoadStage;
  readonly signal: AbortSignal;
  readonly events?: RunEvents;
  /** The client's machine and tool, written into every fingerprint. */
  readonly environment: RunResult['environment'];
  /** Held while anything is measured, released between measurements (see {@link RunCheckpoints.hold}). */
  readonly checkpoints?: Pick<RunCheckpoints, 'hold' | 'release'>;
}

/** Runs `measure` with the run's checkpoints held, so no results.json write takes the main thread meanwhile. */
async function quietly<T>(checkpoints: RunLoadStageOptions['checkpoints'], measure: () => Promise<T>): Promise<T> {
  checkpoints?.hold();
  try {
    return await measure();
  } finally {
    checkpoints?.release();
  }
}

/** The session's TLS for the load engine: its parsed context, or one read from the target. */
function sessionTls(session: PipelineSession): { connect: NonNullable<PipelineSession['connect']>; material: ReturnType<typeof createTlsConnectOptions> } {
  if (session.connect !== undefined && session.handoff !== undefined) {
    return { connect: session.connect, material: session.handoff().tls };
  }
  const material = createTlsConnectOptions(session.target);
  return { connect: buildSecureConnectOptions(material), material };
}

/** Runs the load stage on the reachable targets' sessions; results are keyed by session, scenarios in stage order. */
export async function runLoadStage(sessions: readonly PipelineSession[], options: RunLoadStageOptions): Promise<Map<PipelineSession, TargetLoad>> {
  const { load, signal } = options;
  const trials = load.trials ?? 1;
  const roundTrips = new Map<PipelineSession, RoundTrip>();
  for (const session of sessions) {
    roundTrips.set(session, await quietly(options.checkpoints, () => measureRoundTrip(session.target.url, { tls: sessionTls(session).connect, signal })));
  }
  const scenariosBySession = new Map<PipelineSession, ScenarioResult[]>(sessions.map((session) => [session, []]));
  for (const scenario of load.scenarios) {
    if (signal.aborted) {
      break;
    }
    const extras = new Map<PipelineSession, ScenarioRunExtras>();
    for (const session of sessions) {
      extras.set(session, (await load.prepareScenario?.(session.target, scenario)) ?? {});
    }
    const measured = new Map<PipelineSession, ScenarioResult[]>(sessions.map((session) => [session, []]));
    for (let trial = 1; trial <= trials && !signal.aborted; trial += 1) {
      const order = trial % 2 === 1 ? sessions : [...sessions].reverse();
      for (const session of order) {
        if (signal.aborted) {
          break;
        }
        const result = await quietly(options.checkpoints, () =>
          runScenario({
            target: session.target,
            tls: sessionTls(session),
            scenario,
            ...extras.get(session),
            signal,
            ...(load.threads === undefined ? {} : { threads: load.threads }),
            cleanup: load.cleanup === true && extras.get(session)?.segment === undefined,
            ...(load.overrides === undefined ? {} : { overrides: load.overrides }),
            ...(options.events === undefined ? {} : { events: options.events }),
          }),
        );
        measured.get(session)?.push(result);
      }
    }
    for (const session of sessions) {
      const results = measured.get(session) ?? [];
      if (results.length === 0) {
        continue;
      }
      const own = extras.get(session) ?? {};
      const effective: Scenario = applyOverrides(own.scenario ?? scenario, load.overrides ?? {});
      const folded = foldTrials(results, parseThresholds(effective.thresholds));
      const seed = own.env === undefined ? 'unique-per-run' : 'run-id';
      scenariosBySession.get(session)?.push({ ...folded, fingerprint: benchFingerprint(effective, folded, options.environment, seed) });
    }
  }
  return new Map(sessions.map((session) => [session, { roundTrip: roundTrips.get(session) ?? { samples: 0, connectMs: 0, firstByteMs: 0, totalMs: 0 }, scenarios: scenariosBySession.get(session) ?? [] }]));
}
