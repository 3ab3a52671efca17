import { describe, expect, it } from 'vitest';
import type { FakeRegistryOptions, FakeRequestContext, FakeResponse } from '../../src/conformance/test-support/fake-registry-types.js';
import { digestOf } from '../../src/oci/digest.js';
import pull from './index.js';
import { manifestNegotiationChecks } from './manifest-negotiation-checks.js';
import { expectCheckOutcome, rewriteOn, runChecks } from '../test-support/suite-faults.js';

const S = pull.id;

/** Media types the request's Accept lists (parameters dropped); undefined when there is no Accept header. */
function accepted(ctx: FakeRequestContext): string[] | undefined {
  const header = ctx.headers.accept;
  return header === undefined ? undefined : String(header).split(',').map((item) => item.split(';')[0]?.trim() ?? '');
}

/** True when a manifest response's type is not in an Accept the request sent. */
function excluded(response: FakeResponse, ctx: FakeRequestContext): boolean {
  const types = accepted(ctx);
  return response.status === 200 && types !== undefined && !types.includes(response.headers['content-type'] ?? '') && !types.includes('*/*');
}

/** A fault on manifest GET and HEAD of the suite's repositories. */
function onManifestReads(mutate: (response: FakeResponse, ctx: FakeRequestContext) => void): FakeRegistryOptions {
  return { faults: rewriteOn(S, ['manifest-get', 'manifest-head'], mutate) };
}

/** A registry that converts a manifest to the client's first accepted type (other bytes under the same digest). */
const converts = onManifestReads((response, ctx) => {
  if (excluded(response, ctx)) {
    const type = accepted(ctx)?.[0] ?? '';
    response.body = Buffer.from(JSON.stringify({ ...(JSON.parse(response.body.toString('utf8')) as object), mediaType: type }));
    response.headers['content-type'] = type;
    response.headers['docker-content-digest'] = digestOf(response.body);
  }
});

/** A registry that answers 404 when the Accept leaves the stored type out (distribution, olareg). */
const notFoundWhenExcluded = onManifestReads((response, ctx) => {
  const types = accepted(ctx);
  if (response.status === 200 && (types === undefined || excluded(response, ctx))) {
    response.status = 404;
  }
});

/** A registry that reads only the first entry of the Accept (naive parsing: no lists, no q-values). */
const firstAcceptOnly = onManifestReads((response, ctx) => {
  const first = accepted(ctx)?.[0];
  if (response.status === 200 && first !== undefined && first !== response.headers['content-type']) {
    response.status = 404;
  }
});

const mustCases = manifestNegotiationChecks
  .filter((check) => check.level === 'MUST')
  .map((check) =>
    check.id.startsWith('accept-without-type-')
      ? { check: check.id, options: converts, rule: 'A 200 to GET by digest carries exactly that manifest, whatever the Accept' }
      : { check: check.id, options: firstAcceptOnly, rule: 'whose type the Accept lists (q=0.5) returns 200' },
  );

describe('pull: manifest content negotiation', () => {
  it('has a fault case for every MUST check and every check the strict profile grades MUST', () => {
    expect(mustCases.map((entry) => entry.check)).toEqual([
      'accept-without-type-oci-index',
      'accept-without-type-docker-list',
      'accept-without-type-oci-image',
      'accept-without-type-docker-image',
      'other-family-preferred-oci-index',
      'other-family-preferred-docker-list',
    ]);
  });

  for (const entry of mustCases) {
    it(`fails ${entry.check} on a registry that breaks its rule`, async () => {
      await expectCheckOutcome(pull, entry.check, entry.options, entry.rule);
    });
  }

  it('warns, not fails, when an Accept without the stored type gets 404 instead of 200 or 406', async () => {
    await expectCheckOutcome(pull, 'accept-without-type-oci-index', notFoundWhenExcluded, 'is disregarded (200) or refused with 406', 'warned');
  });

  it('passes a registry that honours the Accept with 406', async () => {
    const notAcceptable = onManifestReads((response, ctx) => {
      if (excluded(response, ctx)) {
        response.status = 406;
      }
    });
    const { status } = await runChecks(pull, 'accept-without-type-', notAcceptable);
    expect(['oci-index', 'docker-list', 'oci-image', 'docker-image'].map((kind) => status(`accept-without-type-${kind}`))).toEqual(['passed', 'passed', 'passed', 'passed']);
  });

  it('warns when GET without Accept (or */*) does not return the manifest', async () => {
    await expectCheckOutcome(pull, 'any-accept-oci-index', notFoundWhenExcluded, 'with no Accept returns the stored manifest', 'warned');
  });

  it('warns when HEAD of a list names another digest than GET returns (dist-spec #207)', async () => {
    const headNamesChild = { faults: rewriteOn(S, ['manifest-head'], (response) => void (response.headers['docker-content-digest'] = digestOf('platform manifest'))) };
    await expectCheckOutcome(pull, 'head-get-agree-docker-list', headNamesChild, 'Docker-Content-Digest', 'warned');
  });

  it('warns when the Content-Type is relabelled to the preferred family while the bytes stay', async () => {
    const relabel = onManifestReads((response, ctx) => {
      const first = accepted(ctx)?.[0];
      if (response.status === 200 && first !== undefined && ctx.headers.accept?.includes('q=0.5') === true) {
        response.headers['content-type'] = first;
      }
    });
    await expectCheckOutcome(pull, 'other-family-preferred-docker-list', relabel, 'The Content-Type is the pushed media type', 'warned');
  });
});
