import type { RegistryResponse } from './types.js';

/** Largest body excerpt kept in a transcript. */
export const EXCERPT_BYTES = 2048;

/** Flattens undici's header record: lower-case names, repeated headers joined with `, ` (RFC 9110 list syntax). */
export function normalizeHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return out;
}

/** True for media types worth showing as text in a transcript (JSON, text, XML, form data). */
export function isTextual(contentType: string | undefined): boolean {
  if (contentType === undefined) {
    return false;
  }
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type.endsWith('+json') ||
    type.endsWith('/json') ||
    type.endsWith('+xml') ||
    type.endsWith('/xml') ||
    type === 'application/x-www-form-urlencoded'
  );
}

/** A bounded UTF-8 excerpt of a textual body, or undefined for binary or empty bodies. */
export function excerptOf(bytes: Uint8Array | undefined, contentType: string | undefined): string | undefined {
  if (bytes === undefined || bytes.byteLength === 0 || !isTextual(contentType)) {
    return undefined;
  }
  const cut = bytes.byteLength > EXCERPT_BYTES;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, EXCERPT_BYTES)).toString('utf8');
  return cut ? `${text}…` : text;
}

/** Result of reading a body into memory up to a cap. */
export interface BufferedBody {
  readonly bytes: Uint8Array;
  readonly truncated: boolean;
}

/**
 * Reads a body into memory, keeping at most `maxBytes`. Past the cap the rest is not read: the caller destroys the
 * stream, which closes that connection rather than draining an unbounded body.
 */
export async function readBounded(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<BufferedBody> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  for await (const chunk of body) {
    const room = maxBytes - kept;
    if (chunk.byteLength > room) {
      chunks.push(chunk.subarray(0, room));
      kept += room;
      return { bytes: Buffer.concat(chunks, kept), truncated: true };
    }
    chunks.push(chunk);
    kept += chunk.byteLength;
  }
  return { bytes: Buffer.concat(chunks, kept), truncated: false };
}

/** Builds the `RegistryResponse` handed to callers. */
export function createRegistryResponse(parts: {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
  readonly bodyTruncated: boolean;
  readonly method: string;
  readonly url: string;
  readonly redirects: readonly string[];
}): RegistryResponse {
  const text = (): string => Buffer.from(parts.body.buffer, parts.body.byteOffset, parts.body.byteLength).toString('utf8');
  return {
    ...parts,
    text,
    json: (): unknown => {
      if (parts.body.byteLength === 0) {
        return undefined;
      }
      try {
        return JSON.parse(text()) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}
