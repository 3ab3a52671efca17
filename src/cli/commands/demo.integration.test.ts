import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireLabComponent } from '../../lab/test-support/require-lab-component.js';
import type { RunResult } from '../../model/index.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';
import { securedDemoTargetName } from './demo-secured-target.js';
import { jwtShape } from '../../auth/test-support/jwt-shape.js';

const out = await mkdtemp(join(tmpdir(), 'regatta-demo-'));

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('regatta demo (the README main job), on distribution-3', () => {
  it('runs conformance and load on the open and the token + TLS registry, writes every report, leaks no secret', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'openssl');
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: process.env,
      cwd: out,
      isTty: false,
      signal: new AbortController().signal,
    };
    const code = await runCli(['demo', '--registry', 'distribution-3', '--load-seconds', '1', '--out', join(out, 'report')], io);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`regatta demo: report written to ${join(out, 'report', 'report.html')}`);

    const run = JSON.parse(await readFile(join(out, 'report', 'results.json'), 'utf8')) as RunResult;
    expect(run.targets.map((target) => target.name)).toEqual(['distribution-3', securedDemoTargetName]);
    for (const target of run.targets) {
      expect(target.error).toBeUndefined();
      const checks = target.suites.flatMap((suite) => suite.checks);
      expect(checks.filter((check) => check.status === 'errored')).toEqual([]);
      expect(checks.filter((check) => check.status === 'failed')).toEqual([]);
      expect(target.scenarios?.map((scenario) => scenario.id)).toEqual(['push-blobs', 'pull-blobs']);
      for (const scenario of target.scenarios ?? []) {
        // On a failure, the thresholds and the reason say which bound was crossed (a loaded machine, or the engine).
        const why = JSON.stringify({ thresholds: scenario.thresholds, reason: scenario.reason, p99: scenario.latency.p99, iterations: scenario.iterations });
        expect({ target: target.name, scenario: scenario.id, status: scenario.status, errors: scenario.errors }, why).toEqual({
          target: target.name,
          scenario: scenario.id,
          status: 'passed',
          errors: 0,
        });
        expect(scenario.iterations).toBeGreaterThan(0);
      }
    }
    // The auth suite skips on the open registry and runs on the secured one, through the token flow over https.
    const authOf = (name: string): Record<string, string> =>
      Object.fromEntries(
        (run.targets.find((target) => target.name === name)?.suites.find((suite) => suite.id === 'auth')?.checks ?? []).map((check) => [
          check.id,
          check.status,
        ]),
      );
    expect(Object.values(authOf('distribution-3')).every((status) => status === 'skipped')).toBe(true);
    const securedAuth = authOf(securedDemoTargetName);
    expect(securedAuth['auth/realm-https']).toBe('passed');
    expect(securedAuth['auth/read-only-cannot-push']).toBe('passed');
    expect(Object.values(securedAuth).filter((status) => status === 'passed'), JSON.stringify(securedAuth)).toHaveLength(9);

    const files = (await readdir(join(out, 'report'), { recursive: true })).map(String);
    expect(files).toEqual(expect.arrayContaining(['results.json', 'junit.xml', 'report.html', 'summary.md']));
    for (const file of files) {
      const text = await readFile(join(out, 'report', file), 'utf8').catch(() => '');
      // The passwords are random and never leave the demo; what could leak is a token (JWT, "eyJ…") or a Basic header.
      expect(text, file).not.toMatch(jwtShape);
      expect(text, file).not.toMatch(/Basic [A-Za-z0-9+/=]{20,}/);
    }
  });
});
