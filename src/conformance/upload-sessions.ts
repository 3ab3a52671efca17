import type { RegistryClient, RegistryResponse } from '../client/types.js';

/** One upload session the run opened and has not seen closed. */
interface OpenSession {
  readonly repo: string;
  /** The session's latest Location, absolute (each PATCH may hand out a new one, with new `_state`). */
  location: string;
}

/** The session key of a Location: its path (the upload id), without the query that carries `_state`. */
function sessionKey(location: string): string {
  try {
    return new URL(location).pathname;
  } catch {
    return location.split('?')[0] ?? location;
  }
}

/** `/v2/<repo>/blobs/uploads/<id>` → `<repo>`. */
function repoOf(path: string): string {
  return /^\/v2\/(.+)\/blobs\/uploads\//.exec(path)?.[1] ?? '';
}

/**
 * The upload sessions a run opened (a POST answered 202 with a Location) and has not seen end (a PUT answered 201, or
 * a DELETE of the session answered 2xx or 404). Cleanup cancels what is still open, and lists what it cannot cancel
 * as a leftover, instead of reporting `leftovers: []` while sessions stay open on the registry.
 */
export class UploadSessions {
  private readonly open = new Map<string, OpenSession>();

  /** Sessions still open, oldest first. */
  list(): readonly { readonly repo: string; readonly location: string }[] {
    return [...this.open.values()];
  }

  /** How a session is named in a leftover: repository and upload path, never the `_state` query. */
  static describe(session: { readonly location: string }): string {
    return `upload session ${sessionKey(session.location)}`;
  }

  /** Notes what a response says about the session at `location` (for a POST: the URL it was sent to). */
  observe(method: string, location: string, response: RegistryResponse, client: RegistryClient): void {
    const next = response.headers['location'];
    if (method === 'POST') {
      if (response.status === 202 && next !== undefined) {
        const absolute = client.resolveLocation(next, location);
        this.open.set(sessionKey(absolute), { repo: repoOf(sessionKey(absolute)), location: absolute });
      }
      return;
    }
    const key = sessionKey(location);
    const session = this.open.get(key);
    if (session === undefined) {
      return;
    }
    const ended = (method === 'PUT' && response.status >= 200 && response.status < 300) ||
      (method === 'DELETE' && ((response.status >= 200 && response.status < 300) || response.status === 404));
    if (ended) {
      this.open.delete(key);
    } else if (next !== undefined && sessionKey(client.resolveLocation(next, location)) === key) {
      session.location = client.resolveLocation(next, location);
    }
  }

  /**
   * A client that reports every upload request it sends to `sessions` (and so does each client it hands out with
   * another recorder). Only the upload methods are watched; everything else passes through untouched.
   */
  static track(client: RegistryClient, sessions: UploadSessions): RegistryClient {
    const watched: Readonly<Record<string, string>> = { startUpload: 'POST', patchUpload: 'PATCH', putUpload: 'PUT', cancelUpload: 'DELETE' };
    return new Proxy(client, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') {
          return value;
        }
        if (property === 'withRecorder') {
          return (...args: unknown[]): RegistryClient =>
            UploadSessions.track(Reflect.apply(value as (...a: unknown[]) => RegistryClient, target, args), sessions);
        }
        const method = typeof property === 'string' ? watched[property] : undefined;
        if (method === undefined) {
          return value;
        }
        return async (...args: unknown[]): Promise<RegistryResponse> => {
          const send = value as (...a: unknown[]) => Promise<RegistryResponse>;
          const response = await send.apply(target, args);
          const location = target.resolveLocation(method === 'POST' ? `/v2/${String(args[0])}/blobs/uploads/` : String(args[0]));
          sessions.observe(method, location, response, target);
          return response;
        };
      },
    });
  }
}
