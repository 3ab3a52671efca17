/**
 * No Kubernetes cluster is available here, so the exported Jobs are checked the next best way: each container's
 * command, exactly as written in the manifests, runs locally (a `regatta` on PATH standing in for the image's, the
 * working directory for the pod's emptyDir, JOB_COMPLETION_INDEX and REGATTA_START_AT set as Kubernetes and run.sh
 * would set them) against a real lab registry; the shares' outputs, taken as `kubectl logs` would give them, merge.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startLab, type Lab } from '../lab/start-lab.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { loadRunResult } from '../../reports/json/load-run-result.js';

const cli = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'regatta-k8s-local-'));
let lab: Lab | undefined;

afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** A `regatta` executable on PATH, as the image's global install provides. */
const bin = join(work, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'regatta'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
chmodSync(join(bin, 'regatta'), 0o755);

/** Runs argv (a container's command) in `cwd` with extra environment; stdout and stderr together, as kubectl logs. */
function runPod(argv: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; log: string }> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = argv;
    const child = spawn(file ?? 'false', args, { cwd, env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, log }));
  });
}

/** The command of the one container of an exported Job. */
function containerCommand(file: string): string[] {
  const job = parse(readFileSync(join(work, 'export', file), 'utf8')) as { spec: { template: { spec: { containers: { command: string[] }[] } } } };
  return job.spec.template.spec.containers[0]?.command ?? [];
}

describe('the exported Jobs, their commands run locally against a lab registry', () => {
  it('set-up, two Indexed shares started together, gathering from their logs, merge and teardown', async (context) => {
    requireLabComponent(context, 'distribution-3');
    lab = await startLab({ registries: ['distribution-3'] });
    const url = lab.targets[0]?.url ?? '';
    const exported = await runPod(
      ['regatta', 'k8s', 'export', 'pull-blobs', '--target', url, '--vus', '4', '--iterations', '24', '--size', '16KiB', '--threads', '2', '--parallelism', '2', '--run-id', 'k8slocal1', '--out', 'export'],
      work,
    );
    expect(exported.code, exported.log).toBe(0);

    const setup = await runPod(containerCommand('setup-job.yaml'), work);
    expect(setup.code, setup.log).toBe(0);
    expect(setup.log).toMatch(/set-up of run k8slocal1 done/);

    const startAt = new Date(Date.now() + 6000).toISOString();
    const pods = [0, 1].map((index) => {
      const dir = join(work, `pod-${index}`);
      mkdirSync(dir);
      return runPod(containerCommand('run-job.yaml'), dir, { JOB_COMPLETION_INDEX: String(index), REGATTA_START_AT: startAt });
    });
    const logs = await Promise.all(pods);
    logs.forEach((pod, index) => {
      expect(pod.code, pod.log).toBe(0);
      writeFileSync(join(work, `share-${index + 1}.log`), pod.log);
    });
    const shares = await Promise.all([1, 2].map((index) => loadRunResult(join(work, `share-${index}.log`))));
    for (const share of shares) {
      // Two load threads per pod: the start instant is awaited once the worker threads are ready, then all start.
      expect(share.targets[0]?.scenarios[0]?.threads).toBe(2);
      expect(share.share?.startAt).toBe(startAt);
      expect(Date.parse(share.targets[0]?.scenarios[0]?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(startAt));
    }
    expect(shares.map((share) => share.share?.index)).toEqual([1, 2]);

    const merge = await runPod(['regatta', 'report', '--merge-shares', 'share-1.log', 'share-2.log', '--out', 'merged'], work);
    expect(merge.code, merge.log).toBe(0);
    const merged = await loadRunResult(join(work, 'merged', 'results.json'));
    const scenario = merged.targets[0]?.scenarios[0];
    expect(merged.runId).toBe('k8slocal1');
    expect(scenario?.iterations).toBe(24);
    expect(scenario?.errors).toBe(0);
    expect(scenario?.executor).toMatchObject({ type: 'constant-vus', vus: 4, iterations: 24 });

    const teardown = await runPod(containerCommand('teardown-job.yaml'), work);
    expect(teardown.code, teardown.log).toBe(0);
    expect(teardown.log).toMatch(/deleted 0 manifests and 8 blobs/);
  }, 300_000);
});
