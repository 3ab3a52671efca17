/**
 * A run that is killed keeps what it had: the CLI rewrites results.json as the run goes (atomically), so SIGKILL in the
 * middle of a conformance run against a real lab registry leaves a valid results.json with the checks done so far.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/index.js';
import { requireLabComponent } from '../../lab/test-support/require-lab-component.js';
import { runResultSchema, type RunResult } from '../../model/index.js';

const main = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));
const labs: Lab[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The checks of a run that ended (not disabled). */
function checksOf(run: RunResult): number {
  return run.targets.flatMap((target) => target.suites.flatMap((suite) => suite.checks)).filter((check) => check.status !== 'disabled').length;
}

it('SIGKILL mid-run leaves a valid results.json holding the checks done so far, marked interrupted', async (context) => {
  requireLabComponent(context, 'distribution-3');
  const lab = await startLab({ registries: ['distribution-3'] });
  labs.push(lab);
  const url = lab.targets[0]?.url ?? '';
  const dir = await mkdtemp(join(tmpdir(), 'regatta-killed-'));
  dirs.push(dir);
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [main, 'conformance', '--target', `distribution-3=${url}`, '--out', out, '--concurrency', '1'], {
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let seen: RunResult | undefined;
  const deadline = Date.now() + 120_000;
  // Kill once results.json holds at least 20 ended checks: the run is well under way, and far from done (200+).
  while (Date.now() < deadline && (seen === undefined || checksOf(seen) < 20)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await readFile(join(out, 'results.json'), 'utf8')
      .then((text) => runResultSchema.parse(JSON.parse(text)))
      .catch(() => seen);
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const kept = runResultSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  expect(kept.interrupted).toBe(true);
  expect(checksOf(kept)).toBeGreaterThanOrEqual(20);
  expect(kept.targets[0]?.name).toBe('distribution-3');
  expect(kept.targets[0]?.error).toContain('in progress');
  await context.annotate(`killed with ${checksOf(kept)} checks in results.json`);
}, 180_000);
