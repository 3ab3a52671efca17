import type { Dispatcher } from 'undici';
import type { AuthProvider } from '../client/auth-provider.js';
import {
  buildSecureConnectOptions,
  closeWithin,
  createDispatcher,
  createTlsConnectOptions,
  type SecureConnectOptions,
  type TlsConnectOptions,
} from '../client/dispatcher.js';
import { createRegistryClient } from '../client/registry-client.js';
import type { RegistryClient, TranscriptRecorder } from '../client/types.js';
import { runPasswordCommand } from '../config/run-password-command.js';
import type { ResolvedTarget, TargetCredentials } from '../config/target.js';
import { resolveCredentials, type AuthCredentials, type CredentialSource } from './auth-credentials.js';
import { TokenAuthProvider } from './token-auth-provider.js';

/**
 * What a load worker thread needs to talk to a target as its session does: plain data only (structured clone). The
 * credentials are the resolved ones (no Docker config or helper is read again) and the TLS material is the PEM text
 * read once; the worker builds its one TLS context from it ({@link secureConnectOptionsOf}).
 */
export interface TargetSessionHandoff {
  readonly target: ResolvedTarget;
  readonly credentials: AuthCredentials;
  readonly tls: TlsConnectOptions;
}

/**
 * Everything one target needs to be talked to, built once per target and run: the credentials resolved from their
 * source (flags > environment > config file > Docker config > credential helpers), the `passwordCommand` refresh
 * policy and the token cache (one {@link TokenAuthProvider}), the TLS context (CA bundle parsed once) and one undici
 * agent for the target, its token realm and redirect hosts. The registry client, the capability probe, the auth suite
 * and the load engine all use it.
 */
export interface TargetSession {
  /** The target with the credentials it resolved to (a Docker config entry fills in an anonymous target's). */
  readonly target: ResolvedTarget;
  /** The resolved credentials, including kinds a target cannot hold (a Docker identity token). */
  readonly credentials: AuthCredentials;
  /** Where the credentials came from; reports may name it, never the secret. */
  readonly credentialSource: CredentialSource;
  /** The one auth provider: token cache, challenge state, credential refresh. */
  readonly auth: AuthProvider;
  /** TLS connect options with the certificates parsed, for pools the load engine builds. */
  readonly connect: SecureConnectOptions;
  /** The target's agent (the client's pool, token fetches, the auth suite's raw token requests). */
  readonly dispatcher: Dispatcher;
  /** A registry client on the session's agent and auth; closing it leaves the session open. */
  createClient(recorder?: TranscriptRecorder): RegistryClient;
  /** Plain data for a worker thread. */
  handoff(): TargetSessionHandoff;
  /** Closes the agent; requests still in flight after {@link closeGraceMs} are destroyed, not waited for. */
  close(): Promise<void>;
}

/** How long closing a session waits for requests still in flight (nobody waits for them any more). */
export const closeGraceMs = 2000;

/** Options of {@link openTargetSession}. */
export interface OpenTargetSessionOptions {
  /** Clock for token expiry and the refresh interval. @default Date.now */
  readonly now?: () => number;
}

/** The target's credentials field for resolved credentials: what a target can hold, else its own. */
function targetCredentialsOf(target: ResolvedTarget, credentials: AuthCredentials): TargetCredentials {
  return credentials.kind === 'identity-token' ? target.credentials : credentials;
}

/** How to get a refused password anew: re-run `auth.passwordCommand` (ECR and GCP passwords expire mid-run). */
export function passwordRefresher(target: ResolvedTarget): (() => Promise<AuthCredentials>) | undefined {
  const { credentials, passwordCommand } = target;
  if (passwordCommand === undefined || credentials.kind !== 'basic') {
    return undefined;
  }
  return async () => ({
    kind: 'basic',
    username: credentials.username,
    password: await runPasswordCommand(passwordCommand.command, 'auth.passwordCommand', passwordCommand.cwd),
  });
}

/**
 * Opens the session of one target: resolves its credentials (a Docker config that cannot be read or a helper that
 * fails is an error naming it, before any request), reads its TLS files (a missing file is a ConfigError naming the
 * setting) and builds its agent. Close it when the target is done.
 */
export async function openTargetSession(
  target: ResolvedTarget,
  env: Readonly<Record<string, string | undefined>>,
  options: OpenTargetSessionOptions = {},
): Promise<TargetSession> {
  const resolved = await resolveCredentials(target, env);
  const tls = createTlsConnectOptions(target);
  const connect = buildSecureConnectOptions(tls);
  const sessionTarget: ResolvedTarget = { ...target, credentials: targetCredentialsOf(target, resolved.credentials) };
  const dispatcher = createDispatcher(sessionTarget, connect);
  const refreshCredentials = passwordRefresher(target);
  const auth = new TokenAuthProvider({
    target: sessionTarget,
    credentials: resolved.credentials,
    dispatcher,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(refreshCredentials === undefined ? {} : { refreshCredentials }),
  });
  return {
    target: sessionTarget,
    credentials: resolved.credentials,
    credentialSource: resolved.source,
    auth,
    connect,
    dispatcher,
    createClient: (recorder) =>
      createRegistryClient({ target: sessionTarget, auth, dispatcher, ...(recorder === undefined ? {} : { recorder }) }),
    handoff: () => ({ target: sessionTarget, credentials: resolved.credentials, tls }),
    close: () => closeWithin(dispatcher, closeGraceMs),
  };
}
