import { Digester } from '../../oci/digest.js';
import { LoadFailure } from '../http/load-failure.js';
import { consumeBody, expectStatus, repoScope, type OpContext } from './op-context.js';

/**
 * GETs one blob, streaming the body through the digester when verifying. Records `blob-pull` with latency (request to
 * last byte) and time to first byte (headers). A short body or a wrong digest is a `digest-mismatch` error.
 */
export async function pullBlob(ctx: OpContext, repository: string, digest: string, expectedSize?: number): Promise<number> {
  const recorder = ctx.http.metrics.operation('blob-pull');
  const started = ctx.http.clock.now();
  try {
    const response = await ctx.http.send({
      method: 'GET',
      path: `/v2/${repository}/blobs/${digest}`,
      scope: repoScope(repository, false),
      signal: ctx.signal,
    });
    await expectStatus(response, [200], 'pull blob');
    const digester = ctx.verify ? new Digester() : undefined;
    const bytes = await consumeBody(response.body, ctx, digester);
    if (digester !== undefined && digester.digest() !== digest) {
      throw new LoadFailure('digest-mismatch', `blob ${digest} came back with different content`);
    }
    if (expectedSize !== undefined && bytes !== expectedSize) {
      throw new LoadFailure('digest-mismatch', `blob ${digest}: ${bytes} bytes, expected ${expectedSize}`);
    }
    recorder.recordSuccess(ctx.http.clock.now() - started, bytes, response.ttfbMs);
    return bytes;
  } catch (error) {
    recorder.recordError();
    throw error;
  }
}
