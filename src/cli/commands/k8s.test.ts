import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CliIo } from '../cli-io.js';
import { findPackageRoot } from '../../package/package-root.js';
import { runCli } from '../run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-k8s-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the real CLI in-process and captures its output. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: dir, isTty: false, signal: new AbortController().signal };
  const code = await runCli(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

type Manifest = Record<string, unknown> & { spec: { template: { spec: { containers: { command: string[]; env: { name: string }[] }[] } } } & Record<string, unknown> };
const manifest = async (out: string, name: string): Promise<Manifest> => parse(await readFile(join(dir, out, name), 'utf8')) as Manifest;
const command = (job: Manifest): string[] => job.spec.template.spec.containers[0]?.command ?? [];

describe('regatta k8s export', () => {
  it('writes set-up, Indexed run and teardown Jobs that validate against the pinned Kubernetes batch/v1 schema', async () => {
    const result = await run([
      'k8s', 'export', 'pull-blobs', '--target', 'https://registry.example:5000', '--vus', '8', '--duration', '30s', '--size', '1MiB',
      '--parallelism', '4', '--run-id', 'k8srun1', '--secret', 'regcred', '--image', 'example/regatta:1', '--out', 'out',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const jobs = await Promise.all(['setup-job.yaml', 'run-job.yaml', 'teardown-job.yaml'].map((name) => manifest('out', name)));
    for (const job of jobs) {
      expect(() => new Job(job as never).validate()).not.toThrow();
      const container = job.spec.template.spec.containers[0];
      expect(container?.env.map((entry) => entry.name)).toEqual(expect.arrayContaining(['OCI_USERNAME', 'OCI_PASSWORD', 'REGATTA_TOKEN']));
      // Credentials come from the Secret only: nothing secret is in the file.
      expect(JSON.stringify(job)).not.toMatch(/password"\s*:\s*"[^"]/i);
    }
    const [setup, runJob, teardown] = jobs as [Manifest, Manifest, Manifest];
    const bench = ['bench', '--scenario', 'pull-blobs', '--target', 'https://registry.example:5000', '--vus', '8', '--duration', '30s', '--size', '1MiB', '--run-id', 'k8srun1'];
    expect(command(setup)).toEqual(['regatta', ...bench, '--phase', 'setup']);
    expect(command(teardown)).toEqual(['regatta', ...bench, '--phase', 'teardown']);
    expect(runJob.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimit: 0 });
    expect(command(runJob).slice(0, 2)).toEqual(['sh', '-c']);
    expect(command(runJob)[2]).toContain('--segment "$((JOB_COMPLETION_INDEX + 1))/4"');
    expect(command(runJob).slice(3)).toEqual(['regatta', ...bench]);
    expect(runJob.spec.template.spec).toMatchObject({ securityContext: { runAsNonRoot: true, runAsUser: 1000 } });
    const script = await readFile(join(dir, 'out', 'run.sh'), 'utf8');
    expect(script).toContain('kubectl create configmap regatta-pull-blobs-k8srun1-start');
    expect(script).toContain('regatta report --merge-shares shares/*.log --out merged');
    expect((await stat(join(dir, 'out', 'run.sh'))).mode & 0o111).not.toBe(0);
    // The committed Dockerfile (fixtures/docker/Dockerfile, checked by its own test), not a text of its own.
    const dockerfile = await readFile(join(dir, 'out', 'Dockerfile'), 'utf8');
    expect(dockerfile).toBe(await readFile(join(findPackageRoot(), 'fixtures', 'docker', 'Dockerfile'), 'utf8'));
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
  });

  it('the schema check catches a broken Job (so the validation above can fail)', async () => {
    const job = await manifest('out', 'run-job.yaml');
    expect(() => new Job({ ...job, spec: { ...job.spec, completionMode: 'Ordered' } } as never).validate()).toThrow(/completionMode/);
    expect(() => new Job({ ...job, spec: { ...job.spec, completions: '4' } } as never).validate()).toThrow(/completions/);
  });

  it('refuses what the pods would refuse, before writing anything (exit 2 naming the setting)', async () => {
    const base = ['k8s', 'export', 'pull-blobs', '--target', 'http://127.0.0.1:5000', '--out', 'bad'];
    const cases: [string[], RegExp][] = [
      [[], /--parallelism is required/],
      [['--parallelism', '0'], /--parallelism: "0" is not a whole number from 1 to 1000/],
      [['--parallelism', '4', '--vus', '2'], /the scenario has 2 VUs \(--vus\), fewer than 4 shares/],
      [['--parallelism', '2', '--duration', '5'], /duration/],
    ];
    for (const [extra, message] of cases) {
      const result = await run([...base, ...extra]);
      expect(result.code, result.err).toBe(2);
      expect(result.err).toMatch(message);
    }
    await expect(stat(join(dir, 'bad'))).rejects.toThrow(/ENOENT/);
  });
});
