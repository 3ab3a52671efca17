import { describe, expect, it } from 'vitest';
import { MediaType } from '../../src/oci/media-types.js';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import type { FakeResponse, FaultHooks } from '../../src/conformance/test-support/fake-registry-types.js';
import { blobRedirectChecks } from './blob-redirect-checks.js';
import { manifestNegotiationChecks } from './manifest-negotiation-checks.js';
import pull from './index.js';
import { expectCheckFails, ofCheck, onRoute, withStatus } from '../test-support/fault-helpers.js';

/** Flips the first byte of a body (served bytes differ from the stored ones). */
function corrupt(response: FakeResponse): void {
  if (response.status === 200 && response.body.length > 0) {
    const copy = Buffer.from(response.body);
    copy[0] = (copy[0] ?? 0) ^ 0xff;
    response.body = copy;
  }
}

/** Re-serialises a manifest with indentation: same JSON, other bytes (a canonicalising registry). */
function reformat(response: FakeResponse): void {
  if (response.status === 200 && response.body.length > 0) {
    response.body = Buffer.from(JSON.stringify(JSON.parse(response.body.toString('utf8')), null, 2));
    response.headers['content-length'] = String(response.body.length);
  }
}

/** A 404 answered as another status, for the missing-content checks. */
function not404(status: number): (response: FakeResponse) => void {
  return (response) => {
    if (response.status === 404) {
      response.status = status;
    }
  };
}

/** Answers `contentType` for manifests whose body contains `marker`. */
function contentTypeWhen(marker: string, contentType: string): (response: FakeResponse) => void {
  return (response) => {
    if (response.body.toString('utf8').includes(marker)) {
      response.headers['content-type'] = contentType;
    }
  };
}

const mustCases: readonly (readonly [string, string, FaultHooks])[] = [
  ['blob-head-200', 'HEAD on an existing blob returns 200', onRoute('blob-head-200', 'blob-head', withStatus(500))],
  ['blob-get-content', 'GET on a blob returns 200 with exactly the pushed bytes', onRoute('blob-get-content', 'blob-get', corrupt)],
  [
    'blob-get-large-streamed',
    'A 3 MiB blob streams back with the pushed digest and length',
    onRoute('blob-get-large-streamed', 'blob-get', (response) => {
      response.body = response.body.subarray(0, 1024 * 1024);
      response.headers['content-length'] = String(response.body.length);
    }),
  ],
  ['blob-missing-get-404', 'GET on a blob the repository lacks returns 404', onRoute('blob-missing-get-404', 'blob-get', not404(400))],
  ['blob-missing-head-404', 'HEAD on a blob the repository lacks returns 404', onRoute('blob-missing-head-404', 'blob-head', not404(200))],
  ['blob-unknown-repo-404', 'GET on a blob in a repository that does not exist returns 404', onRoute('blob-unknown-repo-404', 'blob-get', not404(403))],
  [
    'blob-range-206',
    'GET with Range: bytes=s-e returns 206, Content-Range: bytes s-e/size and those bytes',
    onRoute('blob-range-206', 'blob-get', (response) => {
      if (response.status === 206) {
        response.body = response.body.subarray(1);
      }
    }),
  ],
  ['manifest-get-by-tag', 'GET on a manifest by tag returns 200 with exactly the pushed bytes', onRoute('manifest-get-by-tag', 'manifest-get', reformat)],
  ['manifest-get-by-digest', 'GET on a manifest by digest returns 200 with exactly the pushed bytes', onRoute('manifest-get-by-digest', 'manifest-get', reformat)],
  ['manifest-head-by-tag', 'HEAD on a manifest by tag returns 200', onRoute('manifest-head-by-tag', 'manifest-head', withStatus(404))],
  ['manifest-head-by-digest', 'HEAD on a manifest by digest returns 200', onRoute('manifest-head-by-digest', 'manifest-head', withStatus(404))],
  [
    'manifest-get-content-type',
    'GET on a manifest returns Content-Type equal to the pushed media type',
    onRoute('manifest-get-content-type', 'manifest-get', contentTypeWhen('schemaVersion', 'application/json')),
  ],
  [
    'manifest-head-content-type',
    'HEAD on a manifest returns Content-Type equal to the pushed media type',
    onRoute('manifest-head-content-type', 'manifest-head', contentTypeWhen('schemaVersion', 'application/json')),
  ],
  [
    'manifest-pushed-by-digest',
    'A manifest pushed by digest only (no tag) pulls by that digest with the same bytes',
    onRoute('manifest-pushed-by-digest', 'manifest-get', withStatus(404)),
  ],
  [
    'manifest-index-content',
    'An image index pulls by tag with its media type and exact bytes',
    onRoute('manifest-index-content', 'manifest-get', contentTypeWhen('"manifests"', MediaType.ociManifest)),
  ],
  [
    'manifest-docker-content',
    'A Docker schema2 manifest pulls by tag with its media type and exact bytes',
    onRoute('manifest-docker-content', 'manifest-get', contentTypeWhen('docker', MediaType.ociManifest)),
  ],
  [
    'manifest-referenced-blobs',
    'Every blob a pulled manifest references reads back by its digest',
    onRoute('manifest-referenced-blobs', 'blob-get', withStatus(404)),
  ],
  ['manifest-missing-tag-get-404', 'GET on a manifest tag the repository lacks returns 404', onRoute('manifest-missing-tag-get-404', 'manifest-get', not404(400))],
  [
    'manifest-missing-digest-get-404',
    'GET on a manifest digest the repository lacks returns 404',
    onRoute('manifest-missing-digest-get-404', 'manifest-get', not404(500)),
  ],
  ['manifest-missing-tag-head-404', 'HEAD on a manifest tag the repository lacks returns 404', onRoute('manifest-missing-tag-head-404', 'manifest-head', not404(200))],
  ['manifest-unknown-repo-404', 'GET on a manifest in a repository that does not exist returns 404', onRoute('manifest-unknown-repo-404', 'manifest-get', not404(401))],
  ...(
    [
      ['blob', 'GET', 'blob-get'],
      ['blob', 'HEAD', 'blob-head'],
      ['manifest', 'GET', 'manifest-get'],
      ['manifest', 'HEAD', 'manifest-head'],
    ] as const
  ).map(([kind, method, route]): readonly [string, string, FaultHooks] => [
    `${kind}-malformed-digest-${method.toLowerCase()}`,
    `${method} on a ${kind} by a malformed digest (sha256:baddigeststring) returns 404 or 400, not a 5xx or content`,
    onRoute(`${kind}-malformed-digest-${method.toLowerCase()}`, route, withStatus(500)),
  ]),
  [
    'sha512-blob-head-get',
    'A sha512 blob answers HEAD 200 and GET 200 with exactly the pushed bytes by its sha512 digest',
    onRoute('sha512-blob-head-get', 'blob-get', corrupt),
  ],
  [
    'sha512-blob-missing-get-404',
    'GET on a sha512 digest the repository lacks returns 404',
    onRoute('sha512-blob-missing-get-404', 'blob-get', not404(500)),
  ],
  [
    'sha512-blob-missing-head-404',
    'HEAD on a sha512 digest the repository lacks returns 404',
    onRoute('sha512-blob-missing-head-404', 'blob-head', not404(200)),
  ],
];

/** Checks whose faults live in blob-redirect.test.ts. */
const redirectCheckIds = blobRedirectChecks.map((check) => check.id);

describe('pull suite', () => {
  it('passes every check on a conformant registry', async () => {
    const { checks } = await runSuiteOnFake(pull);
    // The fake serves blobs itself, so the redirect checks have nothing to judge (blob-redirect.test.ts covers them).
    const notPassed = [...checks.values()]
      .filter((check) => check.status !== 'passed')
      .filter((check) => !(redirectCheckIds.includes(check.id.replace('pull/', '')) && check.status === 'skipped'));
    expect(notPassed.map((check) => [check.id, check.status, 'errors' in check ? check.errors[0]?.message : check.reason])).toEqual([]);
    expect(checks.size).toBe(pull.checks.length);
  });

  it('has a fault case for every MUST check and every check the strict profile grades MUST', () => {
    const must = pull.checks.filter((check) => check.level === 'MUST' || check.strict !== undefined).map((check) => check.id);
    // The redirect checks' faults need a second (storage) server: blob-redirect.test.ts has them; the negotiation
    // checks' are in manifest-negotiation.test.ts.
    const elsewhere = [...redirectCheckIds, ...manifestNegotiationChecks.filter((check) => check.level === 'MUST' || check.strict !== undefined).map((check) => check.id)];
    expect([...mustCases.map(([id]) => id), ...elsewhere].sort()).toEqual([...must].sort());
  });

  it.each(mustCases)('fails %s when the registry breaks its rule', async (checkId, rule, faults) => {
    await expectCheckFails(pull, checkId, rule, faults);
  });

  it('warns on the Range checks of a registry without Range support (end-2: SHOULD support Range), never skips them', async () => {
    const { status } = await runSuiteOnFake(pull, { ranges: false, checks: ['pull/blob-range', 'pull/blob-accept-ranges'] });
    expect(status('pull/blob-range-206')).toBe('warned');
    expect(status('pull/blob-range-suffix')).toBe('warned');
    expect(status('pull/blob-range-unsatisfiable-416')).toBe('warned');
    expect(status('pull/blob-accept-ranges')).toBe('skipped');
  });

  it('warns when a blob GET lacks Docker-Content-Digest (SHOULD in v1.1.1)', async () => {
    await expectCheckFails(
      pull,
      'blob-get-digest-header',
      'GET on a blob sends Docker-Content-Digest equal to its digest',
      onRoute('blob-get-digest-header', 'blob-get', (response) => {
        delete response.headers['docker-content-digest'];
      }),
      { status: 'warned' },
    );
  });

  it('warns when a missing manifest answers 404 with another error code', async () => {
    await expectCheckFails(
      pull,
      'manifest-missing-tag-get-404',
      'A missing manifest answers MANIFEST_UNKNOWN',
      onRoute('manifest-missing-tag-get-404', 'manifest-get', (response) => {
        response.body = Buffer.from('{"errors":[{"code":"NOT_FOUND"}]}');
      }),
      { status: 'warned' },
    );
  });
});

describe('pull suite on a registry that breaks HTTP framing', () => {
  it('warns, not errors, when the unsatisfiable-Range 416 is cut short (distribution 2.8)', async () => {
    const faults: FaultHooks = {
      routes: {
        'blob-get': (_req, res, ctx) => {
          if (typeof ctx.headers.range !== 'string' || !ofCheck(ctx, 'blob-range-unsatisfiable-416')) {
            return false;
          }
          res.writeHead(416, { 'content-length': '5000', 'content-type': 'text/plain' });
          res.end('invalid range: failed to overlap\n');
          res.socket?.destroy();
          return true;
        },
      },
    };
    const { status, message } = await runSuiteOnFake(pull, { faults, checks: ['pull/blob-range-unsatisfiable-416'] });
    expect(status('pull/blob-range-unsatisfiable-416')).toBe('warned');
    expect(message('pull/blob-range-unsatisfiable-416')).toMatch(
      // The framing fault is judged where the response is read (send-hop), so the message names the request and what
      // was broken rather than the check's rule; the status is what matters: warned (a SHOULD), never errored.
      /^GET http:\/\/127\.0\.0\.1:\d+\/v2\/.*: the registry sent a response body cut short/,
    );
  });
});

describe('pull suite on a registry that streams a blob without end', () => {
  it('fails the streamed download with a clear reason within seconds, instead of erroring at the check timeout', async () => {
    const faults: FaultHooks = {
      routes: {
        'blob-get': (_req, res, ctx) => {
          if (!ofCheck(ctx, 'blob-get-large-streamed')) {
            return false;
          }
          // Chunked, no length: 64 KiB pieces until the client hangs up.
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          const piece = Buffer.alloc(64 * 1024, 7);
          const write = (): void => {
            while (!res.destroyed && res.write(piece)) {
              // keep filling until the socket pushes back
            }
            if (!res.destroyed) {
              res.once('drain', write);
            }
          };
          res.on('close', () => res.removeAllListeners('drain'));
          write();
          return true;
        },
      },
    };
    const started = Date.now();
    const { status, message } = await runSuiteOnFake(pull, { faults, checks: ['pull/blob-get-large-streamed'], checkTimeoutMs: 60_000 });
    expect(status('pull/blob-get-large-streamed')).toBe('failed');
    expect(message('pull/blob-get-large-streamed')).toMatch(/the body went on past the blob's length \(read stopped there\)/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('warns on every Range edge case a registry answers with a 5xx, and on a 206 for a reversed range', async () => {
    const edges = ['blob-range-reversed', 'blob-range-start-at-size-416', 'blob-range-open-at-size-416', 'blob-range-end-past-size', 'blob-range-suffix-longer', 'blob-range-several'];
    const broken: FaultHooks = {
      // Only these checks run: the blob they share is theirs alone.
      rewrite: (response, ctx) => (ctx.route === 'blob-get' && edges.some((edge) => ofCheck(ctx, edge)) ? { ...response, status: 500 } : undefined),
    };
    const { status } = await runSuiteOnFake(pull, { faults: broken, checks: edges.map((edge) => `pull/${edge}`) });
    expect(edges.map((edge) => [edge, status(`pull/${edge}`)])).toEqual(edges.map((edge) => [edge, 'warned']));
    await expectCheckFails(
      pull,
      'blob-range-reversed',
      'GET with a reversed Range (bytes=500-0) returns 416 or the whole blob, never part of it',
      onRoute('blob-range-reversed', 'blob-get', (response) => {
        if (response.status === 416) {
          response.status = 206;
        }
      }),
      { status: 'warned' },
    );
  });

  it('passes the several-ranges check on a multipart/byteranges answer and warns when a part is wrong', async () => {
    const multipart = (second: string): FaultHooks =>
      onRoute('blob-range-several', 'blob-get', (response) => {
        const body = Buffer.from(response.body);
        const part = (range: string, bytes: Buffer): string => `--B\r\nContent-Type: application/octet-stream\r\nContent-Range: ${range}\r\n\r\n${bytes.toString('latin1')}\r\n`;
        response.status = 206;
        response.headers['content-type'] = 'multipart/byteranges; boundary=B';
        delete response.headers['content-range'];
        response.body = Buffer.from(`${part('bytes 0-9/5000', body.subarray(0, 10))}${part(second, body.subarray(20, 30))}--B--\r\n`, 'latin1');
      });
    const ok = await runSuiteOnFake(pull, { faults: multipart('bytes 20-29/5000'), checks: ['pull/blob-range-several'] });
    expect(ok.status('pull/blob-range-several')).toBe('passed');
    const wrong = await runSuiteOnFake(pull, { faults: multipart('bytes 30-39/5000'), checks: ['pull/blob-range-several'] });
    expect(wrong.status('pull/blob-range-several')).toBe('warned');
  });

  it('accepts 400 for a missing sha512 blob only where sha512 is unsupported', async () => {
    const answers400 = onRoute('sha512-blob-missing-get-404', 'blob-get', not404(400));
    const unsupported = await runSuiteOnFake(pull, { sha512: false, faults: answers400, checks: ['pull/sha512-blob-missing-get-404'] });
    expect(unsupported.status('pull/sha512-blob-missing-get-404')).toBe('passed');
    const supported = await runSuiteOnFake(pull, { faults: answers400, checks: ['pull/sha512-blob-missing-get-404'] });
    expect(supported.status('pull/sha512-blob-missing-get-404')).toBe('failed');
  });
});
