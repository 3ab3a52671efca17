import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabCredentials } from '../lab-credentials.js';
import type { RegistryTokenAuth } from '../registry-launch.js';
import { createSigningCert } from './signing-cert.js';
import { startLabTokenServer, type LabTokenServer } from './token-server.js';
import { createTokenSigner } from './token-signer.js';

/** The `service` lab registries name in their challenges. */
export const labTokenService = 'regatta-lab';

/** The `iss` of lab tokens. */
const labTokenIssuer = 'regatta-lab-token-server';

/** A running token server plus what a registry needs to trust it. */
export interface LabTokenAuthority {
  readonly server: LabTokenServer;
  /** Settings for each registry's `auth.token` section. */
  readonly registryAuth: RegistryTokenAuth;
  /** Stops the server and removes the signing key. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the token side of a token-auth lab: a fresh signing key and certificate, and a token server on loopback
 * where `regatta-rw` may pull, push, delete and list the catalog, `regatta-ro` may pull, and anonymous clients may
 * pull (the Docker Hub model, so the auth suite can probe anonymous pull).
 */
export async function startLabTokenAuthority(
  credentials: LabCredentials,
  options: {
    readonly expiresInSeconds?: number;
    /** PEM files of a TLS lab's server certificate: the token server then serves https like the registries. */
    readonly tls?: { readonly certFile: string; readonly keyFile: string };
  } = {},
): Promise<LabTokenAuthority> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-lab-token-'));
  try {
    const cert = await createSigningCert(dir);
    const signer = await createTokenSigner({ keyPem: cert.keyPem, certPem: cert.certPem, issuer: labTokenIssuer, service: labTokenService });
    const pullOnly = { repositoryActions: ['pull'], catalog: false };
    const tls =
      options.tls === undefined
        ? undefined
        : { certPem: await readFile(options.tls.certFile, 'utf8'), keyPem: await readFile(options.tls.keyFile, 'utf8') };
    const server = await startLabTokenServer({
      signer,
      ...(tls === undefined ? {} : { tls }),
      service: labTokenService,
      ...(options.expiresInSeconds === undefined ? {} : { expiresInSeconds: options.expiresInSeconds }),
      policy: {
        users: {
          [credentials.readWrite.username]: {
            password: credentials.readWrite.password,
            rights: { repositoryActions: ['pull', 'push', 'delete'], catalog: true },
          },
          [credentials.readOnly.username]: { password: credentials.readOnly.password, rights: pullOnly },
        },
        anonymous: pullOnly,
      },
    });
    let stopped: Promise<void> | undefined;
    return {
      server,
      registryAuth: { realm: server.realm, service: labTokenService, issuer: labTokenIssuer, rootCertBundle: cert.certPath },
      stop() {
        stopped ??= server.stop().then(() => rm(dir, { recursive: true, force: true }));
        return stopped;
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
