/**
 * Manifest push, the happy paths (end-7, end-3 read-back): 201, Location, Docker-Content-Digest, exact bytes,
 * Content-Type, tags that point where they were pushed.
 */
import type { CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectHeader, expectStatus, expectThat, fail, type Rule } from '../../src/conformance/expect.js';
import { manifestAcceptTypes } from '../../src/oci/media-types.js';
import { mediaTypeOf, prepareImage, pushImage, putManifest, putManifestOrFail, sameBytes, type BuiltManifest } from '../common/manifest-helpers.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { statements } from '../common/statements.js';

/** A rule of this file. */
function rule(text: string, spec: readonly string[] = ['end-7'], level?: 'SHOULD'): Rule {
  return level === undefined ? { rule: text, spec } : { rule: text, spec, level };
}

/** GET the manifest by `reference` and require the exact bytes (MUST: "the registry MUST store the exact bytes"). */
export async function expectStoredBytes(ctx: CheckContext, repo: string, reference: string, manifest: BuiltManifest, text: string): Promise<void> {
  const response = await ctx.client.getManifest(repo, reference, {
    signal: ctx.signal,
    headers: { accept: [manifest.mediaType, ...manifestAcceptTypes].join(', ') },
  });
  const stored = rule(text, ['end-7', 'end-3']);
  expectStatus(response, [200], stored);
  expectThat(
    sameBytes(response.body, manifest.bytes),
    stored,
    `the ${manifest.bytes.length} bytes pushed (${manifest.digest})`,
    `${response.body.length} different bytes`,
    response,
  );
}

export const manifestPushChecks: readonly CheckDefinition[] = [
  {
    id: 'put-by-tag-201',
    title: 'PUT of an image manifest by tag returns 201',
    level: 'MUST',
    statement: statements.manifestPushed,
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const response = await putManifest(ctx, repo, 'v1', manifest);
      expectStatus(response, [201], rule('PUT of an image manifest by tag returns 201'));
    },
  },
  {
    id: 'put-by-tag-location',
    title: 'A manifest PUT answers 201 with a Location header',
    level: 'MUST',
    statement: statements.manifestPushed,
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const response = await putManifestOrFail(ctx, repo, 'v1', await prepareImage(ctx, repo));
      expectHeader(response, 'Location', rule('A manifest PUT answers 201 with a Location header'));
    },
  },
  {
    id: 'put-by-tag-digest-header',
    title: 'A manifest PUT by tag returns Docker-Content-Digest equal to the digest of the bytes sent',
    level: 'MUST',
    statement: statements.manifestPushDigest,
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const response = await putManifestOrFail(ctx, repo, 'v1', manifest);
      const text = 'A manifest PUT returns Docker-Content-Digest equal to the digest of the bytes sent';
      const digest = expectHeader(response, 'Docker-Content-Digest', rule(text));
      expectThat(digest === manifest.digest, rule(text), manifest.digest, digest, response);
    },
  },
  {
    id: 'put-by-digest-201',
    title: 'PUT of an image manifest by its digest returns 201 with Docker-Content-Digest equal to it',
    level: 'MUST',
    statement: statements.manifestPushed,
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const response = await putManifest(ctx, repo, manifest.digest, manifest);
      expectStatus(response, [201], rule(ctx.rule.rule));
      const digest = expectHeader(response, 'Docker-Content-Digest', rule(ctx.rule.rule));
      expectThat(digest === manifest.digest, rule(ctx.rule.rule), manifest.digest, digest, response);
    },
  },
  {
    id: 'get-by-digest-same-bytes',
    title: 'A manifest pushed by tag is returned byte for byte by digest',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-7', 'end-3'],
    api: 'manifest-get',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await pushImage(ctx, repo, 'v1');
      await expectStoredBytes(ctx, repo, manifest.digest, manifest, 'A manifest pushed by tag is returned byte for byte by digest');
    },
  },
  {
    id: 'get-by-tag-same-bytes',
    title: 'A manifest pushed by tag is returned byte for byte by that tag',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-7', 'end-3'],
    api: 'manifest-get',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await pushImage(ctx, repo, 'v1');
      await expectStoredBytes(ctx, repo, 'v1', manifest, 'A manifest pushed by tag is returned byte for byte by that tag');
    },
  },
  {
    id: 'pushed-by-digest-pullable',
    title: 'A manifest pushed by digest only is returned byte for byte by digest',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-7', 'end-3'],
    api: 'manifest-get',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await pushImage(ctx, repo, '@digest');
      await expectStoredBytes(ctx, repo, manifest.digest, manifest, 'A manifest pushed by digest only is returned byte for byte by digest');
    },
  },
  {
    id: 'get-content-type',
    title: 'A pulled manifest has the Content-Type it was pushed with',
    level: 'SHOULD',
    spec: ['end-3', 'end-7'],
    api: 'manifest-get',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await pushImage(ctx, repo, 'v1');
      const response = await ctx.client.getManifest(repo, manifest.digest, { signal: ctx.signal });
      expectStatus(response, [200], rule(ctx.rule.rule, ['end-3']));
      const type = mediaTypeOf(response);
      expectThat(type === manifest.mediaType, rule(ctx.rule.rule, ['end-3']), manifest.mediaType, type ?? 'no Content-Type', response);
    },
  },
  {
    id: 'location-resolves',
    title: 'The Location of a pushed manifest serves that manifest',
    level: 'SHOULD',
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo);
      const put = await putManifestOrFail(ctx, repo, 'v1', manifest);
      const location = expectHeader(put, 'Location', rule(ctx.rule.rule));
      const response = await ctx.client.request('GET', ctx.client.resolveLocation(location, put.url), {
        signal: ctx.signal,
        headers: { accept: manifestAcceptTypes.join(', ') },
      });
      expectStatus(response, [200], rule(ctx.rule.rule));
      expectThat(sameBytes(response.body, manifest.bytes), rule(ctx.rule.rule), 'the pushed bytes', `${response.body.length} other bytes`, response);
    },
  },
  {
    id: 'same-manifest-two-tags',
    title: 'The same manifest pushed under two tags is served by both with one digest',
    level: 'MUST',
    statement: statements.manifestGet,
    spec: ['end-7', 'end-3'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await pushImage(ctx, repo, 'first');
      await putManifestOrFail(ctx, repo, 'second', manifest);
      for (const tag of ['first', 'second']) {
        const response = await ctx.client.getManifest(repo, tag, { signal: ctx.signal });
        expectStatus(response, [200], rule(ctx.rule.rule, ['end-3']));
        expectThat(sameBytes(response.body, manifest.bytes), rule(ctx.rule.rule, ['end-3']), `tag ${tag} serves ${manifest.digest}`, 'other bytes', response);
      }
    },
  },
  {
    id: 'retag-moves-tag',
    title: 'Pushing another manifest to an existing tag moves the tag to it',
    level: 'MUST',
    statement: statements.manifestGet,
    spec: ['end-7', 'end-3'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const old = await pushImage(ctx, repo, 'moving', 'old');
      const current = await pushImage(ctx, repo, 'moving', 'new');
      const text = 'Pushing another manifest to an existing tag moves the tag';
      const byTag = await ctx.client.getManifest(repo, 'moving', { signal: ctx.signal });
      expectStatus(byTag, [200], rule(text, ['end-3']));
      expectThat(sameBytes(byTag.body, current.bytes), rule(text, ['end-3']), `tag serves ${current.digest}`, 'the old or other bytes', byTag);
      const byDigest = await ctx.client.getManifest(repo, old.digest, { signal: ctx.signal });
      if (byDigest.status !== 200) {
        // No rule keeps an untagged manifest: registries may garbage-collect it (zot 1.4 drops it at once).
        ctx.note(`the previous manifest is gone by digest after its tag moved (${byDigest.status}): allowed`);
      }
    },
  },
  {
    id: 'repush-idempotent',
    title: 'Pushing the same manifest to the same tag again returns 201',
    level: 'MUST',
    statement: statements.manifestPushed,
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await pushImage(ctx, repo, 'v1');
      const response = await putManifest(ctx, repo, 'v1', manifest);
      expectStatus(response, [201], rule('Pushing the same manifest to the same tag again returns 201'));
    },
  },
  {
    id: 'subject-missing-accepted',
    title: 'A manifest whose subject does not exist is accepted',
    level: 'MUST',
    statement: statements.subjectMissingAccepted,
    since: '1.1',
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const subject = await prepareImage(ctx, repo, 'subject');
      const manifest = await prepareImage(ctx, repo, 'referrer', { subject: subject.descriptor, artifactType: 'application/vnd.regatta.test' });
      const response = await putManifest(ctx, repo, manifest.digest, manifest);
      expectStatus(response, [201], rule('A manifest whose subject does not exist is accepted (MUST accept a missing subject)'));
    },
  },
  {
    id: 'oci-subject-header',
    title: 'A registry with referrers answers a push with subject with OCI-Subject: <subject digest>',
    level: 'MUST',
    statement: statements.ociSubject,
    since: '1.1',
    spec: ['end-7', 'end-12a'],
    api: 'manifest-put',
    requires: ['referrers'],
    async run(ctx) {
      const repo = ctx.repo();
      const subject = await pushImage(ctx, repo, 'subject', 'subject');
      const manifest = await prepareImage(ctx, repo, 'referrer', { subject: subject.descriptor, artifactType: 'application/vnd.regatta.test' });
      const response = await putManifestOrFail(ctx, repo, manifest.digest, manifest);
      const header = expectHeader(response, 'OCI-Subject', rule(ctx.rule.rule));
      if (header !== subject.digest) {
        fail(rule(ctx.rule.rule), `OCI-Subject: ${subject.digest}`, `OCI-Subject: ${header}`, response);
      }
    },
  },
  {
    id: 'empty-layers-accepted',
    title: 'An image manifest with empty layers is accepted',
    level: 'SHOULD',
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await prepareImage(ctx, repo, '', { layers: 0 });
      const response = await putManifest(ctx, repo, 'no-layers', manifest);
      if (response.status !== 201) {
        // image-spec: layers SHOULD have at least one entry, so rejecting is tolerated (conformance #118).
        fail(rule('An image manifest with empty layers is accepted (image-spec SHOULD, conformance #118)'), 'status 201', describeResponse(response), response);
      }
    },
  },
];
