/**
 * Why one load operation failed, as an error class for `ScenarioResult.errorClasses`. Internal to the engine: it never
 * reaches the user as an error, only as a count, so it is not a HarnessError. Classes reuse the harness error codes
 * where one fits (`OCI_NETWORK`, `OCI_TIMEOUT`) so load and conformance reports read the same.
 */
export class LoadFailure extends Error {
  readonly errorClass: string;
  /** The registry's HTTP status, when the failure is an unexpected answer. */
  readonly status?: number;
  /** The first error code of the registry's error body (`MANIFEST_INVALID`), when it sent one. */
  readonly registryCode?: string;

  constructor(errorClass: string, message: string, options: { cause?: unknown; status?: number; registryCode?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LoadFailure';
    this.errorClass = errorClass;
    if (options.status !== undefined) {
      this.status = options.status;
    }
    if (options.registryCode !== undefined) {
      this.registryCode = options.registryCode;
    }
  }
}

/** undici error codes that mean a timeout fired. */
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** The error class of anything a load operation threw. */
export function classifyError(error: unknown): string {
  if (error instanceof LoadFailure) {
    return error.errorClass;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof code === 'string' && timeoutCodes.has(code)) {
    return 'OCI_TIMEOUT';
  }
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return 'aborted';
  }
  if (typeof code === 'string' && (code.startsWith('UND_ERR') || code.startsWith('E'))) {
    return 'OCI_NETWORK';
  }
  return 'internal';
}

/** The class of an unexpected status: `http-4xx` / `http-5xx` keep the table short; exact codes are counted apart. */
export function statusClass(status: number): string {
  return `http-${Math.floor(status / 100)}xx`;
}

/**
 * One line saying why a load operation failed, for a reason field: a LoadFailure's own message (it carries the
 * registry's status and error code), else the transport error's code and message.
 */
export function describeLoadError(error: unknown): string {
  if (error instanceof LoadFailure) {
    return error.message;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
