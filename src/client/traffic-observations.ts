import type { TargetTraffic } from '../model/index.js';
import { errorEntriesOfText } from '../oci/error-body.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * How the client waits out a 429 (Too Many Requests): bounded in tries and in each wait, so a registry that keeps
 * refusing, or asks for a long pause, ends the request with its 429 instead of stalling the run.
 */
export interface ThrottlePolicy {
  /** Most times one request is sent again after a 429. @default 3 */
  readonly maxRetries: number;
  /** Longest single wait honoured; a longer `Retry-After` is not waited out and the 429 is the answer. @default 10000 */
  readonly maxWaitMs: number;
  /** Wait when the 429 has no usable `Retry-After`. @default 1000 */
  readonly fallbackWaitMs: number;
}

/** The policy every client uses unless told otherwise. */
export const defaultThrottlePolicy: ThrottlePolicy = { maxRetries: 3, maxWaitMs: 10_000, fallbackWaitMs: 1000 };

/** What the client does after one 429. */
export interface ThrottleDecision {
  /** Wait this long, then send again; undefined: give the 429 back as the answer. */
  readonly waitMs: number | undefined;
  /** The `Retry-After` header as sent, when present. */
  readonly retryAfter: string | undefined;
}

/** Decides on a 429: honour `Retry-After` (seconds or an HTTP date) within the policy, else the fallback wait. */
export function decideOnThrottle(
  headers: Readonly<Record<string, string>>,
  retriesSoFar: number,
  policy: ThrottlePolicy = defaultThrottlePolicy,
  now: Date = new Date(),
): ThrottleDecision {
  const retryAfter = headers['retry-after'];
  if (retriesSoFar >= policy.maxRetries) {
    return { waitMs: undefined, retryAfter };
  }
  const asked = parseRetryAfter(retryAfter, now);
  const waitMs = asked ?? policy.fallbackWaitMs;
  return { waitMs: waitMs > policy.maxWaitMs ? undefined : waitMs, retryAfter };
}

/** One 429 the client received. */
export interface ThrottleEvent {
  readonly method: string;
  /** Redacted URL. */
  readonly url: string;
  /** `Retry-After` as sent; absent when the registry sent none. */
  readonly retryAfter?: string;
  /** The spec error codes of the body (`TOOMANYREQUESTS`); empty for a non-JSON or empty body. */
  readonly codes: readonly string[];
  /** The body was not a JSON error body (plain text "Too Many Requests (HAP429)", HTML from a CDN). */
  readonly nonJsonBody: boolean;
  /** Time waited before sending again, ms; 0 when the 429 was the answer. */
  readonly waitedMs: number;
  readonly retried: boolean;
}

/** Most throttle events kept with their details (the counters cover all of them). */
const keptEvents = 200;
/** Most distinct Warning texts kept. */
const keptWarnings = 50;
/** The spec caps a Warning's text at 4096 bytes in total; longer is cut. */
const warningTextLimit = 4096;

/** The texts of a `Warning` header: `299 - "text"` (several may be comma-joined); a malformed one is kept whole. */
export function parseWarningTexts(value: string): string[] {
  const texts = [...value.matchAll(/\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g)].map((match) => (match[1] ?? '').replace(/\\(.)/g, '$1'));
  return (texts.length > 0 ? texts : [value.trim()]).filter((text) => text !== '').map((text) => text.slice(0, warningTextLimit));
}

/** Whether a 429 body is a spec error body and which codes it carries. */
export function throttleBodyOf(body: Uint8Array): { codes: string[]; nonJsonBody: boolean } {
  const codes = errorEntriesOfText(Buffer.from(body).toString('utf8')).map((entry) => entry.code);
  return { codes, nonJsonBody: codes.length === 0 };
}

/**
 * What a target's traffic showed beyond each answer: the 429s (how many, how long the client waited them out) and the
 * `Warning` headers, which the spec says clients report and take no action on. Shared by a client and its views.
 */
export class TrafficObservations {
  private readonly events: ThrottleEvent[] = [];
  private readonly warningCounts = new Map<string, number>();
  throttled = 0;
  retried = 0;
  waitedMs = 0;
  withoutRetryAfter = 0;
  nonJsonBodies = 0;
  /** 429s whose body names no `TOOMANYREQUESTS` error (a non-JSON body included). */
  withoutTooManyRequests = 0;

  /** Counts one 429. */
  recordThrottle(event: ThrottleEvent): void {
    this.throttled += 1;
    this.retried += event.retried ? 1 : 0;
    this.waitedMs += event.waitedMs;
    this.withoutRetryAfter += event.retryAfter === undefined ? 1 : 0;
    this.nonJsonBodies += event.nonJsonBody && event.method !== 'HEAD' ? 1 : 0;
    // A HEAD answer has no body, so only the other methods' 429s say anything about the body.
    this.withoutTooManyRequests += event.method === 'HEAD' || event.codes.includes('TOOMANYREQUESTS') ? 0 : 1;
    if (this.events.length < keptEvents) {
      this.events.push(event);
    }
  }

  /** Counts the texts of one `Warning` header. */
  recordWarning(value: string): void {
    for (const text of parseWarningTexts(value)) {
      const seen = this.warningCounts.get(text);
      if (seen !== undefined || this.warningCounts.size < keptWarnings) {
        this.warningCounts.set(text, (seen ?? 0) + 1);
      }
    }
  }

  /** The first 429s in detail. */
  throttleEvents(): readonly ThrottleEvent[] {
    return [...this.events];
  }

  /** Distinct Warning texts with how often each came. */
  warnings(): { text: string; count: number }[] {
    return [...this.warningCounts].map(([text, count]) => ({ text, count }));
  }

  /** The result model's view. */
  summary(): TargetTraffic {
    return {
      throttled: this.throttled,
      throttleRetries: this.retried,
      throttleWaitMs: this.waitedMs,
      throttledWithoutRetryAfter: this.withoutRetryAfter,
      throttledNonJson: this.nonJsonBodies,
      warnings: this.warnings(),
    };
  }
}
