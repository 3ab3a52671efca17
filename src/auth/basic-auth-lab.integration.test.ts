import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/target.js';
import { runConformance } from '../conformance/run-conformance.js';
import { startLab, type Lab } from '../lab/index.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import type { RunResult } from '../model/index.js';
import { writeReports } from '../../reports/write-reports.js';
import authSuite from '../../suites/11-auth/index.js';
import { suites } from '../../suites/index.js';

const labs: Lab[] = [];
let outDir: string | undefined;

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  if (outDir !== undefined) {
    await rm(outDir, { recursive: true, force: true });
  }
});

/** A target for a lab registry. */
function targetOf(url: string, credentials: ResolvedTarget['credentials']): ResolvedTarget {
  return { name: 'distribution-3', url, namespace: 'it', credentials, tls: { insecure: false }, requestTimeoutMs: 30_000 };
}

/** `check id → status` of a run's only target. */
function verdicts(run: RunResult): Record<string, string> {
  const checks = (run.targets[0]?.suites ?? []).flatMap((suite) => suite.checks);
  return Object.fromEntries(checks.map((check) => [check.id, check.status]));
}

/** Separates the auth suite's verdicts from the rest. */
function splitAuth(all: Record<string, string>): { authChecks: Record<string, string>; others: Record<string, string> } {
  const entries = Object.entries(all);
  return {
    authChecks: Object.fromEntries(entries.filter(([id]) => id.startsWith('auth/'))),
    others: Object.fromEntries(entries.filter(([id]) => !id.startsWith('auth/'))),
  };
}

/**
 * The auth suite on an htpasswd distribution: the token checks have no token endpoint to examine, the pull-only
 * checks no pull-only account (htpasswd has no permissions, so none is configured), anonymous pull is refused
 * (reported as an unsupported capability) and the realm check needs https.
 */
const basicAuthVerdicts = {
  'auth/anonymous-v2-401-challenge': 'passed',
  'auth/anonymous-v2-unauthorized-body': 'passed',
  'auth/wrong-password-401': 'passed',
  'auth/token-endpoint-rejects-wrong-password': 'skipped',
  'auth/token-bound-to-repository': 'skipped',
  'auth/tampered-token-401': 'skipped',
  'auth/read-only-cannot-push': 'skipped',
  'auth/read-only-cannot-delete': 'skipped',
  'auth/anonymous-pull': 'skipped',
  'auth/realm-https': 'skipped',
};

describe('distribution-3 with htpasswd Basic auth', () => {
  it('gives the same verdicts through the auth layer as without auth, and no password reaches any report', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'htpasswd');
    const open = await startLab({ registries: ['distribution-3'] });
    labs.push(open);
    const basic = await startLab({ registries: ['distribution-3'], registryOptions: { auth: { kind: 'basic' } } });
    labs.push(basic);
    const openTarget = open.targets[0];
    const basicTarget = basic.targets[0];
    const users = basicTarget?.credentials;
    if (openTarget === undefined || basicTarget === undefined || users === undefined) {
      throw new Error('the labs did not start their registry with credentials');
    }

    const anonymous = await fetch(`${basicTarget.url}/v2/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="regatta-lab"');

    const withoutAuth = await runConformance({ targets: [targetOf(openTarget.url, { kind: 'anonymous' })], suites });
    const { username, password } = users.readWrite;
    const withAuth = await runConformance({
      targets: [targetOf(basicTarget.url, { kind: 'basic', username, password })],
      suites,
    });
    expect(withAuth.targets[0]?.error).toBeUndefined();
    // The auth suite differs by design: skipped on the open registry, run on the authenticated one.
    const { authChecks: openAuth, others: expected } = splitAuth(verdicts(withoutAuth));
    const { authChecks, others } = splitAuth(verdicts(withAuth));
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(100);
    expect(others).toEqual(expected);
    expect(Object.values(openAuth).every((status) => status === 'skipped')).toBe(true);
    expect(authChecks).toEqual(basicAuthVerdicts);

    outDir = await mkdtemp(join(tmpdir(), 'regatta-auth-reports-'));
    await writeReports(withAuth, outDir);
    const files = await readdir(outDir, { recursive: true });
    const names = files.map(String);
    expect(names).toEqual(expect.arrayContaining(['results.json', 'junit.xml', 'report.html']));
    const encoded = Buffer.from(`${username}:${password}`).toString('base64');
    for (const name of names) {
      const text = await readFile(join(outDir, name), 'utf8').catch(() => '');
      expect(text, name).not.toContain(password);
      expect(text, name).not.toContain(encoded);
      expect(text, name).not.toContain(users.readOnly.password);
    }
  });

  it('distribution-2 (2.8) with htpasswd passes the auth suite, for both lab users', async (context) => {
    requireLabComponent(context, 'distribution-2');
    requireLabComponent(context, 'htpasswd');
    const lab = await startLab({ registries: ['distribution-2'], registryOptions: { auth: { kind: 'basic' } } });
    labs.push(lab);
    const target = lab.targets[0];
    const users = target?.credentials;
    if (target === undefined || users === undefined) {
      throw new Error('the lab did not start distribution-2 with credentials');
    }
    expect((await fetch(`${target.url}/v2/`)).status).toBe(401);
    for (const user of [users.readWrite, users.readOnly]) {
      const run = await runConformance({
        targets: [targetOf(target.url, { kind: 'basic', username: user.username, password: user.password })],
        suites: [authSuite],
      });
      expect(verdicts(run)).toEqual(basicAuthVerdicts);
      expect(JSON.stringify(run)).not.toContain(user.password);
    }
  });
});
