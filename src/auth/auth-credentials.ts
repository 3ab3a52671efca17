import type { ResolvedTarget } from '../config/target.js';
import { getHelperCredentials } from './credential-helper.js';
import { dockerConfigPath, lookupDockerCredentials, readDockerConfig } from './docker-config.js';

/** Credentials an auth provider works with, whatever their source. */
export type AuthCredentials =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** An OAuth2 refresh token (Docker `identitytoken`), exchanged at the token endpoint. */
  | { readonly kind: 'identity-token'; readonly username: string; readonly identityToken: string }
  /** A ready bearer token sent as is. */
  | { readonly kind: 'bearer'; readonly token: string };

/** Where the credentials came from; reports may name the source, never the secret. */
export type CredentialSource = 'target' | 'docker-config' | 'credential-helper' | 'anonymous';

/** Credentials with their source. */
export interface ResolvedCredentials {
  readonly credentials: AuthCredentials;
  readonly source: CredentialSource;
}

/** `host[:port]` of a target URL, the key Docker config files use. */
function registryHost(url: string): string {
  return new URL(url).host;
}

/**
 * Chooses a target's credentials, most specific first: the target's own (config file, flags, and the OCI_USERNAME /
 * OCI_PASSWORD / REGATTA_TOKEN variables, which the config loader already merged in and refuses with several targets),
 * then the Docker config (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`, helpers included), else anonymous.
 * `env` locates the Docker config and the helpers (PATH). Helper failures are AuthErrors naming the helper.
 */
export async function resolveCredentials(
  target: Pick<ResolvedTarget, 'url' | 'credentials'>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ResolvedCredentials> {
  if (target.credentials.kind !== 'anonymous') {
    return { credentials: target.credentials, source: 'target' };
  }
  const config = await readDockerConfig(dockerConfigPath(env));
  if (config === undefined) {
    return { credentials: { kind: 'anonymous' }, source: 'anonymous' };
  }
  const host = registryHost(target.url);
  const entry = lookupDockerCredentials(config, host);
  if (entry === undefined) {
    return { credentials: { kind: 'anonymous' }, source: 'anonymous' };
  }
  switch (entry.kind) {
    case 'basic':
      return { credentials: { kind: 'basic', username: entry.username, password: entry.password }, source: 'docker-config' };
    case 'identity-token':
      return {
        credentials: { kind: 'identity-token', username: entry.username, identityToken: entry.identityToken },
        source: 'docker-config',
      };
    case 'registry-token':
      return { credentials: { kind: 'bearer', token: entry.token }, source: 'docker-config' };
    case 'helper': {
      const answer = await getHelperCredentials(entry.helper, host, 10_000, env);
      const credentials: AuthCredentials =
        answer.kind === 'basic'
          ? { kind: 'basic', username: answer.username, password: answer.password }
          : { kind: 'identity-token', username: '<token>', identityToken: answer.identityToken };
      return { credentials, source: 'credential-helper' };
    }
  }
}

/** Every secret value inside credentials (and the Basic encoding of a password), for redaction. */
export function secretsOfCredentials(credentials: AuthCredentials): string[] {
  switch (credentials.kind) {
    case 'basic':
      return [credentials.password, basicEncoded(credentials.username, credentials.password)];
    case 'identity-token':
      return [credentials.identityToken];
    case 'bearer':
      return [credentials.token];
    case 'anonymous':
      return [];
  }
}

/** base64 of `user:password`, the Basic credential. */
export function basicEncoded(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}
