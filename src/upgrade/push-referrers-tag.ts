/**
 * What a client does after pushing a manifest with a `subject` when the registry answers without `OCI-Subject`
 * (distribution-spec "Pushing Manifests with Subject"): read the subject's referrers tag (404 = an empty index),
 * append the manifest's descriptor unless it is listed, and push the index back under the same tag.
 */
import type { RegistryClient } from '../client/types.js';
import { digestOf } from '../oci/digest.js';
import { indexDocument, type Descriptor } from '../oci/manifest.js';
import { MediaType } from '../oci/media-types.js';
import { referrerDescriptorOf, referrersTagOf, withReferrer, type PushedReferrer } from '../oci/referrers-tag.js';

/** The referrers tag index as pushed: its tag, bytes and digest. */
export interface PushedReferrersTag {
  readonly tag: string;
  readonly bytes: Uint8Array;
  readonly digest: string;
}

/** Appends `referrer` to the referrers tag of `subject` in `repository`; throws naming the request that failed. */
export async function pushReferrersTag(client: RegistryClient, repository: string, subject: string, referrer: PushedReferrer): Promise<PushedReferrersTag> {
  const tag = referrersTagOf(subject);
  if (tag === undefined) {
    throw new Error(`subject ${subject} is not a digest: it has no referrers tag`);
  }
  const current = await client.getManifest(repository, tag, { headers: { accept: MediaType.ociIndex } });
  if (current.status !== 200 && current.status !== 404) {
    throw new Error(`reading the referrers tag ${repository}:${tag} got ${current.status}`);
  }
  const listed = current.status === 200 ? ((current.json() as { manifests?: Descriptor[] | null } | undefined)?.manifests ?? []) : [];
  const bytes = new TextEncoder().encode(JSON.stringify(indexDocument(withReferrer(listed, referrerDescriptorOf(referrer)))));
  const put = await client.putManifest(repository, tag, bytes, MediaType.ociIndex);
  if (put.status !== 201) {
    throw new Error(`pushing the referrers tag ${repository}:${tag} got ${put.status}`);
  }
  return { tag, bytes, digest: digestOf(bytes) };
}
