/**
 * Blob `Range` reads (end-2: registries SHOULD support `Range` per RFC 9110): the request, and the two ways a
 * registry falls short of it. A registry that ignores `Range` (200 with the whole blob) misses the SHOULD; one that
 * answers a broken response (distribution 2.8 announces the blob's Content-Length on its 416 and sends a short body)
 * broke HTTP framing, which is the registry's miss, not a harness error.
 */
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { expectHeaderEquals, expectStatus, expectThat, fail, type Rule } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { NetworkError } from '../../src/errors/index.js';
import { digestOf } from '../../src/oci/digest.js';
import type { TestBlob } from '../common/upload-helpers.js';

/** A registry that ignores `Range` (200 with the whole blob) misses a SHOULD: end-2 "SHOULD support Range". */
export function warnIfRangeIgnored(response: RegistryResponse, rule: Rule): void {
  if (response.status === 200) {
    fail({ ...rule, level: 'SHOULD' }, 'status 206 (registries SHOULD support Range)', 'status 200: Range ignored', response);
  }
}

/** GET the blob with `Range: <range>` (the whole header value); a response the client cannot read fails `rule`. */
export async function getRange(ctx: CheckContext, repo: string, digest: string, range: string, rule: Rule, expected: string): Promise<RegistryResponse> {
  return ctx.client.getBlob(repo, digest, { headers: { range }, signal: ctx.signal }).catch((error: unknown) => {
    if (error instanceof NetworkError) {
      fail(rule, expected, `a broken response (${error.message})`);
    }
    throw error;
  });
}

/** A 206 carries `Content-Range: bytes start-end/size` and exactly those bytes of `blob` (RFC 9110 §15.3.7). */
export function expectPartial(response: RegistryResponse, blob: TestBlob, start: number, end: number, rule: Rule): void {
  expectStatus(response, [206], rule);
  expectHeaderEquals(response, 'Content-Range', `bytes ${start}-${end}/${blob.content.length}`, rule);
  const wanted = digestOf(blob.content.subarray(start, end + 1));
  const got = digestOf(response.body);
  expectThat(got === wanted, rule, `bytes ${start}-${end} of the blob`, `${response.body.length} other bytes`, response);
}
