import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Query parameter carrying the signature; named as S3 names it, so every redactor already hides it. */
export const signatureParam = 'X-Amz-Signature';
/** Query parameter carrying the expiry, seconds since the epoch. */
export const expiresParam = 'X-Amz-Expires-At';

/** Why a signed URL was refused, or `ok`. */
export type SignedUrlVerdict = 'ok' | 'missing' | 'bad-signature' | 'expired';

/**
 * Signs and verifies the mimic storage origin's URLs: HMAC-SHA256 over the path and expiry with a key made at start,
 * so a URL works only as issued and only until it expires, like an S3 presigned URL.
 */
export class UrlSigner {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  /** `path?X-Amz-Expires-At=…&X-Amz-Signature=…`, valid until `nowMs + ttlSeconds`. */
  sign(path: string, ttlSeconds: number, nowMs: number): string {
    const expires = Math.floor(nowMs / 1000) + ttlSeconds;
    return `${path}?${expiresParam}=${expires}&${signatureParam}=${this.mac(path, expires)}`;
  }

  /** Checks a request's path and query (as received) at `nowMs`. */
  verify(url: URL, nowMs: number): SignedUrlVerdict {
    const expires = Number(url.searchParams.get(expiresParam));
    const signature = url.searchParams.get(signatureParam);
    if (!Number.isSafeInteger(expires) || signature === null) {
      return 'missing';
    }
    const wanted = Buffer.from(this.mac(url.pathname, expires));
    const given = Buffer.from(signature);
    if (wanted.length !== given.length || !timingSafeEqual(wanted, given)) {
      return 'bad-signature';
    }
    return nowMs >= expires * 1000 ? 'expired' : 'ok';
  }

  private mac(path: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${path}\n${expires}`).digest('hex');
  }
}
