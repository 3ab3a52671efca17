import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/target.js';
import { runConformance } from '../conformance/run-conformance.js';
import type { RunResult } from '../model/index.js';
import authSuite from '../../suites/11-auth/index.js';
import { suites } from '../../suites/index.js';
import { labResolvedTarget, startLab, type Lab } from './index.js';
import type { LabTarget } from './lab-target.js';
import { requireLabComponent } from './test-support/require-lab-component.js';

const labs: Lab[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
});

/** Starts one registry with the given variant and returns its target (with credentials when authenticated). */
async function startOne(name: 'zot' | 'distribution-3', auth: 'none' | 'basic', tls: 'none' | 'tls' = 'none'): Promise<LabTarget> {
  const lab = await startLab({ registries: [name], registryOptions: { auth: { kind: auth }, tls: { kind: tls } } });
  labs.push(lab);
  const target = lab.targets[0];
  if (target === undefined || (auth === 'basic' && target.credentials === undefined)) {
    throw new Error(`the lab did not start ${name} (${auth})`);
  }
  return target;
}

/** The lab target logged in as the read-write (or read-only) user. */
function asUser(target: LabTarget, user: 'readWrite' | 'readOnly' = 'readWrite'): ResolvedTarget {
  const account = target.credentials?.[user];
  return {
    ...labResolvedTarget(target),
    credentials: account === undefined ? { kind: 'anonymous' } : { kind: 'basic', username: account.username, password: account.password },
  };
}

/** `check id → status` of a run's only target, split into the auth suite and the rest. */
function verdicts(run: RunResult): { auth: Record<string, string>; others: Record<string, string> } {
  const checks = (run.targets[0]?.suites ?? []).flatMap((suite) => suite.checks);
  const pick = (auth: boolean): Record<string, string> =>
    Object.fromEntries(checks.filter((check) => check.id.startsWith('auth/') === auth).map((check) => [check.id, check.status]));
  return { auth: pick(true), others: pick(false) };
}

describe('zot 1.4 with htpasswd Basic auth', () => {
  it('passes the auth suite for both lab users with the verdicts distribution gets behind htpasswd', async (context) => {
    requireLabComponent(context, 'zot');
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'htpasswd');
    const zot = await startOne('zot', 'basic');
    const anonymous = await fetch(`${zot.url}/v2/`, { signal: AbortSignal.timeout(5000) });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="regatta-lab"');

    const distribution = await startOne('distribution-3', 'basic');
    const reference = verdicts(await runConformance({ targets: [asUser(distribution)], suites: [authSuite] })).auth;
    expect(reference['auth/anonymous-v2-401-challenge']).toBe('passed');
    for (const user of ['readWrite', 'readOnly'] as const) {
      const run = await runConformance({ targets: [asUser(zot, user)], suites: [authSuite] });
      expect(run.targets[0]?.error).toBeUndefined();
      const { auth } = verdicts(run);
      expect(auth, user).toEqual(reference);
      expect(auth['auth/anonymous-v2-401-challenge']).toBe('passed');
      expect(auth['auth/anonymous-v2-unauthorized-body']).toBe('passed');
      expect(auth['auth/wrong-password-401']).toBe('passed');
      expect(JSON.stringify(run)).not.toContain(zot.credentials?.[user].password ?? '(none)');
    }
  });

  it('gives the verdicts of an open zot for a whole conformance run through Basic auth (and over TLS)', async (context) => {
    requireLabComponent(context, 'zot');
    requireLabComponent(context, 'htpasswd');
    requireLabComponent(context, 'openssl');
    const open = await startOne('zot', 'none');
    const basicTls = await startOne('zot', 'basic', 'tls');
    expect(basicTls.url).toMatch(/^https:/);
    const withoutAuth = verdicts(await runConformance({ targets: [labResolvedTarget(open)], suites }));
    const withAuth = await runConformance({ targets: [asUser(basicTls)], suites });
    expect(withAuth.targets[0]?.error).toBeUndefined();
    expect(Object.keys(withoutAuth.others).length).toBeGreaterThanOrEqual(100);
    expect(verdicts(withAuth).others).toEqual(withoutAuth.others);
  });
});
