import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../client/registry-client.js';
import { testTarget } from '../client/test-support/scripted-server.js';
import type { RegistryClient } from '../client/types.js';
import { startFakeRegistry, type FakeRegistry } from '../conformance/test-support/fake-registry.js';
import { seedRegistry } from './seed-registry.js';
import { verifySeed } from './verify-seed.js';

let registry: FakeRegistry | undefined;
let client: RegistryClient | undefined;

afterEach(async () => {
  await client?.close();
  await registry?.close();
});

/**
 * A fake whose referrers API is "off" (no OCI-Subject, referrers 404) until `enable()`; once on, `listing` decides
 * whether it lists what the referrers tag held.
 */
async function upgradable(listing: 'lists' | 'forgets'): Promise<{ client: RegistryClient; enable: () => void }> {
  let enabled = false;
  registry = await startFakeRegistry({
    faults: {
      rewrite: (response, ctx) => {
        if (ctx.route === 'manifest-put' && !enabled) {
          delete response.headers['oci-subject'];
        }
        if (ctx.route === 'referrers') {
          if (!enabled) {
            return { status: 404, headers: {}, body: Buffer.alloc(0) };
          }
          if (listing === 'forgets') {
            response.body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }));
            delete response.headers['content-length'];
          }
        }
        return undefined;
      },
    },
  });
  client = createRegistryClient({ target: testTarget(registry.url) });
  return { client, enable: () => void (enabled = true) };
}

describe('verifySeed after the referrers API is enabled', () => {
  it('passes when the API lists the referrer the seed kept in its referrers tag', async () => {
    const fake = await upgradable('lists');
    const record = await seedRegistry(fake.client, 'upgrade/seed', 'seed');
    expect(record.referrers.map((entry) => [entry.listedAtSeed, entry.referrersTag?.startsWith('sha256-')])).toEqual([[false, true]]);
    fake.enable();
    const findings = await verifySeed(fake.client, record);
    expect(findings.filter((finding) => !finding.ok)).toEqual([]);
    expect(findings.filter((finding) => finding.check === 'referrer')).toHaveLength(1);
  });

  it('fails naming "Enabling the Referrers API" when the API answers but leaves out the tagged referrer', async () => {
    const fake = await upgradable('forgets');
    const record = await seedRegistry(fake.client, 'upgrade/seed', 'seed');
    fake.enable();
    const failed = (await verifySeed(fake.client, record)).filter((finding) => !finding.ok);
    expect(failed).toEqual([
      expect.objectContaining({ check: 'referrer', detail: expect.stringContaining('not listed now that the referrers API answers (Enabling the Referrers API: MUST include it)') as unknown }),
    ]);
  });

  it('reads the referrers tag when the API is still off', async () => {
    const fake = await upgradable('lists');
    const record = await seedRegistry(fake.client, 'upgrade/seed', 'seed');
    const findings = await verifySeed(fake.client, record);
    expect(findings.filter((finding) => !finding.ok)).toEqual([]);
    expect(findings.filter((finding) => finding.check === 'referrer').map((finding) => finding.ok)).toEqual([true]);
  });
});
