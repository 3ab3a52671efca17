/**
 * Pushing a content set: every blob (POST + PUT, `digest-algorithm=sha512` for sha512 blobs, a few at a time), then
 * every manifest in order (children before their index, subjects before referrers), by its tag or else by digest.
 * Everything accepted is registered for cleanup. A `judge` sees each answer: the push check asserts on them, the
 * other checks only need the set in place ({@link requireAccepted}).
 */
import type { Content } from '../../fixtures/content.js';
import type { ContentSet, ContentSetManifest } from '../../fixtures/content-set.js';
import { buildContentSet, type ContentSetName } from '../../fixtures/content-sets.js';
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { describeResponse, fail } from '../../src/conformance/expect.js';
import { forEachLimited } from '../../src/conformance/for-each-limited.js';
import type { DigestAlgorithm } from '../../src/oci/digest.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import { nextLocation, octetStream } from '../common/upload-helpers.js';

/** Blob uploads in flight at once within one check. */
const blobLanes = 4;

/** Seed of the shared (read-only) sets: every check that only reads gets the same bytes, built once. */
const sharedSeed = 'regatta-content';

/** Sets built for the read-only checks, by name and algorithm: generated once per process, never per check. */
const sharedSets = new Map<string, ContentSet>();

/**
 * The set a check pushes. Checks that only read share one build (the ~3.9 MB manifest is made once); checks that
 * delete get bytes of their own seed, so no two repositories hold the same digests while one deletes them; in the
 * fixed layout every check gets its own bytes, as there all checks share two repositories.
 */
export function contentSetFor(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm, mutates: boolean): ContentSet {
  if (mutates || ctx.layout === 'fixed') {
    return buildContentSet(name, ctx.seed, algorithm);
  }
  const key = `${name}/${algorithm}`;
  let set = sharedSets.get(key);
  if (set === undefined) {
    set = buildContentSet(name, sharedSeed, algorithm);
    sharedSets.set(key, set);
  }
  return set;
}

/** What one push answer was for. */
export type PushStep = { readonly kind: 'blob'; readonly blob: Content } | { readonly kind: 'manifest'; readonly manifest: ContentSetManifest; readonly reference: string };

/** Sees every push answer; throws to stop the push. */
export type PushJudge = (response: RegistryResponse, step: PushStep) => void;

/** POST + PUT of one blob; registers it (and a second digest the registry reports) for cleanup when accepted. */
async function pushBlob(ctx: CheckContext, repo: string, blob: Content, judge: PushJudge): Promise<void> {
  const sha256 = blob.digest.startsWith('sha256:');
  const post = await ctx.client.startUpload(repo, sha256 ? {} : { digestAlgorithm: 'sha512' }, { signal: ctx.signal });
  if (post.status !== 202) {
    judge(post, { kind: 'blob', blob });
    return;
  }
  const put = await ctx.client.putUpload(nextLocation(ctx, post, post.url), blob.digest, { body: blob.bytes, headers: octetStream, signal: ctx.signal });
  if (put.status === 201) {
    ctx.cleanup.blob(repo, blob.digest);
    const stored = put.headers['docker-content-digest'];
    if (stored !== undefined && stored !== blob.digest && /^sha(256|512):[0-9a-f]+$/.test(stored)) {
      ctx.cleanup.blob(repo, stored);
    }
  }
  judge(put, { kind: 'blob', blob });
}

/** Pushes every blob, then every manifest of `set` into `repo`, showing each answer to `judge`. */
export async function pushContentSet(ctx: CheckContext, repo: string, set: ContentSet, judge: PushJudge): Promise<void> {
  await forEachLimited(set.blobs, blobLanes, (blob) => pushBlob(ctx, repo, blob, judge));
  for (const manifest of set.manifests) {
    const reference = manifest.tags[0] ?? manifest.content.digest;
    const response = await ctx.client.putManifest(repo, reference, manifest.content.bytes, manifest.content.mediaType, { signal: ctx.signal });
    if (response.status >= 200 && response.status < 300) {
      ctx.cleanup.manifest(repo, manifest.content.digest);
      for (const tag of manifest.tags) {
        ctx.cleanup.tag(repo, tag);
      }
    }
    judge(response, { kind: 'manifest', manifest, reference });
    for (const tag of manifest.tags.slice(1)) {
      const tagged = await ctx.client.putManifest(repo, tag, manifest.content.bytes, manifest.content.mediaType, { signal: ctx.signal });
      judge(tagged, { kind: 'manifest', manifest, reference: tag });
    }
  }
}

/** What was being pushed, for messages. */
export function describeStep(step: PushStep): string {
  return step.kind === 'blob' ? `blob ${step.blob.digest} (${step.blob.size} bytes)` : `manifest ${step.reference} (${step.manifest.content.mediaType})`;
}

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

/** Pushes of the read-only checks, by target, run namespace and tree: each tree is pushed once per run. */
const sharedPushes = new Map<string, Promise<PushedSet>>();

/** Pushes `set` into `repo`, recording every answer (the push goes on past a refusal, so every answer is seen). */
async function recordPush(ctx: CheckContext, repo: string, set: ContentSet): Promise<PushedSet> {
  const answers: PushAnswer[] = [];
  await pushContentSet(ctx, repo, set, (response, step) => {
    answers.push({ response, step });
  });
  return { repo, set, answers };
}

/**
 * The tree pushed for the checks that only read it (and the push check, which judges the answers). In the per-check
 * layout the first such check of a run pushes it into `<namespace>/content-<algorithm>-<set>` and the others await
 * that same push: one push per tree, not one per check. In the fixed layout every check pushes its own bytes.
 */
export function sharedPush(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm): Promise<PushedSet> {
  const set = contentSetFor(ctx, name, algorithm, false);
  if (ctx.layout === 'fixed') {
    return recordPush(ctx, ctx.repo(), set);
  }
  const key = `${ctx.target.name}\n${ctx.namespace}\n${name}\n${algorithm}`;
  let pushed = sharedPushes.get(key);
  if (pushed === undefined) {
    pushed = recordPush(ctx, `${ctx.namespace}/content-${algorithm}-${name}`, set);
    sharedPushes.set(key, pushed);
  } else {
    ctx.note(`reads the set pushed once for every read check of content set ${name} (${algorithm})`);
  }
  return pushed;
}

/**
 * Requires every answer of a prerequisite push to be 201. A refusal of a set the registry MUST take fails the check
 * naming the prerequisite; a refusal of a set it only SHOULD take skips the check (the push check warns).
 */
export function requireAccepted(pushed: PushedSet): void {
  const refused = pushed.answers.find((answer) => answer.response.status !== 201);
  if (refused === undefined) {
    return;
  }
  const { set } = pushed;
  const what = `prerequisite: content set ${set.name} (${set.algorithm}) pushes: ${describeStep(refused.step)} answers 201`;
  if (set.acceptance === 'SHOULD') {
    throw new UnsupportedApiError(`${what}, got ${describeResponse(refused.response)} (the registry SHOULD take this set; its push check warns)`, `content set ${set.name}`);
  }
  fail({ rule: what, spec: refused.step.kind === 'blob' ? ['end-6'] : ['end-7'] }, 'status 201', describeResponse(refused.response), refused.response);
}

/** Pushes a copy of the set of the check's own seed into its own repository (for checks that delete), all 201. */
export async function ownCopy(ctx: CheckContext, name: ContentSetName, algorithm: DigestAlgorithm, blobsOnly = false): Promise<PushedSet> {
  const set = contentSetFor(ctx, name, algorithm, true);
  const pushed = await recordPush(ctx, ctx.repo(), blobsOnly ? { ...set, manifests: [] } : set);
  requireAccepted(pushed);
  return pushed;
}
