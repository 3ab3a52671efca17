import type { RegistryClient, TranscriptRecorder } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import type { RunEvents, RunResult } from '../model/index.js';
import { runPipeline, type ConformanceStage, type PipelineSession } from '../run/run-pipeline.js';

/** Options of {@link runConformance}. */
export interface RunConformanceOptions extends ConformanceStage {
  readonly targets: readonly ResolvedTarget[];
  /** Run id, lowercase and short; part of the namespace. @default a fresh random id */
  readonly runId?: string;
  /** Ctrl-C: stop after the current check, clean up, return partial results with `interrupted: true`. */
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  /** Environment for credential lookup (Docker config, helpers). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Builds the client of a target instead of its target session (tests: fake clients); its transcript recorder is
   * replaced per check via `withRecorder`. @default the target session's client
   */
  readonly createClient?: (target: ResolvedTarget, recorder: TranscriptRecorder) => RegistryClient;
  /** Redacted effective configuration to store in the result. @default targets by name, url and namespace */
  readonly config?: Readonly<Record<string, unknown>>;
}

/**
 * Runs the conformance suites against every target through the run pipeline (see {@link runPipeline}), without
 * load, and returns the RunResult.
 *
 * @throws RangeError when `concurrency` is not a positive whole number (a caller's bug: the config layer validates it).
 */
export function runConformance(options: RunConformanceOptions): Promise<RunResult> {
  const { targets, runId, signal, events, env, createClient, config, ...stage } = options;
  const openSession =
    createClient === undefined
      ? undefined
      : (target: ResolvedTarget): Promise<PipelineSession> =>
          Promise.resolve({ target, createClient: (recorder) => createClient(target, recorder ?? { record: () => undefined }), close: () => Promise.resolve() });
  return runPipeline({
    kind: 'conformance',
    targets,
    conformance: stage,
    ...(runId === undefined ? {} : { runId }),
    ...(signal === undefined ? {} : { signal }),
    ...(events === undefined ? {} : { events }),
    ...(env === undefined ? {} : { env }),
    ...(config === undefined ? {} : { config }),
    ...(openSession === undefined ? {} : { openSession }),
  });
}
