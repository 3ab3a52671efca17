import { afterAll, describe, expect, it } from 'vitest';
import { labRegistryNames, startLab, type Lab } from '../lab/index.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { runResultSchema } from '../model/index.js';
import { suites } from '../../suites/index.js';
import { labDeviations } from '../../suites/support/lab-deviations.js';
import { runConformance } from './run-conformance.js';

const labs: Lab[] = [];

afterAll(async () => {
  // Safety net: a failed assertion must not leave a registry running.
  await Promise.all(labs.map((lab) => lab.stop()));
});

describe.each(labRegistryNames())('conformance run against lab registry %s', (name) => {
  it('runs every suite with no errored check and only known deviations failing, recognises the product and cleans up', async (context) => {
    requireLabComponent(context, name);
    const lab = await startLab({ registries: [name] });
    labs.push(lab);
    const labTarget = lab.targets[0];
    if (labTarget === undefined) {
      throw new Error(`lab started no ${name}`);
    }
    const run = await runConformance({
      targets: [
        {
          name,
          url: labTarget.url,
          namespace: 'it',
          credentials: { kind: 'anonymous' },
          tls: { insecure: false },
          requestTimeoutMs: 30_000,
        },
      ],
      suites,
    });
    expect(runResultSchema.safeParse(run).success).toBe(true);
    const target = run.targets[0];
    expect(target?.error).toBeUndefined();
    expect(target?.product?.name).toBe(labTarget.product);
    const checks = (target?.suites ?? []).flatMap((suite) => suite.checks);
    expect(checks.length).toBeGreaterThanOrEqual(100);
    const errored = checks
      .filter((check) => check.status === 'errored')
      .map((check) => `${check.id}: ${'errors' in check ? check.errors[0]?.message : ''}`);
    expect(errored).toEqual([]);
    // Leftovers are allowed only where the registry refuses deletes, and then they are listed.
    const support = (id: string): string | undefined => target?.capabilities.find((c) => c.id === id)?.support;
    if (support('manifest-delete') === 'supported' && support('blob-delete') === 'supported') {
      expect(target?.cleanup?.leftovers).toEqual([]);
    } else {
      expect(target?.cleanup?.leftovers.length).toBeGreaterThan(0);
    }
    expect(target?.cleanup?.kept).toBe(false);
    // Every failure must be a known deviation of this registry, and a known deviation that now passes must go.
    const failed = checks.filter((check) => check.status === 'failed').map((check) => check.id);
    const known = labDeviations[name] ?? [];
    const unexpected = checks
      .filter((check) => check.status === 'failed' && !known.some((deviation) => deviation.check === check.id))
      .map((check) => `${check.id}: ${'errors' in check ? check.errors[0]?.message : ''}`);
    expect(unexpected).toEqual([]);
    const nowPassing = known
      .filter((deviation) => deviation.intermittent !== true && !failed.includes(deviation.check))
      .map((deviation) => deviation.check);
    expect(nowPassing).toEqual([]);
    await context.annotate(`${name}: ${checks.length} checks, failed: ${failed.join(', ') || 'none'}`);
  });
});
