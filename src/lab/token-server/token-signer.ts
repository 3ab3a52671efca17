import { X509Certificate } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { AccessEntry } from './token-policy.js';

/** Claims of one registry token (docs/spec/auth/jwt.md). */
export interface TokenClaims {
  readonly subject: string;
  readonly access: readonly AccessEntry[];
  /** Issued-at, seconds since the epoch. */
  readonly issuedAt: number;
  /** Expiry, seconds since the epoch. */
  readonly expiresAt: number;
}

/** Signs registry tokens. */
export interface TokenSigner {
  sign(claims: TokenClaims): Promise<string>;
}

/**
 * An ES256 signer whose JWT header carries the signing certificate in `x5c`. distribution verifies that chain
 * against its `rootcertbundle`, so the registry needs the certificate file and nothing else (no key ids to agree on).
 */
export async function createTokenSigner(options: {
  readonly keyPem: string;
  readonly certPem: string;
  readonly issuer: string;
  readonly service: string;
}): Promise<TokenSigner> {
  const key = await importPKCS8(options.keyPem, 'ES256');
  const der = new X509Certificate(options.certPem).raw.toString('base64');
  return {
    sign: (claims) =>
      new SignJWT({ access: claims.access })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c: [der] })
        .setIssuer(options.issuer)
        .setAudience(options.service)
        .setSubject(claims.subject)
        .setIssuedAt(claims.issuedAt)
        .setNotBefore(claims.issuedAt)
        .setExpirationTime(claims.expiresAt)
        .setJti(crypto.randomUUID())
        .sign(key),
  };
}
