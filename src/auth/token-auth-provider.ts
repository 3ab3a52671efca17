import type { Dispatcher } from 'undici';
import type { AuthProvider, AuthRequest } from '../client/auth-provider.js';
import { createDispatcher } from '../client/dispatcher.js';
import { isLoopbackHost } from '../client/location.js';
import { rememberSecrets } from '../client/redact-outgoing.js';
import type { RegistryResponse } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import { AuthError } from '../errors/index.js';
import { basicEncoded, secretsOfCredentials, type AuthCredentials } from './auth-credentials.js';
import { parseChallenges, type Challenge } from './challenge.js';
import { fetchToken, TokenRefusedError } from './fetch-token.js';
import { mergeScopes, parseScope, type Scope } from './scope.js';
import { TokenCache, tokenCacheKey } from './token-cache.js';

/** Options of {@link TokenAuthProvider}. */
export interface TokenAuthProviderOptions {
  readonly target: ResolvedTarget;
  /** The credentials, or how to get them (run once, on first use: a helper may be slow or fail). */
  readonly credentials: AuthCredentials | (() => Promise<AuthCredentials>);
  /** Clock for token expiry; @default Date.now */
  readonly now?: () => number;
  /** Use the OAuth2 password grant (POST, GET on 404) for Basic credentials. @default false */
  readonly oauthPassword?: boolean;
  /**
   * Gets the credentials anew (re-runs `auth.passwordCommand`) when the registry or its token server refuses them:
   * short-lived passwords (ECR, GCP) expire during long runs. At most once a minute, so a wrong password is not
   * hammered.
   */
  readonly refreshCredentials?: () => Promise<AuthCredentials>;
  /**
   * Connections to the token realm, owned by the caller (the target session's agent, so token fetches reuse its TLS
   * context and sockets). @default a short-lived pool per fetch
   */
  readonly dispatcher?: Dispatcher;
}

/** Fewest milliseconds between two credential refreshes. */
const REFRESH_INTERVAL_MS = 60_000;

/** Token server statuses that mean "these credentials are not good": OAuth2 `invalid_grant` is a 400. */
const credentialRefusals = new Set([400, 401, 403]);

/** The resource a scope is about, without its actions. */
function resourceKey(scope: Scope): string {
  return `${scope.type}\u0000${scope.name}`;
}

/** What the registry last asked for. */
type Mode = { readonly kind: 'basic' } | { readonly kind: 'bearer'; readonly realm: URL; readonly service: string | undefined };

/** Scopes of a request plus those a challenge names (space-separated), merged and widened per resource. */
function scopesOf(requested: readonly string[], challenged: string | undefined): Scope[] {
  const texts = [...requested, ...(challenged ?? '').split(' ').filter((text) => text !== '')];
  return mergeScopes(texts.map(parseScope).filter((scope): scope is Scope => scope !== undefined));
}

/** The Bearer challenge with a realm, else the Basic one, else undefined. */
function pickChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return (
    challenges.find((challenge) => challenge.scheme === 'bearer' && challenge.params['realm'] !== undefined) ??
    challenges.find((challenge) => challenge.scheme === 'basic')
  );
}

/**
 * The Docker token flow as an {@link AuthProvider}. Until the registry challenges, Basic credentials are sent as is;
 * a Bearer challenge makes it fetch a token from the realm for the request's scopes merged with the challenge's
 * (pull widened to pull,push on the same repository; a mount's source kept as its own resource), cache it per
 * (realm, service, scopes) for its `expires_in`, and fetch ahead of later requests. A 401 (or 403
 * `insufficient_scope`) with a cached token drops it and fetches a new one, so long runs outlive their tokens.
 * Credentials never go to a realm over plain http unless it is loopback or the target is `tls.insecure`.
 */
export class TokenAuthProvider implements AuthProvider {
  private readonly target: ResolvedTarget;
  private readonly source: TokenAuthProviderOptions['credentials'];
  private readonly oauthPassword: boolean;
  private readonly cache: TokenCache;
  private readonly secretValues = new Set<string>();
  /**
   * {@link secretValues} as one list, rebuilt only when a secret is added: every exchange's transcript is redacted with
   * it, and redaction builds its pattern once per list (a fresh copy per exchange cost ~2.7 ms each with ~900 tokens).
   */
  private secretList: readonly string[] | undefined;
  /** Token fetches under way by cache key: concurrent requests for the same scopes share one round trip. */
  private readonly inFlight = new Map<string, Promise<string>>();
  /**
   * Actions challenges asked for beyond what requests named, per resource (distribution wants `delete` to cancel an
   * upload, where the request map says `push`). Remembered so the retry, and later requests on the resource, ask for
   * them too and hit the token cached for the widened scopes instead of the old, narrower one.
   */
  private readonly widened = new Map<string, Scope>();
  private credentialsPromise: Promise<AuthCredentials> | undefined;
  private mode: Mode | undefined;
  private readonly refreshCredentials: (() => Promise<AuthCredentials>) | undefined;
  private readonly now: () => number;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private readonly dispatcher: Dispatcher | undefined;

  constructor(options: TokenAuthProviderOptions) {
    this.target = options.target;
    this.source = options.credentials;
    this.oauthPassword = options.oauthPassword ?? false;
    this.cache = new TokenCache(options.now);
    this.refreshCredentials = options.refreshCredentials;
    this.now = options.now ?? Date.now;
    this.dispatcher = options.dispatcher;
  }

  /** Registers the secrets of credentials for redaction, then hands them on. */
  private register(credentials: AuthCredentials): AuthCredentials {
    for (const secret of secretsOfCredentials(credentials)) {
      this.secretValues.add(secret);
    }
    this.secretList = undefined;
    rememberSecrets(this.secretValues);
    return credentials;
  }

  /** Gets the credentials anew when a refresher exists and the last refresh is over a minute old; true when it did. */
  private async refresh(): Promise<boolean> {
    const refresher = this.refreshCredentials;
    if (refresher === undefined || this.now() - this.lastRefreshAt < REFRESH_INTERVAL_MS) {
      return false;
    }
    this.lastRefreshAt = this.now();
    this.credentialsPromise = refresher().then((credentials) => this.register(credentials));
    await this.credentialsPromise;
    return true;
  }

  /** The credentials, resolved once; their secrets are registered for redaction before first use. */
  private credentials(): Promise<AuthCredentials> {
    if (this.credentialsPromise === undefined) {
      const source = this.source;
      this.credentialsPromise = (typeof source === 'function' ? source() : Promise.resolve(source)).then((credentials) =>
        this.register(credentials),
      );
    }
    return this.credentialsPromise;
  }

  /** @inheritdoc */
  async authorization(request: AuthRequest): Promise<string | undefined> {
    const credentials = await this.credentials();
    if (credentials.kind === 'bearer') {
      return `Bearer ${credentials.token}`;
    }
    const mode = this.mode;
    if (mode?.kind === 'bearer') {
      const scopes = this.withWidened(scopesOf(request.scopes, undefined));
      return `Bearer ${await this.token(mode, scopes, credentials, false)}`;
    }
    return credentials.kind === 'basic' ? `Basic ${basicEncoded(credentials.username, credentials.password)}` : undefined;
  }

  /** @inheritdoc */
  async onUnauthorized(response: RegistryResponse, request: AuthRequest): Promise<boolean> {
    const header = response.headers['www-authenticate'];
    if (header === undefined) {
      return false;
    }
    let challenge: Challenge | undefined;
    try {
      challenge = pickChallenge(parseChallenges(header));
    } catch {
      // A malformed challenge is the registry's fault: the 401 goes back to the caller as data.
      return false;
    }
    const credentials = await this.credentials();
    if (challenge === undefined || credentials.kind === 'bearer') {
      return false;
    }
    if (challenge.scheme === 'basic') {
      const wasBearer = this.mode?.kind === 'bearer';
      this.mode = { kind: 'basic' };
      if (credentials.kind !== 'basic') {
        return false;
      }
      // Basic credentials went out already unless the last mode was Bearer: sending them again changes nothing,
      // unless they were refused and can be fetched anew (an expired short-lived password).
      return wasBearer || (await this.refresh());
    }
    const mode: Mode = {
      kind: 'bearer',
      realm: this.realmUrl(challenge.params['realm'] ?? '', credentials),
      service: challenge.params['service'],
    };
    this.mode = mode;
    const scopes = this.withWidened(scopesOf(request.scopes, challenge.params['scope']));
    for (const scope of scopes) {
      this.widened.set(resourceKey(scope), scope);
    }
    await this.token(mode, scopes, credentials, true);
    return true;
  }

  /** The scopes plus the actions challenges added earlier on the same resources. */
  private withWidened(scopes: readonly Scope[]): Scope[] {
    const extra = scopes.map((scope) => this.widened.get(resourceKey(scope))).filter((scope): scope is Scope => scope !== undefined);
    return mergeScopes([...scopes, ...extra]);
  }

  /** @inheritdoc */
  secrets(): readonly string[] {
    this.secretList ??= [...this.secretValues];
    return this.secretList;
  }

  /** Validates a realm: http(s) only, and no credentials in clear text beyond this machine unless insecure. */
  private realmUrl(realm: string, credentials: AuthCredentials): URL {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new AuthError(`the registry's token realm "${realm}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AuthError(`the registry's token realm ${url.origin} is not http(s)`);
    }
    const sendsSecrets = credentials.kind !== 'anonymous';
    if (sendsSecrets && url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !this.target.tls.insecure) {
      throw new AuthError(`refusing to send credentials over plain http to the token realm ${url.host}`, {
        hint: 'the registry should name an https realm; pass --insecure to allow it (flagged in the report)',
      });
    }
    return url;
  }

  /** A token for the scopes: from the cache unless `fresh`, else from the realm (then cached). */
  private async token(
    mode: Extract<Mode, { kind: 'bearer' }>,
    scopes: readonly Scope[],
    credentials: AuthCredentials,
    fresh: boolean,
  ): Promise<string> {
    const key = tokenCacheKey(mode.realm.toString(), mode.service, scopes);
    if (fresh) {
      this.cache.delete(key);
    } else {
      const cached = this.cache.get(key);
      if (cached !== undefined) {
        return cached;
      }
    }
    const pending = this.inFlight.get(key);
    if (pending !== undefined) {
      return pending;
    }
    const fetching = this.fetchAndCache(key, mode, scopes, credentials).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetching);
    return fetching;
  }

  /** Fetches a token from the realm (on the session's pool, else a short-lived one) and caches it. */
  private async fetchAndCache(
    key: string,
    mode: Extract<Mode, { kind: 'bearer' }>,
    scopes: readonly Scope[],
    credentials: AuthCredentials,
  ): Promise<string> {
    const dispatcher = this.dispatcher ?? createDispatcher(this.target);
    const fetchWith = (current: AuthCredentials): ReturnType<typeof fetchToken> =>
      fetchToken({
        realm: mode.realm,
        service: mode.service,
        scopes,
        credentials: current,
        oauthPassword: this.oauthPassword,
        dispatcher,
        timeoutMs: this.target.requestTimeoutMs,
      });
    try {
      const issued = await fetchWith(credentials).catch(async (error: unknown) => {
        const refused = error instanceof TokenRefusedError && credentialRefusals.has(error.status) && credentials.kind !== 'anonymous';
        if (refused && (await this.refresh())) {
          return fetchWith(await this.credentials());
        }
        throw error;
      });
      this.secretValues.add(issued.token);
      this.secretList = undefined;
      rememberSecrets([issued.token]);
      this.cache.set(key, issued.token, issued.expiresIn);
      return issued.token;
    } finally {
      if (dispatcher !== this.dispatcher) {
        await dispatcher.close();
      }
    }
  }
}
