import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RegistryLaunchInput, RegistryTlsFiles } from '../registry-launch.js';
import type { LabProduct } from './lab-product.js';

/** distribution's `auth` section: token against the lab token server, htpasswd Basic, or none. */
function distributionAuth(input: RegistryLaunchInput, htpasswdPath: string): Record<string, unknown> {
  if (input.tokenAuth !== undefined) {
    const { realm, service, issuer, rootCertBundle } = input.tokenAuth;
    return { auth: { token: { realm, service, issuer, rootcertbundle: rootCertBundle } } };
  }
  return input.htpasswd === undefined ? {} : { auth: { htpasswd: { realm: 'regatta-lab', path: htpasswdPath } } };
}

/** distribution's `http.tls`: with `clientcas` it requires and verifies a client certificate. */
function distributionTls(tls: RegistryTlsFiles): Record<string, unknown> {
  return {
    certificate: tls.certFile,
    key: tls.keyFile,
    ...(tls.clientCaFile === undefined ? {} : { clientcas: [tls.clientCaFile] }),
  };
}

/** distribution 2.8 and v3 (they share the YAML schema): filesystem storage, deletes on, loopback only. */
export const distribution: LabProduct = {
  name: 'distribution',
  // `auth.htpasswd`, and `auth.token` against the lab token server.
  authVariants: ['basic', 'token'],
  referrersApi: 'absent',
  // Its access log, in the Apache combined format: `127.0.0.1 - - [date] "GET /v2/ HTTP/1.1" 200 2 "" "agent"`.
  requestLogLine: /^\S+ \S+ \S+ \[[^\]]*\] "[A-Z]+ \S+ HTTP\/[\d.]+" \d{3} /,
  mtlsGap: () => undefined,
  launch: (input, storageDir, level) => {
    const configPath = join(input.dataDir, 'config.yml');
    const htpasswdPath = join(input.dataDir, 'htpasswd');
    const config = {
      version: 0.1,
      log: { level, formatter: 'text' },
      storage: {
        filesystem: { rootdirectory: storageDir },
        delete: { enabled: true },
        // Upload purging runs in the background and races tests that inspect upload sessions.
        maintenance: { uploadpurging: { enabled: false } },
      },
      http: { addr: `127.0.0.1:${input.port}`, ...(input.tls === undefined ? {} : { tls: distributionTls(input.tls) }) },
      ...distributionAuth(input, htpasswdPath),
    };
    const files = [{ path: configPath, content: stringify(config) }];
    if (input.htpasswd !== undefined) {
      files.push({ path: htpasswdPath, content: input.htpasswd });
    }
    return {
      args: ['serve', configPath],
      files,
      // distribution v3 exports OpenTelemetry traces by default: keep every byte on loopback.
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' },
      storageDir,
    };
  },
};
