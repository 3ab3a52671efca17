import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabError } from '../../errors/index.js';
import { runCommand } from '../run-command.js';

/** The token signer's key and self-signed certificate, as PEM text and as files for the registry config. */
export interface SigningCert {
  readonly keyPem: string;
  readonly certPem: string;
  /** The certificate file: distribution's `auth.token.rootcertbundle`. */
  readonly certPath: string;
}

/**
 * Makes a fresh P-256 key and a self-signed certificate for it with `openssl`, inside `dir`. A new pair per lab
 * start means no key ever lives in the repository and tokens of one lab are worthless against another.
 */
export async function createSigningCert(dir: string): Promise<SigningCert> {
  const keyPath = join(dir, 'token-signer.key');
  const certPath = join(dir, 'token-signer.crt');
  const result = await runCommand(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyPath, '-out', certPath, '-days', '7', '-subj', '/CN=regatta-lab-token-signer',
    ],
    { timeoutMs: 30_000 },
  );
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-1)[0] ?? '';
    throw new LabError(`openssl could not make the token signing certificate: ${tail}`, { hint: 'install the openssl package' });
  }
  return { keyPem: await readFile(keyPath, 'utf8'), certPem: await readFile(certPath, 'utf8'), certPath };
}
