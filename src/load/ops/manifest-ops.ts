import { digestMatches, digestOf } from '../../oci/digest.js';
import { imageManifestDocument, type Descriptor } from '../../oci/manifest.js';
import { manifestAcceptTypes, MediaType } from '../../oci/media-types.js';
import { headerValue } from '../http/load-target.js';
import { LoadFailure } from '../http/load-failure.js';
import { consumeBody, countBytes, expectStatus, repoScope, unexpectedStatus, type OpContext } from './op-context.js';


/** Serialises an OCI image manifest (bytes are what gets pushed and hashed). */
export function imageManifestBytes(
  config: Descriptor,
  layers: readonly Descriptor[],
  annotations?: Readonly<Record<string, string>>,
): Buffer {
  return Buffer.from(JSON.stringify(imageManifestDocument(config, layers, annotations === undefined ? {} : { annotations })));
}

/** PUTs a manifest under `reference`; returns its digest. Records `manifest-put`. */
export async function putManifest(ctx: OpContext, repository: string, reference: string, bytes: Buffer): Promise<string> {
  const recorder = ctx.http.metrics.operation('manifest-put');
  const started = ctx.http.clock.now();
  const digest = digestOf(bytes);
  try {
    const response = await ctx.http.send({
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      headers: { 'content-type': MediaType.ociManifest, 'content-length': String(bytes.byteLength) },
      body: bytes,
      scope: repoScope(repository, true),
      signal: ctx.signal,
      op: 'manifest-put',
    });
    await expectStatus(response, [201], 'put manifest');
    await response.body.dump();
    const stored = headerValue(response.headers, 'docker-content-digest');
    if (ctx.verify && stored !== undefined && stored !== digest) {
      throw new LoadFailure('digest-mismatch', `manifest stored as ${stored}, pushed ${digest}`);
    }
    countBytes(ctx, bytes.byteLength);
    recorder.recordSuccess(ctx.http.clock.now() - started, bytes.byteLength, response.ttfbMs);
    return digest;
  } catch (error) {
    // A request cut off by the stop (Ctrl-C, end of the graceful stop) is not an operation failure.
    if (!ctx.signal.aborted) {
      recorder.recordError();
    }
    throw error;
  }
}

/**
 * The Accept header of manifest reads, built once (it is on every request of a manifest storm) and frozen: the fast GET
 * pool keeps the bytes of requests whose headers cannot change.
 */
const acceptHeader = Object.freeze({ accept: manifestAcceptTypes.join(', ') });

/**
 * GETs a manifest; verifies its digest when `reference` is one (or `expectedDigest` is given). Records `manifest-get`.
 * Uses the raw-dispatch fast path (no Readable stream per response: at thousands of requests a second that machinery
 * costs more CPU than the request itself); a redirect is followed on the general path.
 */
export async function getManifest(
  ctx: OpContext,
  repository: string,
  reference: string,
  expectedDigest?: string,
): Promise<Buffer> {
  const recorder = ctx.http.metrics.operation('manifest-get');
  const started = ctx.http.clock.now();
  try {
    const path = `/v2/${repository}/manifests/${reference}`;
    const scope = repoScope(repository, false);
    const chunks: Buffer[] = [];
    const fast = await ctx.http.getChunks(
      path,
      scope,
      ctx.signal,
      (chunk) => {
        // A borrowed view is overwritten by the next read: the manifest (a few KiB) is copied out of it.
        chunks.push(Buffer.from(chunk));
        countBytes(ctx, chunk.byteLength);
      },
      { headers: acceptHeader, op: 'manifest-get', borrowedChunks: true },
    );
    let bytes: Buffer;
    let ttfbMs = fast.ttfbMs;
    if (fast.status >= 300 && fast.status < 400) {
      // Follow the redirect the fast path got, rather than asking the registry a second time.
      const where = ctx.http.resolve(fast.headers['location'] ?? path);
      const response = await ctx.http.send({ method: 'GET', path: where, headers: acceptHeader, scope, signal: ctx.signal, op: 'manifest-get' });
      await expectStatus(response, [200], 'get manifest');
      const redirected: Buffer[] = [];
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        redirected.push(chunk);
        countBytes(ctx, chunk.byteLength);
      }
      bytes = Buffer.concat(redirected);
      ttfbMs = response.ttfbMs;
    } else if (fast.status !== 200) {
      throw unexpectedStatus('get manifest', fast.status, fast.errorText);
    } else {
      bytes = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
    }
    const want = expectedDigest ?? (reference.includes(':') ? reference : undefined);
    if (ctx.verify && want !== undefined && !(ctx.verifiedCopies?.matchesWhole(want, bytes) ?? digestMatches(bytes, want))) {
      throw new LoadFailure('digest-mismatch', `manifest ${want} came back with different content`);
    }
    recorder.recordSuccess(ctx.http.clock.now() - started, bytes.byteLength, ttfbMs);
    return bytes;
  } catch (error) {
    // A request cut off by the stop (Ctrl-C, end of the graceful stop) is not an operation failure.
    if (!ctx.signal.aborted) {
      recorder.recordError();
    }
    throw error;
  }
}

/**
 * HEADs a manifest; checks Docker-Content-Digest when verifying and a digest is expected. Records `manifest-head`.
 * Same fast path as {@link getManifest}.
 */
export async function headManifest(ctx: OpContext, repository: string, reference: string, expectedDigest?: string): Promise<void> {
  const recorder = ctx.http.metrics.operation('manifest-head');
  const started = ctx.http.clock.now();
  try {
    const path = `/v2/${repository}/manifests/${reference}`;
    const scope = repoScope(repository, false);
    const fast = await ctx.http.getChunks(path, scope, ctx.signal, () => undefined, { method: 'HEAD', headers: acceptHeader, op: 'manifest-head', borrowedChunks: true });
    let stored = fast.headers['docker-content-digest'];
    let ttfbMs = fast.ttfbMs;
    if (fast.status >= 300 && fast.status < 400) {
      const where = ctx.http.resolve(fast.headers['location'] ?? path);
      const response = await ctx.http.send({ method: 'HEAD', path: where, headers: acceptHeader, scope, signal: ctx.signal, op: 'manifest-head' });
      await expectStatus(response, [200], 'head manifest');
      await consumeBody(response.body, ctx, undefined);
      stored = headerValue(response.headers, 'docker-content-digest');
      ttfbMs = response.ttfbMs;
    } else if (fast.status !== 200) {
      throw unexpectedStatus('head manifest', fast.status, fast.errorText);
    }
    if (ctx.verify && expectedDigest !== undefined && stored !== expectedDigest) {
      throw new LoadFailure('digest-mismatch', `HEAD gave ${stored ?? 'no digest'}, expected ${expectedDigest}`);
    }
    recorder.recordSuccess(ctx.http.clock.now() - started, 0, ttfbMs);
  } catch (error) {
    // A request cut off by the stop (Ctrl-C, end of the graceful stop) is not an operation failure.
    if (!ctx.signal.aborted) {
      recorder.recordError();
    }
    throw error;
  }
}
