import type { Dispatcher } from 'undici';
import type { LoadResponse, LoadTarget } from '../http/load-target.js';
import { LoadFailure, statusClass } from '../http/load-failure.js';
import type { PulledBodyCheck, VerifiedCopies } from './verified-copies.js';
import type { IterationBytes } from '../metrics/metrics-collector.js';
import { describeErrorEntries, errorEntriesOfText } from '../../oci/error-body.js';

/** What every operation gets. */
export interface OpContext {
  readonly http: LoadTarget;
  /** Hash every transferred body and compare with the expected digest. */
  readonly verify: boolean;
  /** Where verified pulls keep reference copies (see {@link VerifiedCopies}); absent: every pull is hashed. */
  readonly verifiedCopies?: VerifiedCopies;
  readonly signal: AbortSignal;
  /** The measured iteration's own byte tally (absent in set-up): its bytes leave the throughput if it is interrupted. */
  readonly iterationBytes?: IterationBytes;
}

/** Counts payload bytes moved by an operation: into the metrics, and into the iteration's tally when measuring. */
export function countBytes(ctx: OpContext, count: number): void {
  ctx.http.metrics.recordBytes(count, ctx.iterationBytes);
}

/** Token scope of a repository. */
export function repoScope(repository: string, push: boolean): string {
  return `repository:${repository}:${push ? 'pull,push' : 'pull'}`;
}

/** Most bytes of an unexpected response's body read for its error code (an error body is small; an endless one is cut). */
const errorBodyLimitBytes = 16 * 1024;

/** The first `limit` bytes of a body as text; the rest is discarded (the connection closes if more was coming). */
async function readBodyExcerpt(body: LoadResponse['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.byteLength;
      if (length >= limit) {
        body.destroy();
        break;
      }
    }
  } catch {
    // A body cut off mid-way still gives what arrived; the status alone is the message otherwise.
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Throws unless the status is one of `expected`. The error names the registry's status and error code
 * (`put manifest: 400 MANIFEST_INVALID: manifest invalid`), read from a bounded excerpt of the body.
 */
export async function expectStatus(response: LoadResponse, expected: readonly number[], what: string): Promise<void> {
  if (!expected.includes(response.status)) {
    throw unexpectedStatus(what, response.status, await readBodyExcerpt(response.body, errorBodyLimitBytes));
  }
}

/** The failure of an unexpected answer: `what: STATUS CODE: message`, with the error body's code when there is one. */
export function unexpectedStatus(what: string, status: number, bodyText: string | undefined): LoadFailure {
  const entries = bodyText === undefined ? [] : errorEntriesOfText(bodyText);
  const described = describeErrorEntries(entries);
  // The registry's code joins the class (`http-4xx MANIFEST_INVALID`): the spec's codes are few, and they say why.
  const errorClass = entries[0] === undefined ? statusClass(status) : `${statusClass(status)} ${entries[0].code}`;
  return new LoadFailure(errorClass, `${what}: ${status}${described === undefined ? '' : ` ${described}`}`, {
    status,
    ...(entries[0] === undefined ? {} : { registryCode: entries[0].code }),
  });
}

/**
 * Reads a response body to the end, counting bytes into the metrics as they arrive and feeding the digester when
 * verifying. Memory stays at one chunk.
 */
export async function consumeBody(
  body: Dispatcher.ResponseData['body'],
  ctx: OpContext,
  check: PulledBodyCheck | undefined,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.byteLength;
    countBytes(ctx, chunk.byteLength);
    check?.update(chunk);
  }
  return bytes;
}
