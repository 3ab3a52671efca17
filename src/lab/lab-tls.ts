import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../errors/index.js';
import { labComponentStatus } from './component-status.js';
import type { LabPaths } from './lab-paths.js';
import type { LabTargetTls } from './lab-target.js';
import type { RegistryTlsFiles } from './registry-launch.js';
import { runCommand, tailLines } from './run-command.js';

/** PEM files of a TLS lab, all inside one directory the lab owns. */
export interface LabTlsFiles {
  /** The lab CA certificate: what clients trust (`tls.caFile`), and the client CA of an mTLS registry. */
  readonly caFile: string;
  /** Server certificate for `127.0.0.1` and `localhost` (EKU serverAuth), signed by the lab CA. */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** Client certificate (EKU clientAuth) signed by the lab CA; only when a client certificate was asked for. */
  readonly clientCertFile?: string;
  readonly clientKeyFile?: string;
}

/** Options of {@link createLabTlsFiles}. */
export interface CreateLabTlsOptions {
  /** Also issue a client certificate (mTLS labs). @default false */
  readonly client?: boolean;
  /** @default 'openssl' (from PATH) */
  readonly openssl?: string;
  /** Validity of every certificate. @default 7 */
  readonly days?: number;
}

/**
 * Extensions for each certificate, in one config file so the result never depends on the system `openssl.cnf`
 * (Debian's adds its own `v3_ca` extensions to `req -x509`).
 */
const opensslConfig = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = regatta-lab
[ca]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

/** Runs one openssl command, throwing a LabError with its output tail when it fails. */
async function openssl(binary: string, args: readonly string[], cwd: string): Promise<void> {
  const result = await runCommand(binary, args, { cwd, timeoutMs: 30_000 });
  if (result.code !== 0) {
    const why = result.code === null && !result.timedOut ? 'could not be started' : `exited with ${result.code ?? 'a timeout'}`;
    throw new LabError(`openssl ${args[0] ?? ''} ${why}:\n${tailLines(result.output, 8)}`, {
      hint: 'the TLS lab needs openssl: run `regatta lab install openssl`',
    });
  }
}

/** A fresh random serial, so two labs never issue certificates that look alike to a client cache. */
function serial(): string {
  return `0x${randomBytes(16).toString('hex')}`;
}

/** A P-256 key (Go and Node both accept it; fast to generate). */
async function newKey(binary: string, dir: string, file: string): Promise<void> {
  await openssl(binary, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], dir);
}

/** Issues a certificate for `key` signed by the lab CA, with the extensions of config section `section`. */
async function issue(binary: string, dir: string, name: string, subject: string, section: string, days: number): Promise<void> {
  await newKey(binary, dir, `${name}.key`);
  await openssl(binary, ['req', '-new', '-config', 'openssl.cnf', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
  await openssl(
    binary,
    [
      'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', serial(),
      '-days', String(days), '-extfile', 'openssl.cnf', '-extensions', section, '-out', `${name}.crt`,
    ],
    dir,
  );
}

/**
 * Makes a throwaway lab CA with the `openssl` CLI in `dir` (which the lab owns and removes), a server certificate
 * for `127.0.0.1` and `localhost` signed by it, and optionally a client certificate for mTLS. The CA key stays in
 * `dir`: nothing outside the lab ever trusts this CA.
 */
export async function createLabTlsFiles(dir: string, options: CreateLabTlsOptions = {}): Promise<LabTlsFiles> {
  const binary = options.openssl ?? 'openssl';
  const days = options.days ?? 7;
  await writeFile(join(dir, 'openssl.cnf'), opensslConfig);
  await newKey(binary, dir, 'ca.key');
  await openssl(
    binary,
    [
      'req', '-new', '-x509', '-config', 'openssl.cnf', '-key', 'ca.key', '-subj', '/CN=regatta lab CA',
      '-set_serial', serial(), '-days', String(days), '-extensions', 'ca', '-out', 'ca.crt',
    ],
    dir,
  );
  await issue(binary, dir, 'server', '/CN=127.0.0.1', 'server', days);
  const files = { caFile: join(dir, 'ca.crt'), serverCertFile: join(dir, 'server.crt'), serverKeyFile: join(dir, 'server.key') };
  if (options.client !== true) {
    return files;
  }
  await issue(binary, dir, 'client', '/CN=regatta-lab-client', 'client', days);
  return { ...files, clientCertFile: join(dir, 'client.crt'), clientKeyFile: join(dir, 'client.key') };
}

/** A lab's TLS files and the directory holding them (removed when the lab stops). */
export interface LabTlsSetup extends LabTlsFiles {
  readonly dir: string;
}

/**
 * Makes the TLS material of one lab start in a fresh `regatta-lab-tls-*` temporary directory (the prefix `lab down`
 * trusts for deletion), with a client certificate for mTLS. Throws a LabError when openssl is missing.
 */
export async function prepareLabTls(kind: 'tls' | 'mtls', paths?: LabPaths): Promise<LabTlsSetup> {
  const openssl = labComponentStatus('openssl', paths);
  if (!openssl.available) {
    throw new LabError(`cannot start a TLS lab: ${openssl.reason}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'regatta-lab-tls-'));
  try {
    return { dir, ...(await createLabTlsFiles(dir, { client: kind === 'mtls', openssl: openssl.binary })) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The registry side: serve the server certificate, and for mTLS (a client certificate exists) require one from the CA. */
export function registryTlsFiles(tls: LabTlsFiles): RegistryTlsFiles {
  return {
    certFile: tls.serverCertFile,
    keyFile: tls.serverKeyFile,
    ...(tls.clientCertFile === undefined ? {} : { clientCaFile: tls.caFile }),
  };
}

/** The client side, as recorded on each lab target: the CA to trust and, for mTLS, the client certificate. */
export function labTargetTls(tls: LabTlsFiles): LabTargetTls {
  return {
    caFile: tls.caFile,
    ...(tls.clientCertFile === undefined ? {} : { certFile: tls.clientCertFile }),
    ...(tls.clientKeyFile === undefined ? {} : { keyFile: tls.clientKeyFile }),
  };
}
