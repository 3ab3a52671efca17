import type { RegistryClient } from '../client/types.js';
import { NetworkError, TimeoutError } from '../errors/index.js';

/** Tries of one probe step before its capabilities are called *unknown* (issue 12 item 4: a blip is not a verdict). */
export const probeAttempts = 3;

/** Waits between tries, growing; a `Retry-After` within {@link maxRetryAfterMs} replaces the wait. */
const backoffMs: readonly number[] = [250, 1000];

/** Longest `Retry-After` honoured: beyond it the probe waits its own back-off (bounded, DESIGN). */
const maxRetryAfterMs = 5000;

/**
 * A probe request answered in a way that says nothing about the capability: a 5xx other than 501, or 429 (the
 * registry or something before it was busy or broken right then).
 */
export class ProbeBlip extends Error {
  /** The registry's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, retryAfterMs: number | undefined) {
    super(message);
    this.name = 'ProbeBlip';
    this.retryAfterMs = retryAfterMs;
  }
}

/** True for statuses that are a passing failure of the server, not an answer about the feature. 501 is an answer. */
export function isBlipStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/** `Retry-After` as ms (seconds form only; an HTTP date is rare from registries and read as absent). */
function retryAfterOf(headers: Readonly<Record<string, string>> | undefined): number | undefined {
  const value = headers?.['retry-after']?.trim();
  if (value === undefined || !/^\d+$/.test(value)) {
    return undefined;
  }
  return Number(value) * 1000;
}

/** Throws a {@link ProbeBlip} when `result` is a response (or a blob push whose last response is) with a blip status. */
function throwOnBlip(method: string, result: unknown): void {
  const candidate = result as { status?: unknown; final?: { status?: unknown }; headers?: Record<string, string>; url?: unknown };
  const response = typeof candidate.final?.status === 'number' ? (candidate.final as typeof candidate) : candidate;
  if (typeof response.status === 'number' && isBlipStatus(response.status)) {
    throw new ProbeBlip(`${method} answered ${response.status}`, retryAfterOf(response.headers));
  }
}

/**
 * The probe's view of the client: every call that answers 5xx (not 501) or 429 throws a {@link ProbeBlip} instead,
 * so a step can be retried rather than read as "unsupported".
 */
export function blipThrowingClient(client: RegistryClient): RegistryClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'withRecorder' || property === 'close') {
        return value;
      }
      return (...args: unknown[]): unknown => {
        const result: unknown = Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
        if (!(result instanceof Promise)) {
          return result;
        }
        return result.then((settled: unknown) => {
          throwOnBlip(String(property), settled);
          return settled;
        });
      };
    },
  });
}

/** True for what a retry may fix: a blip, a transport failure, a timeout. */
export function isTransient(error: unknown): boolean {
  return error instanceof ProbeBlip || error instanceof NetworkError || error instanceof TimeoutError;
}

/** Sleeps `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** How a step ended after its tries. */
export type StepOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Runs `step` up to {@link probeAttempts} times while it fails with something transient, waiting a growing back-off
 * (or the registry's `Retry-After`, bounded) in between. `step` gets the try number (0-based) and must start afresh
 * each time. Never throws: a failure that persists, or one no retry can fix, comes back as its reason.
 */
export async function retryStep(step: (attempt: number) => Promise<void>, signal: AbortSignal): Promise<StepOutcome> {
  let lastReason = 'not tried';
  for (let attempt = 0; attempt < probeAttempts; attempt += 1) {
    if (signal.aborted) {
      return { ok: false, reason: 'interrupted during the capability probe' };
    }
    try {
      await step(attempt);
      return { ok: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!isTransient(error)) {
        return { ok: false, reason: message };
      }
      lastReason = message;
      const wait = backoffMs[attempt];
      if (wait === undefined) {
        break;
      }
      const retryAfter = error instanceof ProbeBlip ? error.retryAfterMs : undefined;
      await pause(retryAfter !== undefined && retryAfter <= maxRetryAfterMs ? Math.max(wait, retryAfter) : wait, signal);
    }
  }
  return { ok: false, reason: `${lastReason} (still failing after ${probeAttempts} tries)` };
}
