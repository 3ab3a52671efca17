import { describe, expect, it } from 'vitest';
import type { FakeRegistryOptions, FakeRequestContext, FaultHooks } from '../../src/conformance/test-support/fake-registry-types.js';
import { digestOf } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { referrersTagOf } from '../../src/oci/referrers-tag.js';
import suite from './index.js';
import { answerOn, expectAllPass, expectCheckOutcome, parseBody, rewriteOn, runChecks, setBody } from '../test-support/suite-faults.js';

const S = suite.id;

/** Rewrites the descriptors of every 200 referrers response of the suite's repositories. */
function editDescriptors(edit: (manifests: Record<string, unknown>[], ctx: FakeRequestContext) => Record<string, unknown>[]): FakeRegistryOptions {
  return {
    faults: rewriteOn(S, ['referrers'], (response, ctx) => {
      if (response.status === 200) {
        const body = parseBody(response);
        setBody(response, { ...body, manifests: edit(body['manifests'] as Record<string, unknown>[], ctx) });
      }
    }),
  };
}

/** Drops one field from every descriptor. */
function withoutField(field: string): FakeRegistryOptions {
  return editDescriptors((manifests) => manifests.map(({ [field]: _dropped, ...rest }) => rest));
}

const emptyList = editDescriptors(() => []);

const mustCases: readonly { check: string; options: FakeRegistryOptions; rule: string }[] = [
  { check: 'lists-referrer', options: emptyList, rule: 'list the pushed artifact with its digest, mediaType and size' },
  {
    check: 'index-content-type',
    options: { faults: rewriteOn(S, ['referrers'], (r) => void (r.headers['content-type'] = 'application/json')) },
    rule: 'The referrers response is an OCI image index: Content-Type',
  },
  { check: 'descriptor-artifact-type', options: withoutField('artifactType'), rule: 'A referrer descriptor carries the artifactType of the manifest' },
  { check: 'descriptor-annotations', options: withoutField('annotations'), rule: 'A referrer descriptor carries the annotations of the manifest' },
  { check: 'config-media-type-fallback', options: withoutField('artifactType'), rule: 'listed with its config mediaType as artifactType' },
  { check: 'index-referrer', options: withoutField('artifactType'), rule: 'An image index with a subject is listed as a referrer' },
  {
    check: 'unknown-subject-empty',
    options: { faults: rewriteOn(S, ['referrers'], (r, ctx) => void (ctx.store.getManifest(ctx.repo ?? '', ctx.reference ?? '') === undefined ? (r.status = 404) : undefined)) },
    rule: 'Referrers of an unknown subject return 200 with an empty list, never 404',
  },
  {
    check: 'subject-pushed-later',
    // A registry that indexes referrers only when their subject already exists.
    options: editDescriptors((manifests, ctx) => manifests.filter((entry) => ctx.store.manifestsOf(ctx.repo ?? '').findIndex((m) => m.digest === entry['digest']) > 0)),
    rule: 'An artifact pushed before its subject is listed once the subject exists',
  },
  {
    check: 'other-repository-not-listed',
    options: editDescriptors((manifests, ctx) =>
      (ctx.repo ?? '').endsWith('-without') ? [...manifests, { mediaType: MediaType.ociManifest, digest: digestOf('elsewhere'), size: 9 }] : manifests,
    ),
    rule: 'Referrers list only manifests of the same repository',
  },
  {
    check: 'filter-results-consistent',
    options: { faults: rewriteOn(S, ['referrers'], (r) => void delete r.headers['oci-filters-applied']) },
    rule: 'With OCI-Filters-Applied: artifactType only matching referrers are listed; without it, all are',
  },
  {
    check: 'deleted-referrer-unlisted',
    options: { faults: answerOn(S, 'manifest-delete', () => ({ status: 202, headers: {}, body: Buffer.alloc(0) })) },
    rule: 'A deleted referrer leaves the referrers list',
  },
  {
    check: 'same-referrer-two-repositories',
    // A registry that lists referrers by subject digest across repositories.
    options: editDescriptors((manifests, ctx) => {
      const others = ctx.store.repoNames().filter((repo) => repo !== ctx.repo);
      const elsewhere = others.flatMap((repo) => ctx.store.manifestsOf(repo)).filter((m) => (m.json['subject'] as { digest?: string } | undefined)?.digest === ctx.reference);
      const listed = new Set(manifests.map((entry) => entry['digest']));
      return [...manifests, ...elsewhere.filter((m) => !listed.has(m.digest)).map((m) => ({ mediaType: m.mediaType, digest: m.digest, size: m.bytes.length }))];
    }),
    rule: 'each repository lists exactly its own referrers',
  },
  {
    check: 'fallback-tag-round-trip',
    // A registry that keeps the first index pushed under a referrers tag (answers 201, does not move the tag).
    options: {
      faults: answerOn(S, 'manifest-put', (ctx) =>
        /^sha256-/.test(ctx.reference ?? '') && ctx.store.getManifest(ctx.repo ?? '', ctx.reference ?? '') !== undefined
          ? { status: 201, headers: { location: `/v2/${ctx.repo ?? ''}/manifests/${ctx.reference ?? ''}` }, body: Buffer.alloc(0) }
          : undefined,
      ),
    },
    rule: 'serves the index the client pushed last, byte for byte',
  },
  {
    check: 'fallback-index-not-a-referrer',
    // A registry that lists the index under the subject's referrers tag as one more referrer.
    options: editDescriptors((manifests, ctx) => {
      const fallback = ctx.store.getManifest(ctx.repo ?? '', referrersTagOf(ctx.reference ?? '') ?? '');
      return fallback === undefined ? manifests : [...manifests, { mediaType: fallback.mediaType, digest: fallback.digest, size: fallback.bytes.length }];
    }),
    rule: 'A referrers tag index a client left is not itself listed as a referrer',
  },
];

describe('referrers suite', () => {
  it('passes every check on a conformant registry', async () => {
    await expectAllPass(suite);
  });

  it('has a fault case for every MUST check and every check the strict profile grades MUST', () => {
    const must = suite.checks.filter((check) => check.level === 'MUST').map((check) => check.id);
    expect(mustCases.map((entry) => entry.check).sort()).toEqual([...must].sort());
  });

  for (const entry of mustCases) {
    it(`fails ${entry.check} on a registry that breaks its rule`, async () => {
      await expectCheckOutcome(suite, entry.check, entry.options, entry.rule);
    });
  }

  it('reads "manifests": null as empty for the MUST checks, and warns about the spelling (olareg)', async () => {
    const nullWhenEmpty = {
      faults: rewriteOn(S, ['referrers'], (r) => {
        const body = parseBody(r);
        if ((body['manifests'] as unknown[]).length === 0) {
          setBody(r, { ...body, manifests: null });
        }
      }),
    };
    const { status } = await runChecks(suite, 'unknown-subject-empty', nullWhenEmpty);
    expect(status('unknown-subject-empty')).toBe('passed');
    await expectCheckOutcome(suite, 'empty-list-is-array', nullWhenEmpty, 'An empty referrers list is spelled "manifests": []', 'warned');
  });

  it('skips every API check when the registry has no referrers API (404); the referrers tag checks still run', async () => {
    const { status } = await runChecks(suite, '', { referrers: false });
    const everywhere = ['fallback-tag-round-trip', 'oci-subject-means-listed'];
    expect(suite.checks.map((check) => [check.id, status(check.id)])).toEqual(
      suite.checks.map((check) => [check.id, everywhere.includes(check.id) ? 'passed' : 'skipped']),
    );
  });

  it('warns about OCI-Subject sent while the referrers API is missing (docker/hub-feedback #2372), wrong, or not listing', async () => {
    /** Answers every push with a subject with `OCI-Subject: <value>`, whatever the registry does with it. */
    const subjectHeader = (value: (subject: string) => string): FaultHooks =>
      rewriteOn(S, ['manifest-put'], (r, ctx) => {
        const subject = (JSON.parse(ctx.body.toString('utf8')) as { subject?: { digest?: string } }).subject?.digest;
        if (subject !== undefined && r.status === 201) {
          r.headers['oci-subject'] = value(subject);
        }
      });
    const id = 'oci-subject-means-listed';
    await expectCheckOutcome(suite, id, { referrers: false, faults: subjectHeader((subject) => subject) }, 'the referrers API must answer, not 404', 'warned');
    await expectCheckOutcome(suite, id, { faults: subjectHeader(() => digestOf('other')) }, `OCI-Subject: ${digestOf('other')}`, 'warned');
    await expectCheckOutcome(suite, id, emptyList, 'lists that manifest in its referrers API', 'warned');
  });

  it('judges a repeated filtered query too, so a cache that drops OCI-Filters-Applied fails in every run (olareg v0.1.2)', async () => {
    // olareg answers a repeated (cached) filtered query with the filtered list and no OCI-Filters-Applied.
    const seen = new Set<string>();
    const cacheDropsHeader: FakeRegistryOptions = {
      faults: rewriteOn(S, ['referrers'], (r, ctx) => {
        const key = ctx.url.pathname + ctx.url.search;
        if (seen.has(key)) {
          delete r.headers['oci-filters-applied'];
        }
        seen.add(key);
      }),
    };
    const { status, message } = await runChecks(suite, 'filter-', cacheDropsHeader);
    expect(status('filter-results-consistent')).toBe('failed');
    expect(message('filter-results-consistent')).toContain('(repeated query)');
    expect(status('filter-applied-header')).toBe('warned');
    expect(message('filter-applied-header')).toContain('(repeated query)');
  });

  it('passes the filter consistency check when a registry ignores the filter and says so', async () => {
    const unfiltered: FakeRegistryOptions = {
      faults: answerOn(S, 'referrers', (ctx) => {
        ctx.url.searchParams.delete('artifactType');
        return undefined;
      }),
    };
    const { status } = await runChecks(suite, 'filter-', unfiltered);
    expect(status('filter-results-consistent')).toBe('passed');
    expect(status('filter-applied-header')).toBe('warned');
  });
});
