import { request, type Dispatcher } from 'undici';
import { basicEncoded } from '../../auth/auth-credentials.js';
import { parseChallenges } from '../../auth/challenge.js';
import { tokenGetUrl, tokenOfBody } from '../../auth/fetch-token.js';
import type { TargetCredentials } from '../../config/target.js';
import type { Clock } from '../clock.js';
import type { MetricsCollector } from '../metrics/metrics-collector.js';
import { LoadFailure } from './load-failure.js';

/** Most tokens cached per target; a scenario uses a handful of repositories, so this only bounds a misuse. */
const maxCachedTokens = 256;

/** Least time between two runs of `auth.passwordCommand`: a password refused again soon after is wrong, not expired. */
const minRefreshIntervalMs = 60_000;

/** Gets the target's credentials anew (re-runs `auth.passwordCommand`), for a password that expired mid-run. */
export type RefreshCredentials = () => Promise<TargetCredentials>;

/** The token endpoint's answer to a refused password. */
const passwordRefusedMessage = 'token endpoint answered 401: the password was refused';

/** The Authorization of credentials sent as they are (Basic, or a static Bearer token); none for anonymous. */
function staticHeaderOf(credentials: TargetCredentials): string | undefined {
  if (credentials.kind === 'basic') {
    return `Basic ${basicEncoded(credentials.username, credentials.password)}`;
  }
  return credentials.kind === 'bearer' ? `Bearer ${credentials.token}` : undefined;
}

/** True when the challenge asks for a bearer token (the token flow), not for Basic credentials. */
function isBearerChallenge(wwwAuthenticate: string | undefined): boolean {
  return wwwAuthenticate !== undefined && parseChallenges(wwwAuthenticate).some((challenge) => challenge.scheme === 'bearer');
}

/**
 * Authorization for the load path: static Basic/Bearer credentials, plus bearer tokens fetched on a 401 challenge and
 * cached per scope. Token fetches are timed as the `token-fetch` operation. Kept apart from the conformance client's
 * provider because the load path must not record transcripts and must cost next to nothing per request.
 */
export class LoadAuth {
  private credentials: TargetCredentials;
  private staticHeader: string | undefined;
  private readonly refreshCredentials: RefreshCredentials | undefined;
  /** When credentials were last refreshed (clock ms); a refresh under way is shared by every refused request. */
  private refreshedAt: number | undefined;
  private refreshing: Promise<boolean> | undefined;
  private readonly tokens = new Map<string, string>();
  /** Token fetches under way, per scope. */
  private readonly fetching = new Map<string, Promise<boolean>>();
  private readonly clock: Clock;
  /** The collector of the current phase (setup or measured). */
  private readonly metrics: () => MetricsCollector;
  private readonly timeoutMs: number;
  /** Connections for the token realm: the target's TLS settings (a lab or private CA signs the realm too). */
  private readonly dispatcher: Dispatcher | undefined;

  constructor(
    credentials: TargetCredentials,
    clock: Clock,
    metrics: () => MetricsCollector,
    timeoutMs: number,
    dispatcher?: Dispatcher,
    refreshCredentials?: RefreshCredentials,
  ) {
    this.credentials = credentials;
    this.refreshCredentials = refreshCredentials;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.metrics = metrics;
    this.timeoutMs = timeoutMs;
    this.staticHeader = staticHeaderOf(credentials);
  }

  /**
   * Re-runs `auth.passwordCommand` once a password is refused (ECR and GCP passwords expire during long runs), at most
   * once a minute; concurrent refusals share one run. True when new credentials are in place and a retry may succeed.
   */
  private refresh(): Promise<boolean> {
    const refresher = this.refreshCredentials;
    if (refresher === undefined) {
      return Promise.resolve(false);
    }
    if (this.refreshing !== undefined) {
      return this.refreshing;
    }
    if (this.refreshedAt !== undefined && this.clock.now() - this.refreshedAt < minRefreshIntervalMs) {
      return Promise.resolve(false);
    }
    this.refreshedAt = this.clock.now();
    this.refreshing = refresher()
      .then((credentials) => {
        this.credentials = credentials;
        this.staticHeader = staticHeaderOf(credentials);
        this.tokens.clear();
        return true;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  /** Header for a request needing `scope` (e.g. `repository:a/b:pull,push`). */
  authorization(scope: string): string | undefined {
    return this.tokens.get(scope) ?? this.staticHeader;
  }

  /** The bearer tokens fetched so far, per scope (handed to load worker threads so they need not fetch them again). */
  cachedTokens(): [string, string][] {
    return [...this.tokens];
  }

  /** Adopts tokens another thread's {@link cachedTokens} returned. */
  adoptTokens(tokens: readonly (readonly [string, string])[]): void {
    for (const [scope, header] of tokens.slice(0, maxCachedTokens)) {
      this.tokens.set(scope, header);
    }
  }

  /**
   * Handles a 401 to a request that carried `sent` (its Authorization, if any): fetches a bearer token for the
   * challenge and caches it, replacing a cached token the registry refused (tokens expire during long runs). Another
   * request's fresh token is used as is, and concurrent 401s on one scope share one fetch. Returns true when a retry
   * may now succeed; callers retry once, so a token the registry never accepts cannot loop.
   */
  async onUnauthorized(wwwAuthenticate: string | undefined, scope: string, signal: AbortSignal, sent: string | undefined): Promise<boolean> {
    if (sent !== undefined && sent !== this.staticHeader && sent.startsWith('Basic ')) {
      return true; // another request already refreshed the password
    }
    if (sent !== undefined && sent === this.staticHeader && sent.startsWith('Basic ') && !isBearerChallenge(wwwAuthenticate)) {
      return this.refresh(); // the registry refused the Basic password itself
    }
    const cached = this.tokens.get(scope);
    if (cached !== undefined && cached !== sent) {
      return true;
    }
    const pending = this.fetching.get(scope);
    if (pending !== undefined) {
      return pending;
    }
    const fetch = this.fetchToken(wwwAuthenticate, scope, signal).finally(() => this.fetching.delete(scope));
    this.fetching.set(scope, fetch);
    return fetch;
  }

  /**
   * Fetches and caches a token for the challenge; false when there is no Bearer challenge to answer. A token endpoint
   * that refuses the password (401) gets it once more after a refresh.
   */
  private async fetchToken(wwwAuthenticate: string | undefined, scope: string, signal: AbortSignal): Promise<boolean> {
    try {
      return await this.fetchTokenOnce(wwwAuthenticate, scope, signal);
    } catch (error) {
      if (error instanceof LoadFailure && error.message === passwordRefusedMessage && (await this.refresh())) {
        return this.fetchTokenOnce(wwwAuthenticate, scope, signal);
      }
      throw error;
    }
  }

  /** One token fetch for the challenge. */
  private async fetchTokenOnce(wwwAuthenticate: string | undefined, scope: string, signal: AbortSignal): Promise<boolean> {
    if (wwwAuthenticate === undefined) {
      return false;
    }
    const bearer = parseChallenges(wwwAuthenticate).find((challenge) => challenge.scheme === 'bearer');
    const realm = bearer?.params['realm'];
    if (bearer === undefined || realm === undefined) {
      return false;
    }
    const url = tokenGetUrl(new URL(realm), bearer.params['service'], [scope]);
    const headers: Record<string, string> = {};
    if (this.credentials.kind === 'basic' && this.staticHeader !== undefined) {
      headers['authorization'] = this.staticHeader;
    }
    const recorder = this.metrics().operation('token-fetch');
    const started = this.clock.now();
    try {
      const response = await request(url, {
        headers,
        signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        ...(this.dispatcher === undefined ? {} : { dispatcher: this.dispatcher }),
      });
      const ttfb = this.clock.now() - started;
      const text = await response.body.text();
      this.metrics().recordResponse(response.statusCode);
      if (response.statusCode === 401 && this.credentials.kind === 'basic') {
        throw new LoadFailure('token-denied', passwordRefusedMessage);
      }
      if (response.statusCode !== 200) {
        throw new LoadFailure('token-denied', `token endpoint answered ${response.statusCode}`);
      }
      const token = tokenOfBody(text)?.token;
      if (token === undefined) {
        throw new LoadFailure('token-denied', 'token endpoint gave no token');
      }
      if (this.tokens.size >= maxCachedTokens) {
        this.tokens.clear();
      }
      this.tokens.set(scope, `Bearer ${token}`);
      recorder.recordSuccess(this.clock.now() - started, 0, ttfb);
      return true;
    } catch (error) {
      recorder.recordError();
      throw error;
    }
  }
}
