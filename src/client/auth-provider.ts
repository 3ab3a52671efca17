import type { TargetCredentials } from '../config/target.js';
import { rememberSecrets } from './redact-outgoing.js';
import type { RegistryResponse } from './types.js';

/** What an auth provider is told about a request it may authorize. */
export interface AuthRequest {
  readonly method: string;
  readonly url: URL;
  /**
   * Token scopes the request needs (`repository:<repo>:pull`, `repository:<repo>:pull,push`,
   * `repository:<repo>:delete`, `registry:catalog:*`); a mount also lists `repository:<from>:pull`. Empty when the
   * request is not tied to a resource (`/v2/`).
   */
  readonly scopes: readonly string[];
}

/**
 * The client's auth plug-in point. The client asks for an `Authorization` value before each request to the target's
 * own origin (never for another host), and on a 401 with a replayable body gives the provider one chance to
 * recover (fetch a token for the challenge, refresh an expired one) before retrying once.
 */
export interface AuthProvider {
  /** The `Authorization` header value for this request, or undefined to send none. */
  authorization(request: AuthRequest): Promise<string | undefined>;
  /** Called on a 401 (or 403 `insufficient_scope`) from the target; resolve true when a retry with a fresh `authorization()` may succeed. */
  onUnauthorized(response: RegistryResponse, request: AuthRequest): Promise<boolean>;
  /** Every secret value the provider has used so far (passwords, tokens), for transcript redaction. */
  secrets?(): readonly string[];
}

/**
 * Credentials fixed for the whole run: Basic, a static bearer token, or none. A 401 is final (no retry), because
 * sending the same credentials again cannot change the answer.
 */
export class StaticAuthProvider implements AuthProvider {
  private readonly header: string | undefined;
  private readonly secretValues: readonly string[];

  constructor(credentials: TargetCredentials) {
    switch (credentials.kind) {
      case 'basic': {
        const encoded = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
        this.header = `Basic ${encoded}`;
        this.secretValues = [credentials.password, encoded];
        break;
      }
      case 'bearer':
        this.header = `Bearer ${credentials.token}`;
        this.secretValues = [credentials.token];
        break;
      case 'anonymous':
        this.header = undefined;
        this.secretValues = [];
        break;
    }
    rememberSecrets(this.secretValues);
  }

  /** @inheritdoc */
  authorization(): Promise<string | undefined> {
    return Promise.resolve(this.header);
  }

  /** @inheritdoc */
  onUnauthorized(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** @inheritdoc */
  secrets(): readonly string[] {
    return this.secretValues;
  }
}
