import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import type { FakeRegistryOptions, FakeRequestContext, FaultHooks } from '../../src/conformance/test-support/fake-registry-types.js';
import upload from './index.js';
import { expectCheckFails, ofCheck, onRoute, withoutHeader, withStatus } from '../test-support/fault-helpers.js';

/** After a completed PUT, the fake keeps other bytes than it was sent (ECR-style silent data loss). */
function losesData(checkId: string): FaultHooks {
  return onRoute(checkId, 'upload-put', (response, ctx) => {
    const digest = ctx.url.searchParams.get('digest');
    if (response.status === 201 && digest !== null && ctx.repo !== undefined) {
      ctx.store.putBlob(ctx.repo, digest, Buffer.from('lost'));
    }
  });
}

/** Answers 202 where the fake would answer 416 (accepts out-of-order, repeated or overlapping chunks). */
function accepts416(checkId: string): FaultHooks {
  return onRoute(checkId, 'upload-patch', (response) => {
    if (response.status === 416) {
      response.status = 202;
    }
  });
}

/** Answers DELETE on an upload with 204 but keeps the session open. */
function cancelKeepsSession(checkId: string): FaultHooks {
  return {
    routes: {
      'upload-cancel': (_req: IncomingMessage, res: ServerResponse, ctx: FakeRequestContext) => {
        if (!ofCheck(ctx, checkId)) {
          return false;
        }
        res.writeHead(204);
        res.end();
        return true;
      },
    },
  };
}

/** Stores whatever a closing PUT carries under the digest it names, wrong or not, and answers 201. */
function storesAnyDigest(checkId: string): FaultHooks {
  return onRoute(checkId, 'upload-put', (response, ctx) => {
    ctx.store.putBlob(ctx.repo ?? '', ctx.url.searchParams.get('digest') ?? '', Buffer.concat([ctx.body]));
    response.status = 201;
  });
}

/** Repositories that saw a PUT, for the re-upload fault (its second PUT answers 409). */
const puts = new Set<string>();

/**
 * Every MUST check, the rule its failure message names, a fault that breaks exactly that rule, and the registry's
 * options when the check needs another registry than the default one.
 */
const mustCases: readonly (readonly [string, string, FaultHooks, FakeRegistryOptions?])[] = [
  ['post-202-location', 'POST /blobs/uploads/ returns 202 with a Location', onRoute('post-202-location', 'upload-start', withoutHeader('location'))],
  ['monolithic-put-201', 'POST then PUT with the whole blob returns 201', onRoute('monolithic-put-201', 'upload-put', withStatus(200))],
  ['monolithic-put-location', 'The 201 of a completed upload carries a Location', onRoute('monolithic-put-location', 'upload-put', withoutHeader('location'))],
  ['monolithic-content-verified', 'A blob pushed with POST then PUT reads back with the same digest and length', losesData('monolithic-content-verified')],
  [
    'single-post',
    'POST ?digest= with the body returns 201, or 202 and the PUT completes it',
    onRoute('single-post', 'upload-start', (response, ctx) => {
      if (ctx.url.searchParams.has('digest')) {
        response.status = 200;
      }
    }),
  ],
  [
    'streamed-patch',
    'One PATCH without Content-Range then an empty PUT stores the blob',
    onRoute('streamed-patch', 'upload-patch', withStatus(204)),
  ],
  ['empty-blob', 'A 0-byte blob uploads and reads back with the sha256 of empty content', losesData('empty-blob')],
  [
    'reupload-existing',
    'Uploading a blob that already exists succeeds again and keeps its content',
    onRoute('reupload-existing', 'upload-put', (response, ctx) => {
      if (puts.has(ctx.repo ?? '')) {
        response.status = 409;
      }
      puts.add(ctx.repo ?? '');
    }),
  ],
  ['chunked-completes', 'A chunked upload (PATCH with Content-Range, then PUT) stores the exact blob', losesData('chunked-completes')],
  ['chunked-every-chunk-location', 'Every chunk PATCH answers 202 with a Location', onRoute('chunked-every-chunk-location', 'upload-patch', withoutHeader('location'))],
  [
    'chunked-every-chunk-range',
    'Every chunk PATCH answers Range: 0-<last byte of the blob so far>',
    onRoute('chunked-every-chunk-range', 'upload-patch', (response) => {
      response.headers['range'] = '0-1023';
    }),
  ],
  [
    'chunked-final-chunk-in-put',
    'The last chunk may travel in the closing PUT with its Content-Range',
    onRoute('chunked-final-chunk-in-put', 'upload-put', (response, ctx) => {
      if (ctx.body.length > 0) {
        response.status = 400;
      }
    }),
  ],
  ['chunked-out-of-order-416', 'A chunk that skips ahead of the bytes received is refused with 416', accepts416('chunked-out-of-order-416')],
  ['chunked-first-not-zero-416', 'A first chunk that does not start at 0 is refused with 416', accepts416('chunked-first-not-zero-416')],
  ['chunked-repeated-416', 'A repeated chunk is refused with 416', accepts416('chunked-repeated-416')],
  ['chunked-overlap-416', 'A chunk overlapping bytes already received is refused with 416', accepts416('chunked-overlap-416')],
  ['status-204', 'GET on an upload session returns 204', onRoute('status-204', 'upload-status', withStatus(200))],
  [
    'status-range-location',
    'Upload status after a chunk returns 204 with Range: 0-<last byte> and a Location',
    onRoute('status-range-location', 'upload-status', withoutHeader('range')),
  ],
  ['cancel-then-status-404', 'A cancelled upload session answers 404', cancelKeepsSession('cancel-then-status-404')],
  ['unknown-session-patch-404', 'PATCH on an unknown upload session returns 404', onRoute('unknown-session-patch-404', 'upload-patch', withStatus(400))],
  ['unknown-session-put-404', 'PUT on an unknown upload session returns 404', onRoute('unknown-session-put-404', 'upload-put', withStatus(400))],
  ['unknown-session-status-404', 'GET on an unknown upload session returns 404', onRoute('unknown-session-status-404', 'upload-status', withStatus(400))],
  ['digest-mismatch-400', 'A PUT whose digest does not match the content returns 400', onRoute('digest-mismatch-400', 'upload-put', withStatus(201))],
  [
    'digest-mismatch-not-stored',
    'Content refused for a digest mismatch is stored under neither digest',
    onRoute('digest-mismatch-not-stored', 'upload-put', (response, ctx) => {
      ctx.store.putBlob(ctx.repo ?? '', ctx.url.searchParams.get('digest') ?? '', ctx.body);
      response.status = 201;
    }),
  ],
  [
    'put-without-digest-400',
    'A closing PUT without a digest parameter returns 400',
    onRoute('put-without-digest-400', 'upload-put', withStatus(201)),
  ],
  [
    'single-post-digest-mismatch-400',
    'A single POST whose digest does not match the body returns 400',
    onRoute('single-post-digest-mismatch-400', 'upload-start', withStatus(201)),
  ],
  [
    'invalid-name-uppercase',
    'POST /blobs/uploads/ on an invalid repository name ("UPPER-Case") returns 400 or 404',
    { rewrite: (response, ctx) => (ctx.repo?.endsWith('/UPPER-Case') === true ? { ...response, status: 202 } : undefined) },
  ],
  [
    'invalid-name-separator',
    'POST /blobs/uploads/ on an invalid repository name ("double..dot") returns 400 or 404',
    { rewrite: (response, ctx) => (ctx.repo?.endsWith('/double..dot') === true ? { ...response, status: 500 } : undefined) },
  ],
  [
    'not-visible-before-complete',
    'A blob is not visible (HEAD 404) before its upload completes',
    onRoute('not-visible-before-complete', 'blob-head', withStatus(200)),
  ],
  [
    'streamed-digest-mismatch-400',
    'A streamed upload closed with a digest that does not match stores nothing under it, refused with 400',
    storesAnyDigest('streamed-digest-mismatch-400'),
  ],
  [
    'chunked-digest-mismatch-400',
    'A chunked upload closed with a digest that does not match stores nothing under it, refused with 400',
    storesAnyDigest('chunked-digest-mismatch-400'),
  ],
  [
    'chunked-final-in-put-digest-mismatch-400',
    'A chunked upload whose closing PUT carries the last chunk and a wrong digest stores nothing, refused with 400',
    storesAnyDigest('chunked-final-in-put-digest-mismatch-400'),
  ],
  [
    'single-post-fallback-digest-mismatch-400',
    'A single POST with a wrong digest stores nothing under it, refused with 400 on the POST or on the PUT after a 202',
    storesAnyDigest('single-post-fallback-digest-mismatch-400'),
    { singlePost: false },
  ],
  [
    'sha512-single-post',
    'POST ?digest=sha512:… with the body returns 201, or 202 and the PUT completes it; the blob reads back by it',
    onRoute('sha512-single-post', 'upload-start', (response, ctx) => {
      const digest = ctx.url.searchParams.get('digest');
      if (response.status === 201 && digest?.startsWith('sha512:') === true) {
        ctx.store.putBlob(ctx.repo ?? '', digest, Buffer.from('lost'));
      }
    }),
  ],
  [
    'sha512-streamed',
    'A streamed sha512 upload (POST ?digest-algorithm=sha512, one PATCH, empty PUT) stores the blob under its sha512',
    losesData('sha512-streamed'),
  ],
  [
    'chunked-sha512',
    'A chunked sha512 upload (PATCHes with Content-Range, empty PUT) stores the blob under its sha512',
    losesData('chunked-sha512'),
  ],
  [
    'chunked-sha512-final-in-put',
    'A chunked sha512 upload whose last chunk travels in the closing PUT stores the blob under its sha512',
    losesData('chunked-sha512-final-in-put'),
  ],
  [
    'chunked-sha512-out-of-order-416',
    'In a sha512 upload session a chunk that skips ahead of the bytes received is refused with 416',
    accepts416('chunked-sha512-out-of-order-416'),
  ],
  [
    'sha512-digest-mismatch-400',
    'A PUT whose sha512 digest does not match the content stores nothing under it, refused with 400',
    storesAnyDigest('sha512-digest-mismatch-400'),
  ],
];

describe('blob-upload suite', () => {
  it('passes every check on a conformant registry', async () => {
    const { checks } = await runSuiteOnFake(upload);
    const notPassed = [...checks.values()].filter((check) => check.status !== 'passed');
    expect(notPassed.map((check) => [check.id, check.status, 'errors' in check ? check.errors[0]?.message : check.reason])).toEqual([]);
    expect(checks.size).toBe(upload.checks.length);
  });

  it('has a fault case for every MUST check and every check the strict profile grades MUST', () => {
    const must = upload.checks.filter((check) => check.level === 'MUST' || check.strict !== undefined).map((check) => check.id);
    expect(mustCases.map(([id]) => id).sort()).toEqual([...must].sort());
  });

  it.each(mustCases.map(([checkId, rule, faults, options]) => ({ checkId, rule, faults, options: options ?? {} })))(
    'fails $checkId when the registry breaks its rule',
    async ({ checkId, rule, faults, options }) => {
      await expectCheckFails(upload, checkId, rule, faults, options);
    },
  );

  it('skips the sha512 completions on a registry without sha512, and still judges the rules that hold without it', async () => {
    const { status } = await runSuiteOnFake(upload, { sha512: false, checks: ['blob-upload/sha512', 'blob-upload/chunked-sha512'] });
    for (const id of ['sha512-single-post', 'sha512-streamed', 'chunked-sha512', 'chunked-sha512-final-in-put']) {
      expect([id, status(`blob-upload/${id}`)]).toEqual([id, 'skipped']);
    }
    expect(status('blob-upload/sha512-upload')).toBe('skipped');
    expect(status('blob-upload/chunked-sha512-out-of-order-416')).toBe('passed');
    expect(status('blob-upload/sha512-digest-mismatch-400')).toBe('passed');
  });

  it('warns when a single POST with a sha512 digest answers a 5xx, and takes 400 from a registry without sha512', async () => {
    await expectCheckFails(
      upload,
      'sha512-single-post-answer',
      'A single POST with a sha512 digest answers 201 or 202, or 400 where sha512 is unsupported, never a 5xx',
      onRoute('sha512-single-post-answer', 'upload-start', withStatus(500)),
      { status: 'warned' },
    );
    const { status } = await runSuiteOnFake(upload, { sha512: false, checks: ['blob-upload/sha512-single-post-answer'] });
    expect(status('blob-upload/sha512-single-post-answer')).toBe('passed');
  });

  it('warns, not fails, when a registry that takes sha512 refuses it on one upload path only', async () => {
    await expectCheckFails(
      upload,
      'chunked-sha512-final-in-put',
      'A registry that takes sha512 digests on POST then PUT takes them on a chunked upload closed by a PUT with the last chunk too',
      onRoute('chunked-sha512-final-in-put', 'upload-put', (response, ctx) => {
        if (ctx.body.length > 0) {
          response.status = 400;
        }
      }),
      { status: 'warned' },
    );
  });

  it('warns when a registry refuses an in-order 5 MiB chunk (GHCR answers 416 over 4 MiB)', async () => {
    await expectCheckFails(
      upload,
      'chunked-large-chunks',
      'A chunked upload with a 5 MiB chunk completes: the spec bounds a chunk only from below (OCI-Chunk-Min-Length)',
      onRoute('chunked-large-chunks', 'upload-patch', (response, ctx) => {
        if (ctx.body.length > 4 * 1024 * 1024) {
          response.status = 416;
        }
      }),
      { status: 'warned' },
    );
  });

  it('passes the chunked checks when the registry asks for a larger minimum chunk', async () => {
    const { checks, registry } = await runSuiteOnFake(upload, { chunkMinLength: 4096, checks: ['blob-upload/chunk'] });
    const ran = [...checks.values()].filter((check) => check.status !== 'disabled');
    expect(ran.map((check) => check.status)).toEqual(Array(ran.length).fill('passed'));
    expect(ran.length).toBeGreaterThan(8);
    const chunkSizes = registry.requests.filter((request) => request.route === 'upload-patch' && request.url.includes('chunk')).map((r) => r.bodyBytes);
    // Every chunk is at least the minimum, except the 100-byte tails that end a blob.
    expect(chunkSizes.filter((size) => size < 4096 && size !== 100)).toEqual([]);
    expect(chunkSizes).toContain(4096);
  });

  it('passes with absolute upload Locations and without a state parameter, using each Location verbatim', async () => {
    for (const options of [{ absoluteLocations: true }, { uploadState: false }]) {
      const { checks } = await runSuiteOnFake(upload, options);
      const notPassed = [...checks.values()].filter((check) => check.status !== 'passed').map((check) => check.id);
      expect(notPassed).toEqual([]);
    }
  });

  it('accepts the 202 fallback of a single POST and notes it', async () => {
    const { status, checks } = await runSuiteOnFake(upload, { singlePost: false, checks: ['blob-upload/single-post'] });
    expect(status('blob-upload/single-post')).toBe('passed');
    expect(status('blob-upload/single-post-201')).toBe('skipped');
    expect(status('blob-upload/single-post-digest-mismatch-400')).toBe('skipped');
    expect(JSON.stringify(checks.get('blob-upload/single-post'))).toContain('fell back to an upload session (202)');
  });

  it('warns when a chunk Range carries a bytes= prefix but the offsets are right', async () => {
    const faults: FaultHooks = {
      rewrite: (response, ctx) => {
        const range = response.headers['range'];
        if (ctx.route === 'upload-patch' && range !== undefined) {
          response.headers['range'] = `bytes=${range}`;
        }
      },
    };
    const { status } = await runSuiteOnFake(upload, { faults, checks: ['blob-upload/chunked-every-chunk-range', 'blob-upload/chunked-range-format'] });
    expect(status('blob-upload/chunked-every-chunk-range')).toBe('passed');
    expect(status('blob-upload/chunked-range-format')).toBe('warned');
  });

  it('warns, not fails, when an unknown session answers 404 without BLOB_UPLOAD_UNKNOWN', async () => {
    await expectCheckFails(
      upload,
      'unknown-session-status-404',
      'GET on an unknown upload session answers BLOB_UPLOAD_UNKNOWN',
      onRoute('unknown-session-status-404', 'upload-status', (response) => {
        response.body = Buffer.from('not found');
      }),
      { status: 'warned' },
    );
  });

  it('warns, not fails, when a wrong digest is refused with another status than 400 and nothing is stored', async () => {
    await expectCheckFails(
      upload,
      'streamed-digest-mismatch-400',
      'The request closing an upload with a wrong digest is refused with 400',
      onRoute('streamed-digest-mismatch-400', 'upload-put', (response) => {
        if (response.status === 400) {
          response.status = 500;
        }
      }),
      { status: 'warned' },
    );
  });
});
