import type { Dispatcher } from 'undici';
import type { LoadResponse, LoadTarget } from '../http/load-target.js';
import { LoadFailure, statusClass } from '../http/load-failure.js';
import type { Digester } from '../../oci/digest.js';

/** What every operation gets. */
export interface OpContext {
  readonly http: LoadTarget;
  /** Hash every transferred body and compare with the expected digest. */
  readonly verify: boolean;
  readonly signal: AbortSignal;
}

/** Token scope of a repository. */
export function repoScope(repository: string, push: boolean): string {
  return `repository:${repository}:${push ? 'pull,push' : 'pull'}`;
}

/** Throws (after draining the body, to keep the connection reusable) unless the status is one of `expected`. */
export async function expectStatus(response: LoadResponse, expected: readonly number[], what: string): Promise<void> {
  if (!expected.includes(response.status)) {
    await response.body.dump().catch(() => undefined);
    throw new LoadFailure(statusClass(response.status), `${what}: unexpected status ${response.status}`);
  }
}

/**
 * Reads a response body to the end, counting bytes into the metrics as they arrive and feeding the digester when
 * verifying. Memory stays at one chunk.
 */
export async function consumeBody(
  body: Dispatcher.ResponseData['body'],
  ctx: OpContext,
  digester: Digester | undefined,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.byteLength;
    ctx.http.metrics.recordBytes(chunk.byteLength);
    digester?.update(chunk);
  }
  return bytes;
}
