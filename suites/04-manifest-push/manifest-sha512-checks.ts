/**
 * Manifests and sha512, and manifest references that are not digests at all (end-7, end-3, code-4).
 *
 * Pushing a manifest by its sha512 digest is optional (MAY: the spec names sha512 without requiring it, and main says
 * an unsupported algorithm SHOULD get 400); once a registry takes it, the manifest MUST pull back by that digest with
 * the same bytes, and HEAD MUST answer 200. A manifest whose config and layers are sha512 blobs SHOULD be accepted by
 * a registry that takes sha512 blobs. On every registry, a PUT by a sha512 digest of other content MUST NOT make that
 * digest answer (the manifest it names is not there: HEAD 404), and SHOULD be refused with 400 DIGEST_INVALID (no
 * sentence puts a keyword on the refusal itself). A PUT by a malformed digest SHOULD get 400 (main: "if the client
 * provided digest is invalid …, the registry SHOULD respond with 400"): no statement makes its refusal a MUST.
 */
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectErrorCode, expectHeader, expectStatus, expectThat, type Rule } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { digestOf } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { buildManifest, imageManifest, prepareImage, putManifest, type BuiltManifest } from '../common/manifest-helpers.js';
import { seedBlob, testBlob } from '../common/upload-helpers.js';
import { expectStoredBytes } from './manifest-push-checks.js';
import { statements } from '../common/statements.js';

/** The malformed digest the official suite sends: a real algorithm, a reference that is not hex. */
const malformedDigest = 'sha256:baddigeststring';

/** This check's image manifest (blobs pushed), re-serialised under a sha512 digest. */
async function sha512Manifest(ctx: CheckContext, repo: string): Promise<BuiltManifest> {
  const base = await prepareImage(ctx, repo);
  return buildManifest(JSON.parse(new TextDecoder().decode(base.bytes)) as Record<string, unknown>, MediaType.ociManifest, 'sha512');
}

/** Refused with a 4xx (`level` of the check), 400 (SHOULD) and one of `codes` (SHOULD). */
function expectRefused(response: RegistryResponse, rule: Rule, codes: readonly string[]): void {
  expectThat(response.status >= 400 && response.status < 500, rule, 'a 4xx rejection', describeResponse(response), response);
  expectStatus(response, [400], { ...rule, level: 'SHOULD' });
  expectErrorCode(response, codes, { ...rule, level: 'SHOULD' });
}

export const manifestSha512Checks: readonly CheckDefinition[] = [
  {
    id: 'sha512-digest-push',
    title: 'A manifest PUT by its sha512 digest is accepted and echoed in Docker-Content-Digest',
    level: 'MAY',
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await sha512Manifest(ctx, repo);
      const response = await putManifest(ctx, repo, manifest.digest, manifest);
      expectStatus(response, [201], ctx.rule);
      const digest = expectHeader(response, 'Docker-Content-Digest', ctx.rule);
      expectThat(digest === manifest.digest, ctx.rule, manifest.digest, digest, response);
    },
  },
  {
    id: 'sha512-manifest-pull',
    title: 'A manifest pushed by its sha512 digest answers HEAD 200 and GET with the same bytes by that digest',
    level: 'MUST',
    statement: statements.manifestGet,
    spec: ['end-7', 'end-3'],
    api: 'manifest-get',
    dependsOn: ['sha512-digest-push'],
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await sha512Manifest(ctx, repo);
      expectStatus(await putManifest(ctx, repo, manifest.digest, manifest), [201], ctx.step(`${ctx.rule.rule} (pushing it)`));
      const head = await ctx.client.headManifest(repo, manifest.digest, { signal: ctx.signal, headers: { accept: manifest.mediaType } });
      expectStatus(head, [200], ctx.rule);
      await expectStoredBytes(ctx, repo, manifest.digest, manifest, ctx.rule.rule);
    },
  },
  {
    id: 'sha512-descriptors-push',
    title: 'An image manifest whose config and layer are sha512 blobs is accepted by tag and served byte for byte',
    level: 'SHOULD',
    spec: ['end-7', 'end-3'],
    api: 'manifest-put',
    requires: ['sha512'],
    async run(ctx) {
      const repo = ctx.repo();
      const configBytes = new TextEncoder().encode(JSON.stringify({ architecture: 'amd64', os: 'linux', regatta: ctx.seed }));
      const config = { content: configBytes, digest: digestOf(configBytes, 'sha512') };
      const layer = testBlob(ctx, 1500, 'layer', 'sha512');
      await seedBlob(ctx, repo, config, ctx.step(`${ctx.rule.rule} (pushing the sha512 config)`));
      await seedBlob(ctx, repo, layer, ctx.step(`${ctx.rule.rule} (pushing the sha512 layer)`));
      const manifest = imageManifest(
        { mediaType: MediaType.ociConfig, digest: config.digest, size: configBytes.length },
        [{ mediaType: MediaType.ociLayerTar, digest: layer.digest, size: layer.content.length }],
      );
      const response = await putManifest(ctx, repo, 'sha512-blobs', manifest);
      expectStatus(response, [201], ctx.rule);
      await expectStoredBytes(ctx, repo, 'sha512-blobs', manifest, ctx.rule.rule);
    },
  },
  {
    id: 'sha512-digest-mismatch-rejected',
    title: 'A manifest PUT by a sha512 digest that does not match the body is not served under it, rejected with 400 DIGEST_INVALID',
    level: 'MUST',
    statement: statements.headMissing,
    spec: ['end-7', 'code-4', 'end-3'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const other = buildManifest({ schemaVersion: 2, regatta: ctx.seed }, MediaType.ociManifest, 'sha512');
      const response = await putManifest(ctx, repo, other.digest, manifest);
      // A body whose digest is another is not the manifest named: nothing may answer for that digest (MUST).
      const head = await ctx.client.headManifest(repo, other.digest, { signal: ctx.signal });
      expectStatus(head, [404], ctx.rule);
      expectRefused(response, { ...ctx.rule, level: 'SHOULD' }, ['DIGEST_INVALID', 'MANIFEST_INVALID']);
    },
  },
  {
    id: 'malformed-digest-rejected',
    title: `A manifest PUT by a malformed digest (${malformedDigest}) is rejected with 400 DIGEST_INVALID`,
    level: 'SHOULD',
    spec: ['end-7', 'code-4'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      // An accepted push is registered for cleanup by its real digest, which deletes it under any reference.
      const response = await putManifest(ctx, repo, malformedDigest, manifest);
      expectRefused(response, ctx.rule, ['DIGEST_INVALID', 'MANIFEST_INVALID']);
    },
  },
];
