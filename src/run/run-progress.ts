/**
 * What a run has so far, as a RunResult at any moment: the targets that ended, and those in progress with the checks
 * and scenarios that have ended (grouped into their suites, in arrival order). A snapshot is what results.json holds
 * while the run goes on, so a run that is killed keeps what it had; it says `interrupted: true` until the run ends.
 */
import { RESULT_SCHEMA_VERSION, worst, type CheckResult, type RunResult, type ScenarioResult, type TargetResult } from '../model/index.js';
import type { Grading } from '../conformance/grade-check.js';
import { runEnvironment } from './run-environment.js';

/** The run fields that record what the checks were graded against (none when the run has no checks). */
export function gradingFields(grading: Grading | undefined): Pick<RunResult, 'specVersion' | 'grading'> {
  return grading === undefined ? {} : { specVersion: grading.specVersion, grading: grading.strict ? 'strict' : 'spec' };
}

/** The fixed facts of the run a snapshot carries. */
export interface RunProgressInfo {
  readonly runId: string;
  readonly kind: RunResult['kind'];
  readonly startedAt: Date;
  readonly config: RunResult['config'];
  /** What the checks are graded against, when the run has checks. */
  readonly grading?: Grading;
  /** Suite id → title, for suites of a target in progress. */
  readonly suiteTitles: ReadonlyMap<string, string>;
}

/** A target that has started and not ended. */
interface TargetInProgress {
  readonly name: string;
  readonly url: string;
  readonly checks: Map<string, CheckResult[]>;
  readonly scenarios: ScenarioResult[];
}

/** Collects a run's results as they end; {@link snapshot} gives the run so far. */
export class RunProgress {
  private readonly info: RunProgressInfo;
  private readonly ended: TargetResult[] = [];
  /** Targets started and not ended, by name, in start order (checks run target by target; loads may overlap). */
  private readonly running = new Map<string, TargetInProgress>();

  constructor(info: RunProgressInfo) {
    this.info = info;
  }

  targetStarted(target: { readonly name: string; readonly url: string }): void {
    this.running.set(target.name, { name: target.name, url: target.url, checks: new Map(), scenarios: [] });
  }

  checkEnded(target: string, suiteId: string, check: CheckResult): void {
    const checks = this.running.get(target)?.checks;
    const suite = checks?.get(suiteId);
    if (suite !== undefined) {
      suite.push(check);
    } else {
      checks?.set(suiteId, [check]);
    }
  }

  scenarioEnded(target: string, scenario: ScenarioResult): void {
    this.running.get(target)?.scenarios.push(scenario);
  }

  targetEnded(result: TargetResult): void {
    this.ended.push(result);
    this.running.delete(result.name);
  }

  /** The run so far: ended targets whole, those in progress with what has ended. */
  snapshot(now = new Date()): RunResult {
    const partial = [...this.running.values()].map(
      (current): TargetResult => ({
        name: current.name,
        url: current.url,
        status: worst([...[...current.checks.values()].flat().map((check) => check.status), ...current.scenarios.map((scenario) => scenario.status)]),
        capabilities: [],
        suites: [...current.checks].map(([id, checks]) => ({
          id,
          title: this.info.suiteTitles.get(id) ?? id,
          status: worst(checks.map((check) => check.status)),
          durationMs: checks.reduce((sum, check) => sum + check.durationMs, 0),
          checks: [...checks],
        })),
        scenarios: [...current.scenarios],
        error: 'in progress when this file was written: the run had not finished this target',
      }),
    );
    const targets = [...this.ended, ...partial];
    return {
      schemaVersion: RESULT_SCHEMA_VERSION,
      runId: this.info.runId,
      kind: this.info.kind,
      startedAt: this.info.startedAt.toISOString(),
      endedAt: now.toISOString(),
      durationMs: now.getTime() - this.info.startedAt.getTime(),
      status: worst(targets.map((target) => target.status)),
      // Until the run ends, what is on disk is partial: a reader must not take it for a finished run.
      interrupted: true,
      environment: runEnvironment(),
      config: this.info.config,
      ...gradingFields(this.info.grading),
      targets,
    };
  }
}
