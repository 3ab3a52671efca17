/**
 * `regatta seed`: pushes a fixed, seeded data set (an image, an index over two platform images, an artifact whose
 * subject is an image, with their tags) and records every digest, so that `regatta verify` can prove after an upgrade
 * that everything is still there, bit for bit.
 */
import type { RegistryClient } from '../client/types.js';
import { buildFixtureDataSet, type FixtureDataSetName } from '../../fixtures/data-sets.js';
import { MediaType } from '../oci/media-types.js';
import { pushReferrersTag } from './push-referrers-tag.js';
import type { SeedRecord, SeededItem } from './seed-record.js';
import { SEED_RECORD_VERSION } from './seed-record.js';

/** The data sets a seed pushes: what an upgrade must keep (images, an index, an artifact with its subject, tags). */
export const seedDataSets: readonly FixtureDataSetName[] = ['image', 'index', 'artifact-with-subject'];

/** A push the registry refused: the seed is incomplete, and the message names what and how. */
export class SeedPushError extends Error {}

/** Digests of the manifests a referrers response lists, or undefined when the registry has no referrers API. */
export async function listedReferrers(client: RegistryClient, repository: string, subject: string): Promise<string[] | undefined> {
  const response = await client.referrers(repository, subject);
  if (response.status !== 200) {
    return undefined;
  }
  const index = response.json() as { manifests?: { digest?: unknown }[] } | undefined;
  return Array.isArray(index?.manifests) ? index.manifests.map((entry) => String(entry.digest)) : undefined;
}

/** Pushes the seed data sets into `repository` and returns the record of everything pushed. */
export async function seedRegistry(client: RegistryClient, repository: string, seed: string, registry?: string): Promise<SeedRecord> {
  const items: SeededItem[] = [];
  const referrers: SeedRecord['referrers'] = [];
  for (const name of seedDataSets) {
    const set = buildFixtureDataSet(name, seed);
    for (const blob of set.blobs) {
      const pushed = await client.pushBlob(repository, blob.bytes);
      if (pushed.final.status !== 201) {
        throw new SeedPushError(`pushing blob ${blob.digest} of ${name} to ${repository} got ${pushed.final.status}`);
      }
      items.push({ kind: 'blob', dataSet: name, digest: blob.digest, size: blob.size, mediaType: blob.mediaType });
    }
    for (const manifest of set.manifests) {
      const reference = manifest.tag ?? manifest.content.digest;
      const put = await client.putManifest(repository, reference, manifest.content.bytes, manifest.content.mediaType);
      if (put.status !== 201) {
        throw new SeedPushError(`pushing manifest ${reference} of ${name} to ${repository} got ${put.status}: ${put.text().slice(0, 200)}`);
      }
      const { digest, size, mediaType } = manifest.content;
      items.push({ kind: 'manifest', dataSet: name, digest, size, mediaType, ...(manifest.tag === undefined ? {} : { tag: manifest.tag }) });
      const document = JSON.parse(Buffer.from(manifest.content.bytes).toString('utf8')) as { subject?: { digest?: string }; artifactType?: string };
      if (document.subject?.digest !== undefined) {
        // No OCI-Subject: the registry did not index it, so the seed keeps the referrers tag as clients do. After an
        // upgrade that enables the API, the registry MUST list it ("Enabling the Referrers API").
        const tagged = put.headers['oci-subject'] === undefined ? await pushReferrersTag(client, repository, document.subject.digest, manifest.content).catch((error: unknown) => {
          throw new SeedPushError(error instanceof Error ? error.message : String(error));
        }) : undefined;
        if (tagged !== undefined) {
          const index = { kind: 'manifest', dataSet: name, digest: tagged.digest, size: tagged.bytes.length, mediaType: MediaType.ociIndex, tag: tagged.tag } as const;
          items.push(index);
        }
        referrers.push({
          subject: document.subject.digest,
          digest,
          ...(document.artifactType === undefined ? {} : { artifactType: document.artifactType }),
          listedAtSeed: false,
          ...(tagged === undefined ? {} : { referrersTag: tagged.tag }),
        });
      }
    }
  }
  // Which referrers the registry lists now: a baseline without the API cannot be held to it after the upgrade.
  const checked = await Promise.all(
    referrers.map(async (entry) => ({ ...entry, listedAtSeed: (await listedReferrers(client, repository, entry.subject))?.includes(entry.digest) === true })),
  );
  return {
    schemaVersion: SEED_RECORD_VERSION,
    seed,
    repository,
    seededAt: new Date().toISOString(),
    ...(registry === undefined ? {} : { registry }),
    items,
    referrers: checked,
  };
}
