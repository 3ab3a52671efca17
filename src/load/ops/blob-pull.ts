import { Digester } from '../../oci/digest.js';
import { LoadFailure } from '../http/load-failure.js';
import { consumeBody, countBytes, expectStatus, repoScope, unexpectedStatus, type OpContext } from './op-context.js';

/**
 * GETs one blob, streaming the body through the digester when verifying. Records `blob-pull` with latency (request to
 * last byte) and time to first byte (headers). A short body or a wrong digest is a `digest-mismatch` error.
 */
export async function pullBlob(ctx: OpContext, repository: string, digest: string, expectedSize?: number): Promise<number> {
  const recorder = ctx.http.metrics.operation('blob-pull');
  const started = ctx.http.clock.now();
  try {
    const path = `/v2/${repository}/blobs/${digest}`;
    const scope = repoScope(repository, false);
    const digester = ctx.verify ? new Digester() : undefined;
    const fast = await ctx.http.getChunks(path, scope, ctx.signal, (chunk) => {
      countBytes(ctx, chunk.byteLength);
      digester?.update(chunk);
    });
    let bytes = fast.bytes;
    let ttfbMs = fast.ttfbMs;
    if (fast.status >= 300 && fast.status < 400) {
      // Redirected (to storage, a CDN): follow it on the general path, which strips credentials off-origin.
      const response = await ctx.http.send({ method: 'GET', path, scope, signal: ctx.signal });
      await expectStatus(response, [200], 'pull blob');
      bytes = await consumeBody(response.body, ctx, digester);
      ttfbMs = response.ttfbMs;
    } else if (fast.status !== 200) {
      throw unexpectedStatus('pull blob', fast.status, fast.errorText);
    }
    if (digester !== undefined && digester.digest() !== digest) {
      throw new LoadFailure('digest-mismatch', `blob ${digest} came back with different content`);
    }
    if (expectedSize !== undefined && bytes !== expectedSize) {
      throw new LoadFailure('digest-mismatch', `blob ${digest}: ${bytes} bytes, expected ${expectedSize}`);
    }
    recorder.recordSuccess(ctx.http.clock.now() - started, bytes, ttfbMs);
    return bytes;
  } catch (error) {
    // A request cut off by the stop (Ctrl-C, end of the graceful stop) is not an operation failure.
    if (!ctx.signal.aborted) {
      recorder.recordError();
    }
    throw error;
  }
}
