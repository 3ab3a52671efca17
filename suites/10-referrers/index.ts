/**
 * Referrers: end-12a (`GET /v2/<name>/referrers/<digest>`) and end-12b (`?artifactType=`), spec §3 "Referrers" and
 * "Subject". Only where the probe found the API (`referrers`): 200 with an image index
 * (`Content-Type: application/vnd.oci.image.index.v1+json`) of descriptors of the manifests in the same repository
 * whose `subject` is the digest; `artifactType` is the manifest's, else its `config.mediaType`; annotations are
 * copied; an unknown subject gives 200 and an empty list (MUST NOT 404); a filter, when applied, MUST be announced in
 * `OCI-Filters-Applied`. No Docker-Content-Digest check on this response (PR #492: "added in error"). Repository
 * isolation is in repository-isolation-checks.ts; the referrers tag schema and `OCI-Subject` without the API, which
 * run on every registry, in fallback-tag-checks.ts.
 */
import { defineSuite } from '../../src/conformance/define-suite.js';
import { excerpt, expectStatus, expectThat } from '../../src/conformance/expect.js';
import { MediaType } from '../../src/oci/media-types.js';
import {
  danglingDescriptor,
  indexManifest,
  mediaTypeOf,
  prepareImage,
  pushImage,
  putManifest,
  putManifestOrFail,
} from '../common/manifest-helpers.js';
import {
  filterApplied,
  findDescriptor,
  listReferrers,
  pushSubjectAndArtifact,
  referrerRule as rule,
  repeatedQuery,
  sbomType,
  signatureType,
} from './referrer-helpers.js';
import { fallbackTagChecks } from './fallback-tag-checks.js';
import { repositoryIsolationChecks } from './repository-isolation-checks.js';
import { statements } from '../common/statements.js';

export default defineSuite({
  id: 'referrers',
  title: 'Referrers',
  description:
    'end-12a/12b: referrers index, descriptor fields, unknown subject, artifactType filter, scope and deletes; repository isolation; the referrers tag schema and OCI-Subject without the API.',
  checks: [
    {
      id: 'lists-referrer',
      title: 'The referrers of a subject list the pushed artifact with its digest, mediaType and size',
      level: 'MUST',
      statement: statements.referrersListed,
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const { subject, artifact } = await pushSubjectAndArtifact(ctx, repo);
        const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule);
        const descriptor = findDescriptor(manifests, artifact.digest, ctx.rule.rule, response);
        expectThat(
          descriptor.mediaType === artifact.mediaType && descriptor.size === artifact.bytes.length,
          rule(ctx.rule.rule),
          `mediaType ${artifact.mediaType}, size ${artifact.bytes.length}`,
          `mediaType ${String(descriptor.mediaType)}, size ${String(descriptor.size)}`,
          response,
        );
      },
    },
    {
      id: 'index-content-type',
      title: 'The referrers response is an OCI image index (Content-Type and body)',
      level: 'MUST',
      statement: statements.referrersContentType,
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const { subject } = await pushSubjectAndArtifact(ctx, repo);
        const text = 'The referrers response is an OCI image index';
        const { response } = await listReferrers(ctx, repo, subject.digest, text);
        const type = mediaTypeOf(response);
        expectThat(type === MediaType.ociIndex, rule(`${text}: Content-Type`), MediaType.ociIndex, type ?? 'none', response);
        const body = response.json() as { schemaVersion?: unknown; mediaType?: unknown };
        expectThat(body.schemaVersion === 2, rule(`${text}: schemaVersion 2`), 'schemaVersion 2', String(body.schemaVersion), response);
        expectThat(
          body.mediaType === undefined || body.mediaType === MediaType.ociIndex,
          rule(`${text}: mediaType`),
          MediaType.ociIndex,
          String(body.mediaType),
          response,
        );
      },
    },
    {
      id: 'descriptor-artifact-type',
      title: 'A referrer descriptor carries the artifactType of the manifest',
      level: 'MUST',
      statement: statements.referrersArtifactType,
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const { subject, artifact } = await pushSubjectAndArtifact(ctx, repo);
        const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule);
        const descriptor = findDescriptor(manifests, artifact.digest, ctx.rule.rule, response);
        expectThat(descriptor.artifactType === signatureType, rule(ctx.rule.rule), signatureType, String(descriptor.artifactType), response);
      },
    },
    {
      id: 'descriptor-annotations',
      title: 'A referrer descriptor carries the annotations of the manifest',
      level: 'MUST',
      statement: statements.referrersAnnotations,
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const { subject, artifact } = await pushSubjectAndArtifact(ctx, repo);
        const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule);
        const annotations = findDescriptor(manifests, artifact.digest, ctx.rule.rule, response).annotations as Record<string, unknown> | undefined;
        expectThat(
          annotations?.['org.regatta.salt'] === 'artifact' && annotations['org.opencontainers.image.created'] === '2026-01-01T00:00:00Z',
          rule(ctx.rule.rule),
          'annotations org.regatta.salt and org.opencontainers.image.created',
          JSON.stringify(annotations ?? null),
          response,
        );
      },
    },
    {
      id: 'config-media-type-fallback',
      title: 'A referrer without artifactType is listed with its config mediaType as artifactType',
      level: 'MUST',
      statement: statements.referrersArtifactType,
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const subject = await pushImage(ctx, repo, 'subject', 'subject');
        const artifact = await prepareImage(ctx, repo, 'plain', { subject: subject.descriptor });
        await putManifestOrFail(ctx, repo, artifact.digest, artifact);
        const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule);
        const descriptor = findDescriptor(manifests, artifact.digest, ctx.rule.rule, response);
        expectThat(descriptor.artifactType === MediaType.ociConfig, rule(ctx.rule.rule), MediaType.ociConfig, String(descriptor.artifactType), response);
      },
    },
    {
      id: 'index-referrer',
      title: 'An image index with a subject is listed as a referrer with its artifactType',
      level: 'MUST',
      statement: statements.referrersArtifactType,
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const subject = await pushImage(ctx, repo, 'subject', 'subject');
        const child = await pushImage(ctx, repo, '@digest', 'child');
        const index = indexManifest([child.descriptor], { subject: subject.descriptor, artifactType: sbomType });
        await putManifestOrFail(ctx, repo, index.digest, index);
        const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule);
        const descriptor = findDescriptor(manifests, index.digest, ctx.rule.rule, response);
        expectThat(descriptor.artifactType === sbomType && descriptor.mediaType === MediaType.ociIndex, rule(ctx.rule.rule), `index with artifactType ${sbomType}`, JSON.stringify(descriptor), response);
      },
    },
    {
      id: 'unknown-subject-empty',
      title: 'Referrers of an unknown subject return 200 with an empty list, never 404',
      level: 'MUST',
      statement: statements.referrersEmpty,
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        await pushImage(ctx, repo, 'v1');
        const unknown = danglingDescriptor(ctx, 'subject', MediaType.ociManifest).digest;
        const { response, manifests } = await listReferrers(ctx, repo, unknown, ctx.rule.rule);
        expectThat(manifests.length === 0, rule(ctx.rule.rule), 'no descriptors', `${manifests.length} descriptors`, response);
      },
    },
    {
      id: 'empty-list-is-array',
      title: 'An empty referrers list is spelled "manifests": [] (an image index requires an array)',
      level: 'SHOULD',
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        await pushImage(ctx, repo, 'v1');
        const unknown = danglingDescriptor(ctx, 'subject', MediaType.ociManifest).digest;
        const response = await ctx.client.referrers(repo, unknown, {}, { signal: ctx.signal });
        expectStatus(response, [200], rule(ctx.rule.rule));
        const body = response.json() as { manifests?: unknown } | undefined;
        expectThat(Array.isArray(body?.manifests), rule(ctx.rule.rule, ['end-12a'], 'SHOULD'), '"manifests": []', excerpt(response), response);
      },
    },
    {
      id: 'subject-pushed-later',
      title: 'An artifact pushed before its subject is listed once the subject exists',
      level: 'MUST',
      statement: statements.subjectMissingAccepted,
      since: '1.1',
      spec: ['end-12a', 'end-7'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const subject = await prepareImage(ctx, repo, 'subject');
        const artifact = await prepareImage(ctx, repo, 'early', { subject: subject.descriptor, artifactType: signatureType });
        const early = await putManifest(ctx, repo, artifact.digest, artifact);
        expectStatus(early, [201], rule('A manifest whose subject does not exist is accepted (MUST accept a missing subject)', ['end-7']));
        await putManifestOrFail(ctx, repo, 'subject', subject);
        const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule);
        findDescriptor(manifests, artifact.digest, ctx.rule.rule, response);
      },
    },
    {
      id: 'other-repository-not-listed',
      title: 'Referrers list only manifests of the same repository',
      level: 'MUST',
      statement: statements.referrersListed,
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const other = ctx.repo('without');
        const { subject } = await pushSubjectAndArtifact(ctx, repo);
        await pushImage(ctx, other, 'subject', 'subject');
        const { response, manifests } = await listReferrers(ctx, other, subject.digest, ctx.rule.rule);
        expectThat(manifests.length === 0, rule(ctx.rule.rule), 'no descriptors in the other repository', `${manifests.length} descriptors`, response);
      },
    },
    {
      id: 'filter-applied-header',
      title: 'Referrers support ?artifactType= and announce it with OCI-Filters-Applied',
      level: 'SHOULD',
      since: '1.1',
      spec: ['end-12b'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const { subject } = await pushSubjectAndArtifact(ctx, repo);
        for (const query of repeatedQuery) {
          const { response } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule, signatureType);
          expectThat(
            filterApplied(response),
            rule(`${ctx.rule.rule} (${query} query)`, ['end-12b'], 'SHOULD'),
            'OCI-Filters-Applied: artifactType',
            response.headers['oci-filters-applied'] ?? 'no header',
            response,
          );
        }
      },
    },
    {
      id: 'filter-results-consistent',
      title: 'With OCI-Filters-Applied: artifactType only matching referrers are listed; without it, all are',
      level: 'MUST',
      statement: statements.referrersFiltered,
      since: '1.1',
      spec: ['end-12b'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        const { subject, artifact } = await pushSubjectAndArtifact(ctx, repo, signatureType, 'signature');
        const sbom = await prepareImage(ctx, repo, 'sbom', { subject: subject.descriptor, artifactType: sbomType });
        await putManifestOrFail(ctx, repo, sbom.digest, sbom);
        for (const query of repeatedQuery) {
          const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule, signatureType);
          const applied = filterApplied(response);
          const digests = manifests.map((entry) => entry.digest);
          const expected = applied ? [artifact.digest] : [artifact.digest, sbom.digest];
          expectThat(
            expected.every((digest) => digests.includes(digest)) && digests.length === expected.length,
            ctx.step(`${ctx.rule.rule} (${query} query)`),
            `${applied ? 'filtered' : 'unfiltered'}: ${expected.join(', ')}`,
            digests.map(String).join(', ') || '(none)',
            response,
          );
        }
      },
    },
    {
      id: 'deleted-referrer-unlisted',
      title: 'A deleted referrer leaves the referrers list',
      level: 'MUST',
      statement: statements.referrersListed,
      since: '1.1',
      spec: ['end-12a', 'end-9'],
      api: 'referrers',
      requires: ['referrers', 'manifest-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const { subject, artifact } = await pushSubjectAndArtifact(ctx, repo);
        const deleted = await ctx.client.deleteManifest(repo, artifact.digest, { signal: ctx.signal });
        expectStatus(deleted, [202], rule('prerequisite: DELETE of the referrer by digest returns 202', ['end-9']));
        const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule);
        expectThat(!manifests.some((entry) => entry.digest === artifact.digest), rule(ctx.rule.rule), 'no descriptor of the deleted referrer', `${artifact.digest} still listed`, response);
      },
    },
    {
      id: 'invalid-digest-400',
      title: 'Referrers of a malformed digest return 400',
      level: 'SHOULD',
      since: '1.1',
      spec: ['end-12a'],
      api: 'referrers',
      requires: ['referrers'],
      async run(ctx) {
        const repo = ctx.repo();
        await pushImage(ctx, repo, 'v1');
        const response = await ctx.client.request('GET', `/v2/${repo}/referrers/sha256:not-a-hex-digest`, { signal: ctx.signal });
        expectStatus(response, [400], rule('Referrers of a malformed digest return 400'));
      },
    },
    ...repositoryIsolationChecks,
    ...fallbackTagChecks,
  ],
});
