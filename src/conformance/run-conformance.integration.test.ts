import { afterAll, describe, expect, it } from 'vitest';
import { labRegistryNames, startLab, type Lab } from '../lab/index.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { runResultSchema, type RunResult, type TargetResult } from '../model/index.js';
import { createProfileJudge } from '../profiles/judge-with-profile.js';
import { loadProfile, type LoadedProfile } from '../profiles/load-profile.js';
import { suites } from '../../suites/index.js';
import { allCheckIds } from './check-filter.js';
import { exitPolicies, runExitCode } from '../model/index.js';
import { runConformance } from './run-conformance.js';

const labs: Lab[] = [];

afterAll(async () => {
  // Safety net: a failed assertion must not leave a registry running.
  await Promise.all(labs.map((lab) => lab.stop()));
});

/** The run with its one target judged by `loaded` (what runTarget does with --expect), and its exit code. */
function judgedExit(run: RunResult, raw: TargetResult, loaded: LoadedProfile, today = '2026-12-02'): { exit: number; target: TargetResult } {
  const target = createProfileJudge(loaded, today).judgeTarget(raw);
  return { exit: runExitCode({ ...run, targets: [target] }, exitPolicies.conformance), target };
}

describe.each(labRegistryNames())('conformance run against lab registry %s', (name) => {
  it('passes with its shipped profile (deviations known), fails without one entry or with one expired, reports a fixed one', async (context) => {
    requireLabComponent(context, name);
    const lab = await startLab({ registries: [name] });
    labs.push(lab);
    const labTarget = lab.targets[0];
    if (labTarget === undefined) {
      throw new Error(`lab started no ${name}`);
    }
    const shipped = await loadProfile(name, { cwd: process.cwd(), setting: 'test', checkIds: allCheckIds(suites) });
    const run = await runConformance({
      targets: [
        {
          name,
          url: labTarget.url,
          namespace: 'it',
          credentials: { kind: 'anonymous' },
          tls: { insecure: false },
          requestTimeoutMs: 30_000,
          expect: shipped,
        },
      ],
      suites,
    });
    expect(runResultSchema.safeParse(run).success).toBe(true);
    const target = run.targets[0];
    expect(target?.error).toBeUndefined();
    expect(target?.product?.name).toBe(labTarget.product);
    expect(target?.profile?.name).toBe(name);
    expect(target?.profile?.hash).toBe(shipped.hash);
    const checks = (target?.suites ?? []).flatMap((suite) => suite.checks);
    expect(checks.length).toBeGreaterThanOrEqual(100);
    const describe = (check: (typeof checks)[number]): string => `${check.id}: ${'errors' in check ? check.errors[0]?.message : ''}`;
    expect(checks.filter((check) => check.status === 'errored').map(describe)).toEqual([]);
    // Leftovers are allowed only where the registry refuses deletes, and then they are listed. An upload session the
    // registry will not cancel (distribution: 416 after a PUT refused for a wrong digest) is listed as left open.
    const support = (id: string): string | undefined => target?.capabilities.find((c) => c.id === id)?.support;
    const pushed = (target?.cleanup?.leftovers ?? []).filter((leftover) => !leftover.startsWith('upload session '));
    if (support('manifest-delete') === 'supported' && support('blob-delete') === 'supported') {
      // A delete the registry answers with a 5xx is its failure, listed with the status (zot 1.4.3: deleting a
      // subject's tag takes the tagged manifests that refer to it, whose own DELETE then answers 500).
      expect(pushed.filter((leftover) => !/ \(5\d\d\)$/.test(leftover))).toEqual([]);
    } else {
      expect(pushed.length).toBeGreaterThan(0);
    }
    expect(target?.cleanup?.kept).toBe(false);
    // Every failure is a known deviation of the shipped profile, and no (non-intermittent) entry is obsolete.
    expect(checks.filter((check) => check.status === 'failed').map(describe)).toEqual([]);
    expect(target?.profile?.nowPassing).toEqual([]);
    expect(target?.profile?.expired).toEqual([]);
    expect(runExitCode(run, exitPolicies.conformance)).toBe(0);
    const known = checks.filter((check) => check.status === 'known').map((check) => check.id);
    await context.annotate(`${name}: ${checks.length} checks, known: ${known.join(', ') || 'none'}`);
    if (target === undefined || known.length === 0) {
      return;
    }

    // The same observations judged by variants of the profile (runTarget judges exactly like this).
    const raw: TargetResult = {
      ...target,
      profile: undefined,
      suites: target.suites
        .filter((suite) => suite.id !== 'expectations')
        .map((suite) => ({
          ...suite,
          checks: suite.checks.map((check) => {
            if (check.status !== 'known') {
              return check;
            }
            const { known: mark, ...rest } = check;
            return { ...rest, status: mark.was };
          }),
        })),
    };
    // The entry of the first check that was known as a MUST failure: without it, or past its expiry, the run fails.
    const mustKnown = checks.find((check) => check.status === 'known' && check.known.was === 'failed');
    const entryOfIt = mustKnown?.status === 'known' ? mustKnown.known.entry : undefined;
    const firstFailing = shipped.profile.known.findIndex((entry) => entry.check === entryOfIt);
    expect(firstFailing).toBeGreaterThanOrEqual(0);
    const withoutOne = { ...shipped, profile: { ...shipped.profile, known: shipped.profile.known.filter((_, index) => index !== firstFailing) } };
    const removed = judgedExit(run, raw, withoutOne);
    expect(removed.exit).toBe(1);
    const expiredOne = {
      ...shipped,
      profile: { ...shipped.profile, known: shipped.profile.known.map((entry, index) => (index === firstFailing ? { ...entry, expires: '2026-12-01' } : entry)) },
    };
    const expired = judgedExit(run, raw, expiredOne);
    expect(expired.target.profile?.expired.length).toBeGreaterThan(0);
    expect(expired.exit).toBe(1);
    const passing = checks.find((check) => check.status === 'passed' && !check.id.startsWith('expectations/'));
    if (passing !== undefined) {
      const fixedOne = {
        ...shipped,
        profile: {
          ...shipped.profile,
          known: [...shipped.profile.known, { check: passing.id, reason: 'test', source: 'https://example.org/x', expires: '2027-01-01', intermittent: false }],
        },
      };
      const fixed = judgedExit(run, raw, fixedOne);
      expect(fixed.exit).toBe(0);
      expect(fixed.target.profile?.nowPassing).toEqual([{ check: passing.id, entry: passing.id }]);
    }
  });
});
