import { readFile } from 'node:fs/promises';
import { Agent, fetch } from 'undici';
import { TimeoutError } from '../errors/index.js';
import type { LabTargetTls } from './lab-target.js';

/** Options of {@link waitForRegistryReady}. */
export interface WaitReadyOptions {
  /** @default 30000 */
  readonly timeoutMs?: number;
  /** @default 100 */
  readonly intervalMs?: number;
  /** Returns why the process is gone, if it is: stops the wait at once. */
  readonly exited?: () => string | undefined;
  readonly signal?: AbortSignal;
  /** For an https registry: the CA to trust, and the client certificate an mTLS registry requires. */
  readonly tls?: LabTargetTls;
}

/** What ended the wait early. */
export class RegistryExitedError extends Error {
  readonly exitStatus: string;

  constructor(exitStatus: string) {
    super(`registry exited (${exitStatus})`);
    this.exitStatus = exitStatus;
  }
}

/** A connection pool trusting only the lab CA (and presenting the client certificate), for an https lab registry. */
async function labTlsAgent(tls: LabTargetTls): Promise<Agent> {
  const [ca, cert, key] = await Promise.all([
    readFile(tls.caFile, 'utf8'),
    tls.certFile === undefined ? undefined : readFile(tls.certFile, 'utf8'),
    tls.keyFile === undefined ? undefined : readFile(tls.keyFile, 'utf8'),
  ]);
  return new Agent({ connect: { ca, ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) } });
}

/** fetch says only "fetch failed"; the cause has the useful part (a refused connection, a rejected certificate). */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`;
  }
  return message;
}

/**
 * Polls `GET <url>/v2/` until the registry answers 200 or 401 (a registry behind auth is up too). Bounded by
 * `timeoutMs` and by an attempt count; each request has its own 1 s timeout. An https registry is checked with the
 * lab CA, so a bad certificate shows in the timeout message rather than passing unnoticed.
 */
export async function waitForRegistryReady(url: string, options: WaitReadyOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / intervalMs) + 1;
  let last = 'no answer yet';
  const dispatcher = options.tls === undefined ? undefined : await labTlsAgent(options.tls);
  try {
    for (let attempt = 0; attempt < maxAttempts && Date.now() < deadline; attempt += 1) {
      options.signal?.throwIfAborted();
      const exitStatus = options.exited?.();
      if (exitStatus !== undefined) {
        throw new RegistryExitedError(exitStatus);
      }
      try {
        const response = await fetch(`${url}/v2/`, {
          signal: AbortSignal.timeout(1000),
          ...(dispatcher === undefined ? {} : { dispatcher }),
        });
        await response.body?.cancel();
        if (response.status === 200 || response.status === 401) {
          return;
        }
        last = `GET /v2/ answered ${response.status}`;
      } catch (error) {
        last = describeFailure(error);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    await dispatcher?.close();
  }
  throw new TimeoutError(`${url}/v2/ did not answer within ${timeoutMs} ms (last: ${last})`, timeoutMs);
}
