import { LoadFailure } from '../http/load-failure.js';
import { consumeBody, countBytes, expectStatus, repoScope, unexpectedStatus, type OpContext } from './op-context.js';
import { hashCheck, type PulledBodyCheck } from './verified-copies.js';

/**
 * GETs one blob, checking the body against its digest as it streams when verifying: hashed, or compared with a
 * verified copy of the same digest when the run keeps them (see `VerifiedCopies`). Records `blob-pull` with latency
 * (request to last byte) and time to first byte (headers). A short body or a wrong digest is a `digest-mismatch` error. A redirect
 * (to object storage, a CDN) is followed to its Location without credentials, and the two hops are recorded apart:
 * the registry's answer, and the storage host's time, bytes, host and HTTP version.
 */
export async function pullBlob(
  ctx: OpContext,
  repository: string,
  digest: string,
  expectedSize?: number,
  /** The blob's bytes when the run made them (see `VerifiedCopies.checkFor`). */
  expectedBytes?: () => Uint8Array,
): Promise<number> {
  const recorder = ctx.http.metrics.operation('blob-pull');
  // Before the clock starts: making a copy from the run's own bytes is set-up work, not the pull's latency.
  const check: PulledBodyCheck | undefined = ctx.verify ? (ctx.verifiedCopies?.checkFor(digest, expectedSize, expectedBytes) ?? hashCheck(digest)) : undefined;
  const started = ctx.http.clock.now();
  try {
    const path = `/v2/${repository}/blobs/${digest}`;
    const scope = repoScope(repository, false);
    const fast = await ctx.http.getChunks(
      path,
      scope,
      ctx.signal,
      (chunk) => {
        countBytes(ctx, chunk.byteLength);
        check?.update(chunk);
      },
      // The check and the byte count take each chunk as it passes; a copy being made copies it out.
      { op: 'blob-pull', borrowedChunks: true },
    );
    let bytes = fast.bytes;
    let ttfbMs = fast.ttfbMs;
    const location = fast.headers['location'];
    if (fast.status >= 300 && fast.status < 400 && location !== undefined) {
      // Redirected (to storage, a CDN): the general path sends no credentials off the registry's origin.
      const storage = new URL(location, ctx.http.target.url);
      const hopStarted = ctx.http.clock.now();
      const response = await ctx.http.send({ method: 'GET', path: storage.href, scope, signal: ctx.signal, op: 'blob-pull' });
      await expectStatus(response, [200], 'pull blob from its redirect');
      bytes = await consumeBody(response.body, ctx, check);
      ttfbMs = hopStarted - started + response.ttfbMs;
      const port = storage.port === '' ? (storage.protocol === 'https:' ? '443' : '80') : storage.port;
      recorder.recordRedirect({
        registryMs: fast.ttfbMs,
        storageMs: ctx.http.clock.now() - hopStarted,
        storageBytes: bytes,
        storageHost: storage.host,
        // Same origin (a redirect within the registry) goes through the target's pool: HTTP/1.1, as undici speaks there.
        httpVersion: ctx.http.protocolOf(`${storage.hostname}:${port}`) ?? 'http/1.1',
      });
    } else if (fast.status !== 200) {
      throw unexpectedStatus('pull blob', fast.status, fast.errorText);
    }
    if (check !== undefined && !check.matches()) {
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
  } finally {
    check?.release();
  }
}
