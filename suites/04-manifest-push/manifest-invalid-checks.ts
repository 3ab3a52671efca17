/**
 * Manifest push, the rejections: dangling descriptors (MAY reject, code-5 when rejecting), malformed JSON and a
 * Content-Type that disagrees with `mediaType` (code-6), invalid tags (§3 "Names and tags", legacy TAG_INVALID), a
 * digest reference that does not match the body (code-4) and an invalid repository name (code-8).
 *
 * Levels: refusing content that breaks the grammar or its own digest is MUST (a 2xx would store something no client
 * can address); the exact status 400 and the error code are SHOULD, because end-7 lists no 400 and a 4xx MAY have
 * any body. Registries whose router rejects a bad tag or name before the handler answer 404: that warns.
 */
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectErrorCode, expectStatus, expectThat, fail, type Rule } from '../../src/conformance/expect.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import { statements } from '../common/statements.js';
import { MediaType } from '../../src/oci/media-types.js';
import type { RegistryResponse } from '../../src/client/types.js';
import {
  buildManifest,
  danglingDescriptor,
  imageManifest,
  indexManifest,
  prepareImage,
  pushConfig,
  pushLayer,
  putManifest,
  type BuiltManifest,
} from '../common/manifest-helpers.js';

/** The rejection must be a 4xx (MUST), then one of `statuses` (SHOULD) with one of `codes` (SHOULD). */
function expectRejected(
  response: RegistryResponse,
  text: string,
  spec: readonly string[],
  codes: readonly string[],
  statuses: readonly number[] = [400],
): void {
  const must: Rule = { rule: text, spec };
  expectThat(response.status >= 400 && response.status < 500, must, 'a 4xx rejection', describeResponse(response), response);
  expectStatus(response, statuses, { ...must, level: 'SHOULD' });
  expectErrorCode(response, codes, { ...must, level: 'SHOULD' });
}

/** An image manifest in `repo` whose layer (or config) was never pushed. */
async function danglingImage(ctx: CheckContext, repo: string, missing: 'layer' | 'config'): Promise<BuiltManifest> {
  if (missing === 'layer') {
    const config = await pushConfig(ctx, repo);
    return imageManifest(config, [danglingDescriptor(ctx, 'layer')]);
  }
  const layer = await pushLayer(ctx, repo);
  return imageManifest(danglingDescriptor(ctx, 'config', MediaType.ociConfig), [layer]);
}

/** MAY check: the registry validates `missing` references on push. */
function danglingRejected(missing: 'layer' | 'config'): CheckDefinition {
  const text = `A manifest whose ${missing} blob is missing is rejected`;
  return {
    id: `dangling-${missing}-rejected`,
    title: text,
    level: 'MAY',
    spec: ['end-7', 'code-5'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const response = await putManifest(ctx, repo, 'dangling', await danglingImage(ctx, repo, missing));
      expectThat(response.status >= 400 && response.status < 500, { rule: text, spec: ['end-7'] }, 'a 4xx rejection', describeResponse(response), response);
    },
  };
}

/**
 * MUST check: when the registry rejects a dangling `missing`, the errors include MANIFEST_BLOB_UNKNOWN (the spec's
 * MUST on a rejection for this reason); that the rejection is a 4xx, and 400 in particular, is SHOULD ("a relevant
 * 4xx response"). Docker's BLOB_UNKNOWN alone does not meet it: the spec names the code.
 */
function danglingCode(missing: 'layer' | 'config'): CheckDefinition {
  return {
    id: `dangling-${missing}-code`,
    title: `A rejected manifest with a missing ${missing} blob gets a MANIFEST_BLOB_UNKNOWN error (400 SHOULD)`,
    level: 'MUST',
    statement: statements.manifestBlobUnknown,
    spec: ['end-7', 'code-5'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const response = await putManifest(ctx, repo, 'dangling', await danglingImage(ctx, repo, missing));
      if (response.status === 201) {
        throw new UnsupportedApiError('the registry accepts dangling descriptors (it MAY)', 'dangling-descriptor-validation');
      }
      expectErrorCode(response, ['MANIFEST_BLOB_UNKNOWN'], ctx.rule);
      const relevant = ctx.step('The rejection is a relevant 4xx, 400', { level: 'SHOULD' });
      expectThat(response.status >= 400 && response.status < 500, relevant, 'a 4xx rejection', describeResponse(response), response);
      expectStatus(response, [400], relevant);
    },
  };
}

/** A check that pushes a valid image manifest under an invalid tag. */
function invalidTag(id: string, tag: string, why: string): CheckDefinition {
  const text = `A manifest PUT with an invalid tag (${why}) is rejected, 400 TAG_INVALID or MANIFEST_INVALID`;
  return {
    id,
    title: text,
    level: 'SHOULD',
    strict: 'the tag grammar binds clients ("No other formats are allowed"); that a registry refuses an invalid tag is implied, and TAG_INVALID is not an OCI code',
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const response = await putManifest(ctx, repo, tag, manifest);
      expectRejected(response, text, ['end-7'], ['TAG_INVALID', 'MANIFEST_INVALID', 'NAME_INVALID']);
    },
  };
}

export const manifestInvalidChecks: readonly CheckDefinition[] = [
  danglingRejected('layer'),
  danglingCode('layer'),
  danglingRejected('config'),
  danglingCode('config'),
  {
    id: 'dangling-index-child-rejected',
    title: 'An index whose child manifest is missing is rejected',
    level: 'MAY',
    spec: ['end-7', 'code-5'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const child = danglingDescriptor(ctx, 'child', MediaType.ociManifest);
      const response = await putManifest(ctx, repo, 'dangling', indexManifest([child]));
      expectThat(
        response.status >= 400 && response.status < 500,
        { rule: 'An index whose child manifest is missing is rejected', spec: ['end-7'] },
        'a 4xx rejection',
        describeResponse(response),
        response,
      );
    },
  },
  {
    id: 'malformed-json-rejected',
    title: 'A manifest body that is not JSON is rejected, 400 MANIFEST_INVALID',
    level: 'SHOULD',
    strict: "no keyword makes a registry refuse a body that is not JSON (MANIFEST_INVALID is listed without one); storing it would serve clients a manifest they cannot parse",
    spec: ['end-7', 'code-6'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const bytes = new TextEncoder().encode('{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": ');
      const manifest = { bytes, digest: buildManifest({}, MediaType.ociManifest).digest, mediaType: MediaType.ociManifest };
      const response = await putManifest(ctx, repo, 'malformed', manifest);
      expectRejected(response, 'A manifest body that is not JSON is rejected, 400 MANIFEST_INVALID', ['end-7', 'code-6'], ['MANIFEST_INVALID']);
    },
  },
  {
    id: 'content-type-mismatch',
    title: 'A manifest whose mediaType disagrees with its Content-Type is rejected with 400 (or 415) MANIFEST_INVALID',
    level: 'SHOULD',
    spec: ['end-7', 'code-6'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const response = await putManifest(ctx, repo, 'mismatch', manifest, { contentType: MediaType.dockerManifest });
      // 415 Unsupported Media Type names the same problem from the HTTP side (zot): both are accepted.
      expectRejected(
        response,
        'A manifest whose mediaType disagrees with its Content-Type is rejected with 400 (or 415) MANIFEST_INVALID',
        ['end-7', 'code-6'],
        ['MANIFEST_INVALID'],
        [400, 415],
      );
    },
  },
  invalidTag('invalid-tag-leading-dot', '.hidden', 'starts with "."'),
  invalidTag('invalid-tag-leading-dash', '-dash', 'starts with "-"'),
  invalidTag('invalid-tag-too-long', `t${'a'.repeat(128)}`, '129 characters'),
  {
    id: 'digest-mismatch-rejected',
    title: 'A manifest PUT by a digest that does not match the body is rejected, 400 DIGEST_INVALID',
    level: 'SHOULD',
    strict: "the spec puts no keyword on refusing a push by a digest the body does not have; accepting it breaks content addressability",
    spec: ['end-7', 'code-4'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const other = buildManifest({ schemaVersion: 2, regatta: ctx.seed }, MediaType.ociManifest);
      const response = await putManifest(ctx, repo, other.digest, manifest);
      expectRejected(
        response,
        'A manifest PUT by a digest that does not match the body is rejected, 400 DIGEST_INVALID',
        ['end-7', 'code-4'],
        ['DIGEST_INVALID', 'MANIFEST_INVALID'],
      );
    },
  },
  {
    id: 'invalid-repository-name',
    title: 'A manifest PUT to an invalid repository name is rejected, 400 NAME_INVALID',
    level: 'SHOULD',
    strict: "the name grammar is a MUST on names, not a MUST that registries refuse others (NAME_INVALID is listed without a keyword)",
    spec: ['end-7', 'code-8'],
    api: 'manifest-put',
    async run(ctx) {
      // Upper case breaks the name grammar; the name stays under the run namespace so nothing leaks outside it.
      const repo = `${ctx.repo()}/Invalid-UPPER`;
      const config = buildManifest({ regatta: ctx.seed }, MediaType.ociConfig);
      const manifest = imageManifest(config.descriptor, []);
      const response = await putManifest(ctx, repo, 'v1', manifest);
      expectRejected(response, 'A manifest PUT to an invalid repository name is rejected, 400 NAME_INVALID', ['end-7', 'code-8'], ['NAME_INVALID']);
    },
  },
  {
    id: 'invalid-manifest-not-stored',
    title: 'A rejected manifest is not served afterwards',
    level: 'SHOULD',
    strict: "implied: a refused manifest does not exist, so pulling it is a 404; the spec states no keyword about refused pushes",
    spec: ['end-7', 'end-3'],
    api: 'manifest-get',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const other = buildManifest({ schemaVersion: 2, regatta: ctx.seed }, MediaType.ociManifest);
      const put = await putManifest(ctx, repo, other.digest, manifest);
      if (put.status >= 200 && put.status < 300) {
        fail({ rule: 'prerequisite: a digest-mismatch push is rejected', spec: ['end-7'] }, 'a rejection', describeResponse(put), put);
      }
      const response = await ctx.client.headManifest(repo, other.digest, { signal: ctx.signal });
      expectStatus(response, [404], { rule: 'A manifest rejected for a digest mismatch is not served under that digest', spec: ['end-3'] });
    },
  },
];
