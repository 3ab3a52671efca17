/**
 * Pushing a content set: every blob (POST + PUT, `digest-algorithm=sha512` for sha512 blobs, a few at a time), then
 * every manifest in order (children before their index, subjects before referrers): by its digest and by each of its
 * tags, as clients and the official suite do (`minimal`: by its first tag, else its digest). Everything accepted is
 * registered for cleanup. Every answer is recorded: the push checks judge them, the other checks only need the set in
 * place ({@link requireAccepted}).
 */
import type { Content } from '../../fixtures/content.js';
import type { ContentSet, ContentSetManifest } from '../../fixtures/content-set.js';
import { buildContentSet, type ContentSetName } from '../../fixtures/content-sets.js';
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { describeResponse, errorCodesOf, fail } from '../../src/conformance/expect.js';
import { forEachLimited } from '../../src/conformance/for-each-limited.js';
import type { DigestAlgorithm } from '../../src/oci/digest.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import { perRunStore, sharedPerRun } from '../common/shared-per-run.js';
import { cleanupUploaded, nextLocation, octetStream } from '../common/upload-helpers.js';

/** Blob uploads in flight at once within one push. */
const blobLanes = 4;

/** Seed of the shared (read-only) sets: every check that only reads gets the same bytes, built once. */
const sharedSeed = 'regatta-content';

/** Sets built for the read-only checks, by name and algorithm: generated once per process, never per check. */
const sharedSets = new Map<string, ContentSet>();

/**
 * The set a check pushes: one shared build (the ~3.9 MB manifest is made once), whose reads all end before its
 * deletes start (see {@link chainStart}); in the fixed layout every check gets bytes of its own seed, as there all
 * checks share two repositories.
 */
function contentSetFor(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm): ContentSet {
  return ctx.layout === 'fixed' ? buildContentSet(name, ctx.seed, algorithm) : sharedContentSet(name, algorithm);
}

/** The shared build of a set: made on first use, then reused by every check and run of the process. */
export function sharedContentSet(name: ContentSetName, algorithm: DigestAlgorithm): ContentSet {
  const key = `${name}/${algorithm}`;
  let set = sharedSets.get(key);
  if (set === undefined) {
    set = buildContentSet(name, sharedSeed, algorithm);
    sharedSets.set(key, set);
  }
  return set;
}

/** What one push answer was for: a blob, or a manifest PUT by its digest or by one of its tags. */
export type PushStep =
  | { readonly kind: 'blob'; readonly blob: Content }
  | { readonly kind: 'manifest'; readonly by: 'digest' | 'tag'; readonly manifest: ContentSetManifest; readonly reference: string };

/** One push answer and what it was for. */
export interface PushAnswer {
  readonly response: RegistryResponse;
  readonly step: PushStep;
}

/** A set pushed into `repo`, with every answer of the push. */
export interface PushedSet {
  readonly repo: string;
  readonly set: ContentSet;
  readonly answers: readonly PushAnswer[];
}

/**
 * Pushes one blob: POST + PUT (`digest-algorithm=sha512` for sha512 blobs), or, given `from`, a cross-repository mount
 * (end-11) that a registry may answer with an upload session (202) instead, which the PUT then completes. Registers
 * what was accepted for cleanup (and a second digest the registry reports).
 */
async function pushBlob(ctx: CheckContext, repo: string, blob: Content, from?: string): Promise<RegistryResponse> {
  const sha256 = blob.digest.startsWith('sha256:');
  const mounted = from === undefined ? undefined : await ctx.client.startUpload(repo, { mount: blob.digest, from }, { signal: ctx.signal });
  if (mounted?.status === 201) {
    ctx.cleanup.blob(repo, blob.digest);
    return mounted;
  }
  const post = mounted?.status === 202 ? mounted : await ctx.client.startUpload(repo, sha256 ? {} : { digestAlgorithm: 'sha512' }, { signal: ctx.signal });
  if (post.status !== 202) {
    return post;
  }
  const put = await ctx.client.putUpload(nextLocation(ctx, post, post.url), blob.digest, { body: blob.bytes, headers: octetStream, signal: ctx.signal });
  if (put.status === 201) {
    cleanupUploaded(ctx, repo, blob.digest, put);
  }
  return put;
}

/** The PUTs of one manifest: by digest then every tag (`all`), or its first tag else its digest (`minimal`). */
function manifestSteps(manifest: ContentSetManifest, mode: 'all' | 'minimal'): PushStep[] {
  const byDigest: PushStep = { kind: 'manifest', by: 'digest', manifest, reference: manifest.content.digest };
  const byTag = manifest.tags.map((tag): PushStep => ({ kind: 'manifest', by: 'tag', manifest, reference: tag }));
  if (mode === 'minimal') {
    return [byTag[0] ?? byDigest];
  }
  return [byDigest, ...byTag];
}

/**
 * Pushes every blob (mounted from `mountFrom(blob)` where it names a repository), then every manifest of `set` into
 * `repo`, recording each answer (it goes on past a refusal).
 */
async function recordPush(
  ctx: CheckContext,
  repo: string,
  set: ContentSet,
  mode: 'all' | 'minimal',
  mountFrom: (blob: Content) => string | undefined = () => undefined,
): Promise<PushedSet> {
  const { cleanup } = ctx;
  const answers: PushAnswer[] = [];
  await forEachLimited(set.blobs, blobLanes, async (blob) => {
    answers.push({ response: await pushBlob(ctx, repo, blob, mountFrom(blob)), step: { kind: 'blob', blob } });
  });
  for (const manifest of set.manifests) {
    for (const step of manifestSteps(manifest, mode)) {
      const { content } = manifest;
      const response = await ctx.client.putManifest(repo, step.kind === 'manifest' ? step.reference : '', content.bytes, content.mediaType, { signal: ctx.signal });
      if (response.status >= 200 && response.status < 300) {
        cleanup.manifest(repo, content.digest);
        if (step.kind === 'manifest' && step.by === 'tag') {
          cleanup.tag(repo, step.reference, response.headers['docker-content-digest']);
        }
      }
      answers.push({ response, step });
    }
  }
  return { repo, set, answers };
}

/**
 * The tree pushed for the checks that only read it (and the push checks, which judge its answers): once per run, into
 * `<namespace>/content-shared-<algorithm>-<set>`, the shared build of the set ({@link sharedPerRun}); in the fixed layout
 * every check pushes its own bytes.
 */
export function sharedPush(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm): Promise<PushedSet> {
  return sharedPerRun(ctx, 'content', `${algorithm}-${name}`, (pusher) => recordPush(pusher, pusher.repo(), contentSetFor(pusher, name, algorithm), 'all'));
}

/** What was being pushed, for messages. */
export function describeStep(step: PushStep): string {
  return step.kind === 'blob' ? `blob ${step.blob.digest} (${step.blob.size} bytes)` : `manifest ${step.reference} (${step.manifest.content.mediaType})`;
}

/**
 * True when a refusal is the one the spec allows for a set with dangling descriptors (non-distributable layers): "A
 * registry MAY reject a manifest … if it references manifests or blobs that do not exist … it MUST result in one or
 * more MANIFEST_BLOB_UNKNOWN errors" — a 4xx carrying that code.
 */
export function isAllowedDanglingRefusal(response: RegistryResponse): boolean {
  return response.status >= 400 && response.status < 500 && errorCodesOf(response).includes('MANIFEST_BLOB_UNKNOWN');
}

/**
 * Requires every answer of a prerequisite push to be 201. A refusal of a set the registry MUST take fails the check
 * naming the prerequisite; a refusal of a set it may or SHOULD take skips the check (its push check judges it).
 */
export function requireAccepted(pushed: PushedSet): void {
  const refused = pushed.answers.find((answer) => answer.response.status !== 201);
  if (refused === undefined) {
    return;
  }
  const { set } = pushed;
  const what = `prerequisite: content set ${set.name} (${set.algorithm}) pushes: ${describeStep(refused.step)} answers 201`;
  if (set.acceptance !== 'MUST' && refused.step.kind === 'manifest') {
    throw new UnsupportedApiError(`${what}, got ${describeResponse(refused.response)} (the registry need not take this set; its push checks judge the refusal)`, `content set ${set.name}`);
  }
  fail({ rule: what, spec: refused.step.kind === 'blob' ? ['end-6'] : ['end-7'] }, 'status 201', describeResponse(refused.response), refused.response);
}

/**
 * A tree's copy that a delete check leaves for the next one in its chain (delete-tag, then delete-manifest, then
 * delete-blob): `tags-deleted` once every tag answered 202 and then 404; `manifests-deleted` once every manifest did.
 */
export type CopyState = 'tags-deleted' | 'manifests-deleted';

/** A copy left by a delete check: where it is, and the set it holds. */
export interface LeftCopy {
  readonly repo: string;
  readonly set: ContentSet;
}

/** Copies left per target run, by tree and state. */
const leftCopies = perRunStore<LeftCopy>();

/** Leaves the copy in `state` for the next delete check of the tree `name`/`algorithm`. */
export function leaveCopy(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm, state: CopyState, copy: LeftCopy): void {
  leftCopies(ctx).set(`${name}/${algorithm}/${state}`, copy);
}

/** The copy of the tree left in `state`, handed out once (the one check that takes it changes it). */
export function takeCopy(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm, state: CopyState): LeftCopy | undefined {
  const ofRun = leftCopies(ctx);
  const key = `${name}/${algorithm}/${state}`;
  const copy = ofRun.get(key);
  ofRun.delete(key);
  return copy;
}

/**
 * The copy a delete check of a tree pushes when it starts the delete chain of a set with referring manifests (see
 * {@link chainStart}), or finds the copy left before it unusable: into the check's own repository, the way clients
 * push (each manifest by its first tag, else its digest; `blobsOnly` leaves the manifests out), all 201. In the
 * per-check layout it holds the read copy's bytes, its sha256 blobs mounted from the read copy as clients mount a
 * blob the registry holds elsewhere (a mount costs distribution v3 a third of an upload), the others uploaded:
 * distribution v3 answers a sha512 mount 201 and then does not have the blob (`blob-mount/sha512-mount-from`), a
 * deviation the delete checks must not inherit. The chain runs after every check that reads the read copy, so
 * deleting the same digests here never races a read. In the fixed layout it is {@link ownCopy}.
 */
export async function chainCopy(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm, blobsOnly = false): Promise<PushedSet> {
  if (ctx.layout === 'fixed') {
    return ownCopy(ctx, name, algorithm, blobsOnly);
  }
  const source = await sharedPush(ctx, name, algorithm);
  const mountable = new Set(
    source.answers.flatMap(({ step, response }) => (step.kind === 'blob' && response.status === 201 && step.blob.digest.startsWith('sha256:') ? [step.blob.digest] : [])),
  );
  const set = blobsOnly ? { ...source.set, manifests: [] } : source.set;
  const pushed = await recordPush(ctx, ctx.repo(), set, 'minimal', (blob) => (mountable.has(blob.digest) ? source.repo : undefined));
  requireAccepted(pushed);
  return pushed;
}

/**
 * True when a manifest of the set refers to another: by its subject, or by a tag named after the other's digest
 * (`sha256-<hex>.sig`, cosign's and the referrers fallback's scheme).
 */
function hasReferringManifests(set: ContentSet): boolean {
  const named = set.manifests.map((manifest) => manifest.content.digest.replace(':', '-'));
  return set.manifests.some((manifest) => manifest.subject !== undefined || manifest.tags.some((tag) => named.some((prefix) => tag.startsWith(prefix))));
}

/**
 * The copy a tree's delete chain starts on (its delete-tag check, which runs after every check that reads the read
 * copy). A set whose manifests do not refer to one another: the read copy itself, now that nothing reads it any more;
 * this spares a second push and the read copy's cleanup (a full run on distribution v3: 3,750 → 3,354 requests). A
 * set with referring manifests: a copy pushed the way clients push ({@link chainCopy}): seen in the lab, zot loses
 * referrers and cosign signatures pushed by tag alone when their subject's tag is deleted, and keeps those also pushed
 * by digest, as the read copy's are, so the read copy would hide that deviation (`sha256-cosign-signature-delete-tag`
 * passed on zot from the read copy). In the fixed layout, {@link ownCopy}.
 */
export async function chainStart(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm): Promise<PushedSet> {
  if (ctx.layout === 'fixed' || hasReferringManifests(sharedContentSet(name, algorithm))) {
    return chainCopy(ctx, name, algorithm);
  }
  const read = await sharedPush(ctx, name, algorithm);
  requireAccepted(read);
  ctx.note(`deletes from ${read.repo}: every check that reads it has ended`);
  return read;
}

/** Fixed layout: a copy of the set of the check's own seed in its repository, all 201; `blobsOnly` leaves the manifests out. */
async function ownCopy(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm, blobsOnly = false): Promise<PushedSet> {
  const set = contentSetFor(ctx, name, algorithm);
  const pushed = await recordPush(ctx, ctx.repo(), blobsOnly ? { ...set, manifests: [] } : set, 'minimal');
  requireAccepted(pushed);
  return pushed;
}
