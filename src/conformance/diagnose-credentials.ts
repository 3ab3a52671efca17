import type { AuthCredentials, CredentialSource } from '../auth/auth-credentials.js';

/** Where credentials came from, in the words a user set them with. */
const sourceNames: Readonly<Record<CredentialSource, string>> = {
  target: 'the target settings (--username, OCI_USERNAME/OCI_PASSWORD, REGATTA_TOKEN or the config file)',
  'docker-config': 'the Docker config',
  'credential-helper': 'the Docker credential helper',
  anonymous: 'nowhere',
};

/**
 * One line saying why a registry whose `GET /v2/` still answers 401, after the auth layer sent what it had, cannot be
 * run, naming what to set; undefined when `/v2/` let us in. Without it an anonymous run or a wrong password reports a
 * hundred "expected 200, got 401" failures blamed on the registry.
 */
export function diagnoseCredentials(
  url: string,
  pingStatus: number,
  credentials: AuthCredentials,
  source: CredentialSource,
): string | undefined {
  if (pingStatus !== 401) {
    return undefined;
  }
  const host = new URL(url).host;
  if (credentials.kind === 'anonymous') {
    return (
      `${url} requires credentials (GET /v2/ answered 401) and none were found for ${host}: ` +
      `set --username with --password-stdin, OCI_USERNAME and OCI_PASSWORD, auth in the config file, or run docker login ${host}`
    );
  }
  const what =
    credentials.kind === 'bearer'
      ? 'the bearer token'
      : `the credentials of ${credentials.username}`;
  return `${url} refused ${what} from ${sourceNames[source]} (GET /v2/ answered 401): check the password or token for this target`;
}
