import { describe, expect, it } from 'vitest';
import { digestOf } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import type { FakeRegistryOptions } from '../../src/conformance/test-support/fake-registry-types.js';
import suite from './index.js';
import { answerOn, expectAllPass, expectCheckOutcome, rewriteOn, runChecks } from '../test-support/suite-faults.js';

const S = suite.id;

/** Accepts every manifest PUT of the suite's repositories with 201, storing nothing: validation gone. */
const acceptEverything: FakeRegistryOptions = {
  faults: answerOn(S, 'manifest-put', () => ({ status: 201, headers: { location: '/v2/x/manifests/y' }, body: Buffer.alloc(0) })),
};

/** Appends a byte to every manifest GET body: stored bytes no longer exact. */
const alteredBytes: FakeRegistryOptions = {
  faults: rewriteOn(S, ['manifest-get'], (response) => {
    response.body = Buffer.concat([response.body, Buffer.from(' ')]);
    delete response.headers['content-length'];
  }),
};

/** Every MUST check, the fault that breaks exactly its rule, and the rule named in the failure. */
/** A dangling manifest refused with Docker's code only: the spec names MANIFEST_BLOB_UNKNOWN. */
const blobUnknownOnly: FakeRegistryOptions = {
  faults: rewriteOn(S, ['manifest-put'], (r) => void (r.status >= 400 ? (r.body = Buffer.from('{"errors":[{"code":"BLOB_UNKNOWN"}]}')) : undefined)),
};

const mustCases: readonly { check: string; options: FakeRegistryOptions; rule: string; prefix?: string }[] = [
  { check: 'dangling-layer-code', options: blobUnknownOnly, rule: 'MANIFEST_BLOB_UNKNOWN' },
  { check: 'dangling-config-code', options: blobUnknownOnly, rule: 'MANIFEST_BLOB_UNKNOWN' },
  { check: 'put-by-tag-201', options: { faults: rewriteOn(S, ['manifest-put'], (r) => void (r.status = 200)) }, rule: 'PUT of an image manifest by tag returns 201' },
  {
    check: 'put-by-tag-location',
    options: { faults: rewriteOn(S, ['manifest-put'], (r) => void delete r.headers['location']) },
    rule: 'A manifest PUT answers 201 with a Location header',
  },
  {
    check: 'put-by-tag-digest-header',
    options: { faults: rewriteOn(S, ['manifest-put'], (r) => void (r.headers['docker-content-digest'] = digestOf('other'))) },
    rule: 'Docker-Content-Digest equal to the digest of the bytes sent',
  },
  {
    check: 'put-by-digest-201',
    options: { faults: rewriteOn(S, ['manifest-put'], (r) => void (r.status = 202)) },
    rule: 'PUT of an image manifest by its digest returns 201',
  },
  { check: 'get-by-digest-same-bytes', options: alteredBytes, rule: 'returned byte for byte by digest' },
  { check: 'get-by-tag-same-bytes', options: alteredBytes, rule: 'returned byte for byte by that tag' },
  {
    check: 'pushed-by-digest-pullable',
    options: { faults: rewriteOn(S, ['manifest-get'], (r) => void (r.status = 404)) },
    rule: 'A manifest pushed by digest only is returned byte for byte by digest',
  },
  {
    check: 'same-manifest-two-tags',
    options: { faults: rewriteOn(S, ['manifest-get'], (r, ctx) => void (ctx.reference === 'second' ? (r.body = Buffer.from('{}')) : undefined)) },
    rule: 'The same manifest pushed under two tags is served by both',
  },
  {
    check: 'retag-moves-tag',
    options: {
      faults: answerOn(S, 'manifest-put', (ctx) =>
        ctx.reference === 'moving' && ctx.store.getManifest(ctx.repo ?? '', 'moving') !== undefined
          ? { status: 201, headers: { location: '/v2/x/manifests/y', 'docker-content-digest': digestOf(ctx.body) }, body: Buffer.alloc(0) }
          : undefined,
      ),
    },
    rule: 'Pushing another manifest to an existing tag moves the tag',
  },
  {
    check: 'repush-idempotent',
    options: {
      faults: answerOn(S, 'manifest-put', (ctx) =>
        ctx.store.getManifest(ctx.repo ?? '', ctx.reference ?? '') === undefined ? undefined : { status: 409, headers: {}, body: Buffer.alloc(0) },
      ),
    },
    rule: 'Pushing the same manifest to the same tag again returns 201',
  },
  {
    check: 'subject-missing-accepted',
    options: {
      faults: answerOn(S, 'manifest-put', (ctx) =>
        ctx.body.includes('"subject"') ? { status: 400, headers: {}, body: Buffer.from('{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN"}]}') } : undefined,
      ),
    },
    rule: 'A manifest whose subject does not exist is accepted',
  },
  {
    check: 'oci-subject-header',
    options: { faults: rewriteOn(S, ['manifest-put'], (r) => void delete r.headers['oci-subject']) },
    rule: 'answers a push with subject with OCI-Subject',
  },
  { check: 'malformed-json-rejected', options: acceptEverything, rule: 'A manifest body that is not JSON is rejected' },
  { check: 'invalid-tag-leading-dot', options: acceptEverything, rule: 'invalid tag (starts with ".") is rejected' },
  { check: 'invalid-tag-leading-dash', options: acceptEverything, rule: 'invalid tag (starts with "-") is rejected' },
  { check: 'invalid-tag-too-long', options: acceptEverything, rule: 'invalid tag (129 characters) is rejected' },
  { check: 'digest-mismatch-rejected', options: acceptEverything, rule: 'digest that does not match the body is rejected' },
  { check: 'invalid-repository-name', options: acceptEverything, rule: 'invalid repository name is rejected' },
  {
    check: 'invalid-manifest-not-stored',
    options: {
      faults: answerOn(S, 'manifest-put', (ctx) => {
        const reference = ctx.reference ?? '';
        if (!reference.includes(':')) {
          return undefined;
        }
        ctx.store.putManifest(ctx.repo ?? '', { digest: reference, bytes: ctx.body, mediaType: MediaType.ociManifest, json: {} });
        return { status: 400, headers: {}, body: Buffer.from('{"errors":[{"code":"DIGEST_INVALID"}]}') };
      }),
    },
    rule: 'is not served under that digest',
  },
  {
    check: 'index-push-and-pull',
    options: { faults: rewriteOn(S, ['manifest-put'], (r, ctx) => void (ctx.headers['content-type'] === MediaType.ociIndex ? (r.status = 400) : undefined)) },
    rule: 'An OCI image index over pushed children is accepted',
  },
  {
    check: 'docker-schema2-push-and-pull',
    options: { faults: rewriteOn(S, ['manifest-get'], (r) => void (r.body = Buffer.from('{"schemaVersion":2}'))) },
    rule: 'A Docker schema2 manifest is served byte for byte',
  },
  {
    check: 'docker-manifest-list-push-and-pull',
    options: {
      faults: rewriteOn(S, ['manifest-put'], (r, ctx) => void (ctx.headers['content-type'] === MediaType.dockerManifestList ? (r.status = 400) : undefined)),
    },
    rule: 'A Docker manifest list over schema2 children is accepted',
  },
  {
    check: 'multi-tag-oci-tag-header',
    prefix: 'multi-tag',
    options: { faults: rewriteOn(S, ['manifest-put'], (r) => void delete r.headers['oci-tag']) },
    rule: 'A multi-tag push answers an OCI-Tag header naming every accepted tag',
  },
  {
    check: 'sha512-manifest-pull',
    prefix: 'sha512',
    options: { faults: rewriteOn(S, ['manifest-head'], (r) => void (r.status = 404)) },
    rule: 'A manifest pushed by its sha512 digest answers HEAD 200 and GET with the same bytes by that digest',
  },
  {
    check: 'sha512-digest-mismatch-rejected',
    options: {
      // Stores the body under the digest the PUT names, whatever it hashes to.
      faults: answerOn(S, 'manifest-put', (ctx) => {
        const reference = ctx.reference ?? '';
        ctx.store.putManifest(ctx.repo ?? '', { digest: reference, bytes: ctx.body, mediaType: MediaType.ociManifest, json: {} });
        return { status: 201, headers: { location: `/v2/${ctx.repo ?? ''}/manifests/${reference}` }, body: Buffer.alloc(0) };
      }),
    },
    rule: 'A manifest PUT by a sha512 digest that does not match the body is not served under it',
  },
];

describe('manifest-push suite', () => {
  it('passes every check on a conformant registry', async () => {
    await expectAllPass(suite);
  });

  it('has a fault case for every MUST check and every check the strict profile grades MUST', () => {
    const must = suite.checks.filter((check) => check.level === 'MUST' || check.strict !== undefined).map((check) => check.id);
    expect(mustCases.map((entry) => entry.check).sort()).toEqual([...must].sort());
  });

  for (const entry of mustCases) {
    it(`fails ${entry.check} on a registry that breaks its rule`, async () => {
      await expectCheckOutcome(suite, entry.check, entry.options, entry.rule, undefined, entry.prefix);
    });
  }

  it('reports dangling-descriptor validation as a capability when the registry accepts them', async () => {
    const { status, message } = await runChecks(suite, 'dangling-', acceptEverything);
    expect(status('dangling-layer-rejected')).toBe('skipped');
    expect(message('dangling-layer-rejected')).toContain('capability not supported');
    expect(status('dangling-layer-code')).toBe('skipped');
    expect(status('dangling-config-code')).toBe('skipped');
  });

  it('fails when a rejected dangling manifest carries another code than MANIFEST_BLOB_UNKNOWN', async () => {
    const options = { faults: rewriteOn(S, ['manifest-put'], (r) => void (r.body = Buffer.from('{"errors":[{"code":"MANIFEST_INVALID"}]}'))) };
    await expectCheckOutcome(suite, 'dangling-layer-code', options, 'MANIFEST_BLOB_UNKNOWN');
  });

  it('warns when a dangling manifest is refused with MANIFEST_BLOB_UNKNOWN but a 404', async () => {
    const options = { faults: rewriteOn(S, ['manifest-put'], (r) => void (r.status = 404)) };
    await expectCheckOutcome(suite, 'dangling-config-code', options, '400', 'warned');
  });

  it('warns (not fails) when an invalid tag is rejected with 404 instead of 400', async () => {
    const options = { faults: rewriteOn(S, ['manifest-put'], (r, ctx) => void (ctx.reference === '.hidden' ? (r.status = 404) : undefined)) };
    await expectCheckOutcome(suite, 'invalid-tag-leading-dot', options, 'expected status 400, got status 404', 'warned');
  });

  it('skips the 413 check when the registry takes an 8 MiB manifest, and warns on another status', async () => {
    const skipped = await runChecks(suite, 'oversize-manifest-413', { maxManifestBytes: 64 * 1024 * 1024 });
    expect(skipped.status('oversize-manifest-413')).toBe('skipped');
    const options = { faults: rewriteOn(S, ['manifest-put'], (r) => void (r.status = r.status === 413 ? 400 : r.status)) };
    await expectCheckOutcome(suite, 'oversize-manifest-413', options, 'rejected with 413', 'warned');
  });

  it('skips multi-tag checks when ?tag= is ignored', async () => {
    const ignoreTags = answerOn(S, 'manifest-put', (ctx) => {
      ctx.url.searchParams.delete('tag');
      return undefined;
    });
    const { status } = await runChecks(suite, 'multi-tag', { faults: ignoreTags });
    expect([status('multi-tag-push'), status('multi-tag-oci-tag-header')]).toEqual(['skipped', 'skipped']);
  });

  it('warns when a manifest PUT by a malformed digest is stored, and skips the sha512 pulls when sha512 pushes are refused', async () => {
    await expectCheckOutcome(suite, 'malformed-digest-rejected', acceptEverything, 'is rejected with 400 DIGEST_INVALID: expected a 4xx rejection', 'warned');
    const { status } = await runChecks(suite, 'sha512', { sha512: false });
    expect([status('sha512-digest-push'), status('sha512-manifest-pull'), status('sha512-descriptors-push')]).toEqual(['skipped', 'skipped', 'skipped']);
    expect(status('sha512-digest-mismatch-rejected')).toBe('passed');
  });
});
