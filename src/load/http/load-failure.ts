/**
 * Why one load operation failed, as an error class for `ScenarioResult.errorClasses`. Internal to the engine: it never
 * reaches the user as an error, only as a count, so it is not a HarnessError. Classes reuse the harness error codes
 * where one fits (`OCI_NETWORK`, `OCI_TIMEOUT`) so load and conformance reports read the same.
 */
export class LoadFailure extends Error {
  readonly errorClass: string;

  constructor(errorClass: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoadFailure';
    this.errorClass = errorClass;
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
