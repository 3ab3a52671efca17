/**
 * `regatta verify seed.json`: after an upgrade, everything a seed pushed must still be there, bit for bit: every tag
 * resolves to the digest it had, every manifest and blob reads back with its digest and size, the referrers the
 * baseline listed are still listed (and those it kept in a referrers tag are listed once the API answers), and the
 * registry still takes a new push.
 */
import type { RegistryClient } from '../client/types.js';
import { buildOciImage } from '../../fixtures/oci-image.js';
import { digestOf, hashAlgorithmOf } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { listedReferrers } from './seed-registry.js';
import type { SeedRecord } from './seed-record.js';

/** One verdict of verify. */
export interface VerifyFinding {
  readonly check: 'tag' | 'manifest' | 'blob' | 'referrer' | 'new-push';
  /** What was checked: the tag, digest or subject. */
  readonly subject: string;
  readonly ok: boolean;
  /** What was expected and what came back, when not ok. */
  readonly detail?: string;
  /** Why an ok finding is ok although something changed, printed with the verdicts. */
  readonly note?: string;
}

/** sha256/sha512 digest of bytes in the algorithm of `digest`. */
function digestLike(digest: string, bytes: Uint8Array): string {
  return digestOf(bytes, hashAlgorithmOf(digest));
}

/** Checks a seed record against the registry; never throws for registry answers, only for the network. */
export async function verifySeed(client: RegistryClient, record: SeedRecord): Promise<VerifyFinding[]> {
  const repo = record.repository;
  const findings: VerifyFinding[] = [];
  for (const item of record.items) {
    if (item.kind === 'blob') {
      const download = await client.downloadBlob(repo, item.digest);
      const ok = download.response.status === 200 && download.computedDigest === item.digest && download.bytes === item.size;
      findings.push({
        check: 'blob',
        subject: item.digest,
        ok,
        ...(ok ? {} : { detail: `expected ${item.size} bytes with that digest, got status ${download.response.status}, ${download.bytes} bytes, ${download.computedDigest}` }),
      });
      continue;
    }
    const accept = { headers: { accept: item.mediaType } };
    const byDigest = await client.getManifest(repo, item.digest, accept);
    const bodyDigest = digestLike(item.digest, byDigest.body);
    const same = byDigest.status === 200 && bodyDigest === item.digest && byDigest.body.byteLength === item.size;
    findings.push({
      check: 'manifest',
      subject: item.digest,
      ok: same,
      ...(same ? {} : { detail: `expected ${item.size} bytes with that digest, got status ${byDigest.status}, ${byDigest.body.byteLength} bytes, ${bodyDigest}` }),
    });
    if (item.tag !== undefined) {
      const byTag = await client.getManifest(repo, item.tag, accept);
      const folded = byTag.status === 404 ? await foldedReferrersTag(client, record, item.tag) : undefined;
      if (folded !== undefined) {
        findings.push(folded);
        continue;
      }
      const tagDigest = digestLike(item.digest, byTag.body);
      const ok = byTag.status === 200 && tagDigest === item.digest;
      findings.push({
        check: 'tag',
        subject: item.tag,
        ok,
        ...(ok ? {} : { detail: byTag.status === 200 ? `now points at ${tagDigest}, was ${item.digest}` : `GET ${repo}:${item.tag} got ${byTag.status}, expected ${item.digest}` }),
      });
    }
  }
  for (const referrer of record.referrers.filter((entry) => entry.listedAtSeed || entry.referrersTag !== undefined)) {
    findings.push(await verifyReferrer(client, repo, referrer));
  }
  findings.push(await verifyNewPush(client, repo));
  return findings;
}

/**
 * A referrers tag gone after an upgrade that enabled the referrers API is fine when the API lists every referrer the
 * tag held: the API replaces the tag ("Enabling the Referrers API"; olareg folds the tag into its referrers index
 * and drops it). Undefined when `tag` is no referrers tag of the seed or the API does not list them all.
 */
async function foldedReferrersTag(client: RegistryClient, record: SeedRecord, tag: string): Promise<VerifyFinding | undefined> {
  const held = record.referrers.filter((entry) => entry.referrersTag === tag);
  const subject = held[0]?.subject;
  if (subject === undefined) {
    return undefined;
  }
  const listed = await listedReferrers(client, record.repository, subject);
  if (listed === undefined || !held.every((entry) => listed.includes(entry.digest))) {
    return undefined;
  }
  return { check: 'tag', subject: tag, ok: true, note: 'the referrers tag is gone, and the referrers API now lists every referrer it held (the registry enabled the API and folded the tag into it)' };
}

/**
 * A referrer the baseline listed must still be listed. One the baseline only had in its referrers tag must be found
 * the way clients look: by the referrers API once it answers (the upgrade enabled it: "Registries MUST include
 * preexisting image manifests that are listed in an image index tagged with the referrers tag schema"), else in the tag.
 */
async function verifyReferrer(client: RegistryClient, repo: string, referrer: SeedRecord['referrers'][number]): Promise<VerifyFinding> {
  const listed = await listedReferrers(client, repo, referrer.subject);
  if (listed !== undefined || referrer.referrersTag === undefined) {
    const ok = listed?.includes(referrer.digest) === true;
    const missing = referrer.listedAtSeed
      ? `${referrer.digest} is no longer listed`
      : `${referrer.digest} is in the referrers tag ${referrer.referrersTag ?? ''} but not listed now that the referrers API answers (Enabling the Referrers API: MUST include it)`;
    return { check: 'referrer', subject: referrer.subject, ok, ...(ok ? {} : { detail: listed === undefined ? `the referrers API no longer answers for ${referrer.subject}` : missing }) };
  }
  const tagged = await client.getManifest(repo, referrer.referrersTag, { headers: { accept: MediaType.ociIndex } });
  const manifests = tagged.status === 200 ? (tagged.json() as { manifests?: { digest?: unknown }[] } | undefined)?.manifests : undefined;
  const ok = manifests?.some((entry) => entry.digest === referrer.digest) === true;
  return { check: 'referrer', subject: referrer.subject, ok, ...(ok ? {} : { detail: `no referrers API, and the referrers tag ${referrer.referrersTag} (${tagged.status}) no longer lists ${referrer.digest}` }) };
}

/** A fresh image pushed and read back under a new tag, then deleted: the upgraded registry still takes writes. */
async function verifyNewPush(client: RegistryClient, repo: string): Promise<VerifyFinding> {
  const tag = `verify-${Date.now().toString(36)}`;
  const image = buildOciImage({ seed: `verify/${tag}` });
  for (const blob of image.blobs) {
    const pushed = await client.pushBlob(repo, blob.bytes);
    if (pushed.final.status !== 201) {
      return { check: 'new-push', subject: tag, ok: false, detail: `blob push got ${pushed.final.status}` };
    }
  }
  const put = await client.putManifest(repo, tag, image.manifest.bytes, image.manifest.mediaType);
  const back = put.status === 201 ? await client.getManifest(repo, tag, { headers: { accept: image.manifest.mediaType } }) : undefined;
  const ok = back?.status === 200 && digestOf(back.body) === image.manifest.digest;
  if (ok) {
    // Leave the seeded repository as the seed left it; a registry that refuses deletes keeps one extra tag.
    await client.deleteManifest(repo, image.manifest.digest).catch(() => undefined);
  }
  return { check: 'new-push', subject: tag, ok, ...(ok ? {} : { detail: put.status === 201 ? `read back got ${back?.status ?? 'nothing'}` : `manifest push got ${put.status}` }) };
}
