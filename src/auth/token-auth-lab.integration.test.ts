import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOciImage } from '../../fixtures/oci-image.js';
import { writeReports } from '../../reports/write-reports.js';
import authSuite from '../../suites/11-auth/index.js';
import { suites } from '../../suites/index.js';
import type { ResolvedTarget } from '../config/target.js';
import { runConformance } from '../conformance/run-conformance.js';
import { runScenario } from '../load/index.js';
import pushBlobs from '../../scenarios/push-blobs.js';
import { startLab, type Lab } from '../lab/index.js';
import type { LabCredentials } from '../lab/lab-credentials.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import type { RunResult } from '../model/index.js';
import { openTargetSession } from './target-session.js';
import { TokenAuthProvider } from './token-auth-provider.js';
import { jwtShape } from './test-support/jwt-shape.js';

const labs: Lab[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A lab registry as a target with the lab's read-write user and, for the auth suite, its pull-only user. */
function targetOf(name: string, url: string, users: LabCredentials): ResolvedTarget {
  return {
    name,
    url,
    namespace: 'it',
    credentials: { kind: 'basic', ...users.readWrite },
    readOnlyCredentials: { kind: 'basic', ...users.readOnly },
    tls: { insecure: false },
    requestTimeoutMs: 30_000,
  };
}

/** `check id → status` of a run's only target. */
function verdicts(run: RunResult): Record<string, string> {
  const checks = (run.targets[0]?.suites ?? []).flatMap((suite) => suite.checks);
  return Object.fromEntries(checks.map((check) => [check.id, check.status]));
}

/** Verdicts outside the auth suite, which differs by design between an open and an authenticated registry. */
function withoutAuthSuite(all: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter(([id]) => !id.startsWith('auth/')));
}

/** What the auth suite must say about a token-auth distribution of the lab over plain http. */
const expectedAuthVerdicts = {
  'auth/anonymous-v2-401-challenge': 'passed',
  'auth/anonymous-v2-unauthorized-body': 'passed',
  'auth/wrong-password-401': 'skipped',
  'auth/token-endpoint-rejects-wrong-password': 'passed',
  'auth/token-bound-to-repository': 'passed',
  'auth/tampered-token-401': 'passed',
  'auth/read-only-cannot-push': 'passed',
  'auth/read-only-cannot-delete': 'passed',
  'auth/anonymous-pull': 'passed',
  'auth/realm-https': 'skipped',
};

/** Starts a token-auth lab of one registry and returns it with its target. */
async function tokenLab(name: 'distribution-2' | 'distribution-3'): Promise<{ lab: Lab; target: ResolvedTarget; users: LabCredentials }> {
  const lab = await startLab({ registries: [name], registryOptions: { auth: { kind: 'token' } } });
  labs.push(lab);
  const started = lab.targets[0];
  const users = started?.credentials;
  if (started === undefined || users === undefined || lab.tokenServer === undefined) {
    throw new Error(`the lab did not start ${name} with a token server and users`);
  }
  return { lab, target: targetOf(name, started.url, users), users };
}

describe('distribution behind the lab token server', () => {
  it('distribution-3: the same verdicts through token auth as without auth, the auth suite passes, no secret reaches a report', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const open = await startLab({ registries: ['distribution-3'] });
    labs.push(open);
    const { lab, target, users } = await tokenLab('distribution-3');
    const challenge = (await fetch(`${target.url}/v2/`)).headers.get('www-authenticate');
    expect(challenge).toBe(`Bearer realm="${lab.tokenServer?.realm ?? ''}",service="regatta-lab"`);

    const openUrl = open.targets[0]?.url ?? '';
    const withoutAuth = await runConformance({
      targets: [{ ...targetOf('distribution-3', openUrl, users), credentials: { kind: 'anonymous' } }],
      suites,
    });
    const withAuth = await runConformance({ targets: [target], suites });
    expect(withAuth.targets[0]?.error).toBeUndefined();
    const expected = withoutAuthSuite(verdicts(withoutAuth));
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(100);
    expect(withoutAuthSuite(verdicts(withAuth))).toEqual(expected);
    expect(Object.fromEntries(Object.entries(verdicts(withAuth)).filter(([id]) => id.startsWith('auth/')))).toEqual(
      expectedAuthVerdicts,
    );
    // Every token the run used came from the lab token server: the auth layer really was in the way.
    const subjects = new Set(lab.tokenServer?.issued.map((grant) => grant.subject));
    expect(subjects).toEqual(new Set(['regatta-rw', 'regatta-ro', '']));

    const outDir = await mkdtemp(join(tmpdir(), 'regatta-token-reports-'));
    dirs.push(outDir);
    await writeReports(withAuth, outDir);
    const names = (await readdir(outDir, { recursive: true })).map(String);
    expect(names).toEqual(expect.arrayContaining(['results.json', 'junit.xml', 'report.html']));
    const secrets = [users.readWrite.password, users.readOnly.password, Buffer.from(`regatta-rw:${users.readWrite.password}`).toString('base64')];
    for (const name of names) {
      const text = await readFile(join(outDir, name), 'utf8').catch(() => '');
      for (const secret of secrets) {
        expect(text, name).not.toContain(secret);
      }
      // Lab tokens are JWTs: none may be in any output.
      expect(text, name).not.toMatch(jwtShape);
    }
  });

  it('distribution-2 (2.8): the auth suite passes behind the same token server', async (context) => {
    requireLabComponent(context, 'distribution-2');
    const { target } = await tokenLab('distribution-2');
    const run = await runConformance({ targets: [target], suites: [authSuite] });
    expect(verdicts(run)).toEqual(expectedAuthVerdicts);
  });

  it('with TLS the token server serves https too, and the auth suite passes every check including realm-https', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'openssl');
    const lab = await startLab({ registries: ['distribution-3'], registryOptions: { auth: { kind: 'token' }, tls: { kind: 'tls' } } });
    labs.push(lab);
    const started = lab.targets[0];
    const users = started?.credentials;
    const caFile = started?.tls?.caFile;
    if (started === undefined || users === undefined || caFile === undefined) {
      throw new Error('the lab did not start distribution-3 with TLS and users');
    }
    expect(lab.tokenServer?.realm).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/token$/);
    const target: ResolvedTarget = { ...targetOf('distribution-3', started.url, users), tls: { insecure: false, caFile } };
    const run = await runConformance({ targets: [target], suites: [authSuite] });
    expect(verdicts(run)).toEqual({ ...expectedAuthVerdicts, 'auth/realm-https': 'passed' });
    // The load path fetches its tokens from the https realm with the target's CA too.
    const load = await runScenario({
      target,
      scenario: pushBlobs,
      overrides: { durationMs: 1000, vus: 2, sizeBytes: 64 * 1024 },
      repository: 'it/load',
      threads: 1,
    });
    expect({ status: load.status, errors: load.errors }).toEqual({ status: 'passed', errors: 0 });
    expect(load.iterations).toBeGreaterThan(0);
  });

  it('a token that is already expired is refused, and the client fetches a fresh one and goes on', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const { lab, target } = await tokenLab('distribution-3');
    const session = await openTargetSession(target, {});
    const client = session.createClient();
    try {
      const image = buildOciImage({ seed: 'expired-token' });
      const [first, second] = image.blobs;
      if (first === undefined || second === undefined) {
        throw new Error('the fixture image has a config and a layer');
      }
      expect((await client.pushBlob('it/expiry', first.bytes)).digest).toBe(first.digest);
      const before = lab.tokenServer?.issued.length ?? 0;
      lab.tokenServer?.expireNext(1);
      // The cached token still works; a new scope needs a new token, which arrives expired: 401, then a fresh one.
      expect((await client.pushBlob('it/expiry-2', second.bytes)).digest).toBe(second.digest);
      expect((lab.tokenServer?.issued.length ?? 0) - before).toBe(2);
      const pulled = await client.getBlob('it/expiry-2', second.digest);
      expect(pulled.status).toBe(200);
    } finally {
      await session.close();
    }
  });

  it('an identity token from the Docker config goes through the OAuth2 refresh grant', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const { lab, target } = await tokenLab('distribution-3');
    const identityToken = lab.tokenServer?.identityTokenFor('regatta-ro') ?? '';
    const dockerDir = await mkdtemp(join(tmpdir(), 'regatta-docker-config-'));
    dirs.push(dockerDir);
    const host = new URL(target.url).host;
    await writeFile(
      join(dockerDir, 'config.json'),
      JSON.stringify({ auths: { [host]: { auth: Buffer.from('<token>:').toString('base64'), identitytoken: identityToken } } }),
    );
    const anonymousTarget: ResolvedTarget = { ...target, credentials: { kind: 'anonymous' } };
    const session = await openTargetSession(anonymousTarget, { DOCKER_CONFIG: dockerDir });
    expect(session.auth).toBeInstanceOf(TokenAuthProvider);
    expect(session.credentialSource).toBe('docker-config');
    const client = session.createClient();
    try {
      expect((await client.ping()).status).toBe(200);
      expect(lab.tokenServer?.issued.at(-1)?.subject).toBe('regatta-ro');
      // regatta-ro may pull but not push: the refresh grant carried the account's rights, not more.
      const upload = await client.startUpload('it/identity');
      expect(upload.status).toBe(401);
      expect(JSON.stringify(lab.tokenServer?.issued.at(-1))).toContain('"actions":["pull"]');
    } finally {
      await session.close();
    }
  });
});
