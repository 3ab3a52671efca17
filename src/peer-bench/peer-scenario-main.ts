/**
 * One regatta row of the peer bench in a process of its own: `node peer-scenario-main.js '<job JSON>'` runs the
 * scenario and prints its ScenarioResult as JSON. The peers are fresh processes measured alone, so regatta is too:
 * in the bench's own process a row's peak RSS would carry the heap that earlier rows and the lab left behind.
 */
import type { ResolvedTarget } from '../config/target.js';
import { defineScenario, type ScenarioInput } from '../load/define-scenario.js';
import { runScenario } from '../load/run-scenario.js';

/** What the bench sends: the target, the scenario (without id and description), where it runs, on how many threads. */
export interface PeerScenarioJob {
  readonly target: ResolvedTarget;
  readonly input: Omit<ScenarioInput, 'id' | 'description'>;
  readonly repository: string;
  readonly threads?: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as PeerScenarioJob;
  const scenario = defineScenario({ id: 'peer-bench', description: 'peer benchmark', ...job.input });
  const result = await runScenario({ target: job.target, scenario, repository: job.repository, ...(job.threads === undefined ? {} : { threads: job.threads }) });
  process.stdout.write(JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`peer scenario failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
