import type { AuthProvider } from '../client/auth-provider.js';
import { runPasswordCommand } from '../config/run-password-command.js';
import type { ResolvedTarget } from '../config/target.js';
import { resolveCredentials } from './auth-credentials.js';
import { TokenAuthProvider } from './token-auth-provider.js';

/**
 * The auth provider of one target: the Docker token flow (Basic until challenged otherwise) over the target's most
 * specific credentials. Synchronous so clients can be built at once; credentials (Docker config, helpers) are resolved
 * on first use and a failure there is one AuthError naming its source.
 */
export function createAuthProvider(
  target: ResolvedTarget,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly now?: () => number } = {},
): AuthProvider {
  const { credentials, passwordCommand } = target;
  const refreshCredentials =
    passwordCommand === undefined || credentials.kind !== 'basic'
      ? undefined
      : async () => ({
          kind: 'basic' as const,
          username: credentials.username,
          password: await runPasswordCommand(passwordCommand.command, 'auth.passwordCommand', passwordCommand.cwd),
        });
  return new TokenAuthProvider({
    target,
    credentials: async () => (await resolveCredentials(target, env)).credentials,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(refreshCredentials === undefined ? {} : { refreshCredentials }),
  });
}
