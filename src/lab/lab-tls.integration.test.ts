import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/cli-io.js';
import { runCli } from '../cli/run-cli.js';
import type { ResolvedTarget } from '../config/target.js';
import { runConformance } from '../conformance/run-conformance.js';
import { exitPolicies, runExitCode, type RunResult } from '../model/index.js';
import { writeReports } from '../../reports/write-reports.js';
import { suites } from '../../suites/index.js';
import { labResolvedTarget, startLab, type Lab } from './index.js';
import type { LabTarget } from './lab-target.js';
import { requireLabComponent } from './test-support/require-lab-component.js';

const labs: Lab[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Starts a one-registry lab of `name` with the given TLS kind and returns its target. */
async function startOne(name: 'distribution-2' | 'distribution-3' | 'zot' | 'olareg', tls: 'none' | 'tls' | 'mtls'): Promise<LabTarget> {
  const lab = await startLab({ registries: [name], registryOptions: { tls: { kind: tls } } });
  labs.push(lab);
  const target = lab.targets[0];
  if (target === undefined) {
    throw new Error(`the lab did not start ${name}`);
  }
  return target;
}

/** `check id → status` of a run's only target, without the auth suite (it differs by design between targets). */
function verdicts(run: RunResult): Record<string, string> {
  const checks = (run.targets[0]?.suites ?? []).flatMap((suite) => suite.checks);
  return Object.fromEntries(checks.filter((check) => !check.id.startsWith('auth/')).map((check) => [check.id, check.status]));
}

/** The lab's run target with other TLS settings. */
function withTls(target: LabTarget, tls: ResolvedTarget['tls']): ResolvedTarget {
  return { ...labResolvedTarget(target), tls };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-lab-tls-it-'));
  dirs.push(dir);
  return dir;
}

/** Runs the CLI with captured output. */
async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    cwd,
    isTty: false,
    signal: new AbortController().signal,
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

describe('a TLS lab (distribution-3 over https with a CA made by openssl)', () => {
  it('gives the same verdicts over https with the lab CA as over plain http', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'openssl');
    const plain = await startOne('distribution-3', 'none');
    const tls = await startOne('distribution-3', 'tls');
    expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(tls.tls?.caFile).toMatch(/\/regatta-lab-tls-[^/]+\/ca\.crt$/);

    const overHttp = await runConformance({ targets: [labResolvedTarget(plain)], suites });
    const overHttps = await runConformance({ targets: [labResolvedTarget(tls)], suites });
    expect(overHttps.targets[0]?.error).toBeUndefined();
    expect(overHttps.targets[0]?.insecure).toBeUndefined();
    expect(Object.keys(verdicts(overHttp)).length).toBeGreaterThanOrEqual(100);
    expect(verdicts(overHttps)).toEqual(verdicts(overHttp));
  });

  it('without the CA is one line naming tls.caFile (exit 2); --ca-file and --insecure on the CLI work, and --insecure is flagged', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'openssl');
    const target = await startOne('distribution-3', 'tls');
    const caFile = target.tls?.caFile ?? '';

    const untrusted = await runConformance({ targets: [withTls(target, { insecure: false })], suites, suiteFilter: ['ping'] });
    expect(untrusted.targets[0]?.error).toBe(
      `cannot reach ${target.url}: TLS certificate rejected (unable to verify the first certificate [UNABLE_TO_VERIFY_LEAF_SIGNATURE]); ` +
        'set tls.caFile or tls.insecure for this target',
    );
    expect(runExitCode(untrusted, exitPolicies.conformance)).toBe(2);

    const cwd = await tempDir();
    const refused = await cli(['conformance', '--target', target.url, '--suite', 'ping', '--out', 'untrusted'], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`regatta: ${untrusted.targets[0]?.error ?? ''}\n`);

    const trusted = await cli(['conformance', '--target', target.url, '--suite', 'ping', '--ca-file', caFile, '--out', 'trusted'], cwd);
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    const trustedJson = JSON.parse(await readFile(join(cwd, 'trusted', 'results.json'), 'utf8')) as RunResult;
    expect(trustedJson.targets[0]?.insecure).toBeUndefined();
    expect(trustedJson.targets[0]?.suites[0]?.checks.every((check) => check.status === 'passed')).toBe(true);

    const insecure = await cli(['conformance', '--target', target.url, '--suite', 'ping', '--insecure', '--out', 'insecure'], cwd);
    expect(insecure.code).toBe(0);
    expect(insecure.stdout).toContain(': TLS verification off (--insecure)\n');
    const out = join(cwd, 'insecure');
    const json = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResult;
    expect(json.targets[0]?.insecure).toBe(true);
    expect(json.targets[0]?.error).toBeUndefined();
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('TLS verification off (`--insecure`) for: ');
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('TLS verification off');
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('name="target.tls" value="verification off (--insecure)"');

    // The API path writes the same flag: runConformance + writeReports, as the CLI does.
    const run = await runConformance({ targets: [withTls(target, { insecure: true })], suites, suiteFilter: ['ping'] });
    const apiOut = await tempDir();
    await writeReports(run, apiOut);
    expect((JSON.parse(await readFile(join(apiOut, 'results.json'), 'utf8')) as RunResult).targets[0]?.insecure).toBe(true);
  });

  it('mTLS: without a client certificate the handshake fails with one clear line; with the lab client certificate it passes', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'openssl');
    const target = await startOne('distribution-3', 'mtls');
    const { caFile, certFile, keyFile } = target.tls ?? { caFile: '' };
    expect(certFile).toMatch(/client\.crt$/);
    expect(keyFile).toMatch(/client\.key$/);

    const anonymous = await runConformance({ targets: [withTls(target, { insecure: false, caFile })], suites, suiteFilter: ['ping'] });
    const error = anonymous.targets[0]?.error ?? '';
    expect(error).toBe(
      `cannot reach ${target.url}: the registry requires a client certificate (TLS alert: certificate required); ` +
        'set tls.certFile and tls.keyFile (--cert-file/--key-file)',
    );
    expect(error).not.toContain('\n');
    expect(runExitCode(anonymous, exitPolicies.conformance)).toBe(2);

    // The server certificate is not for client auth (EKU serverAuth only): the registry refuses it.
    const serverCert = { insecure: false, caFile, certFile: caFile.replace(/ca\.crt$/, 'server.crt'), keyFile: caFile.replace(/ca\.crt$/, 'server.key') };
    const wrongCert = await runConformance({ targets: [withTls(target, serverCert)], suites, suiteFilter: ['ping'] });
    expect(wrongCert.targets[0]?.error).toMatch(
      new RegExp(`^cannot reach https://127\\.0\\.0\\.1:\\d+: the registry rejected the client certificate \\S+/server\\.crt \\(TLS alert: bad certificate\\); `),
    );

    const withCert = await runConformance({ targets: [labResolvedTarget(target)], suites, suiteFilter: ['ping', 'blob-upload'] });
    expect(withCert.targets[0]?.error).toBeUndefined();
    const checks = Object.values(verdicts(withCert));
    expect(checks.length).toBeGreaterThan(5);
    expect(checks).not.toContain('errored');

    const cwd = await tempDir();
    const flags = ['--ca-file', caFile, '--cert-file', certFile ?? '', '--key-file', keyFile ?? ''];
    const viaCli = await cli(['conformance', '--target', target.url, '--suite', 'ping', ...flags, '--out', 'mtls'], cwd);
    expect(viaCli.stderr).toBe('');
    expect(viaCli.code).toBe(0);
  });

  it('zot, olareg and distribution 2.8 serve https with the lab CA too; zot also requires the client certificate under mtls', async (context) => {
    requireLabComponent(context, 'openssl');
    for (const name of ['zot', 'olareg', 'distribution-2'] as const) {
      requireLabComponent(context, name);
    }
    for (const name of ['zot', 'olareg', 'distribution-2'] as const) {
      const target = await startOne(name, 'tls');
      const run = await runConformance({ targets: [labResolvedTarget(target)], suites, suiteFilter: ['ping', 'blob-upload'] });
      expect(run.targets[0]?.error, name).toBeUndefined();
      expect(Object.keys(verdicts(run)).length, name).toBeGreaterThan(5);
      expect(Object.values(verdicts(run)), name).not.toContain('errored');
    }
    const zot = await startOne('zot', 'mtls');
    const anonymous = await runConformance({ targets: [withTls(zot, { insecure: false, caFile: zot.tls?.caFile ?? '' })], suites, suiteFilter: ['ping'] });
    expect(anonymous.targets[0]?.error).toMatch(/: the registry requires a client certificate \(TLS alert: [a-z ]+\); set tls\.certFile and tls\.keyFile/);
    const withCert = await runConformance({ targets: [labResolvedTarget(zot)], suites, suiteFilter: ['ping'] });
    expect(withCert.targets[0]?.error).toBeUndefined();
    expect(Object.values(verdicts(withCert))).toContain('passed');
    expect(Object.values(verdicts(withCert))).not.toContain('errored');
  });

  it('stop() removes the CA directory (client key included) with the registries', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'openssl');
    const lab = await startLab({ registries: ['distribution-3'], registryOptions: { tls: { kind: 'mtls' } } });
    labs.push(lab);
    const tlsDir = dirname(lab.targets[0]?.tls?.caFile ?? '/nonexistent/ca.crt');
    expect(existsSync(join(tlsDir, 'client.key'))).toBe(true);
    await lab.stop();
    expect(existsSync(tlsDir)).toBe(false);
  });
});
