/**
 * The shape of error bodies (distribution-spec §2): a 4xx MAY carry any body, but a JSON body MUST be
 * `{"errors":[{"code","message","detail"}]}` with `code` made of uppercase letters and `_`. Known codes are code-1 …
 * code-14 plus the legacy and Docker V2 ones; an unknown code is only a warning (Docker says: treat it as UNKNOWN).
 */
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { errorCodesOf, excerpt, expectErrorCode, expectThat, fail, type Rule } from '../../src/conformance/expect.js';

/** OCI error codes, code-1 … code-14. */
export const ociErrorCodes: readonly string[] = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'TOOMANYREQUESTS',
];

/** Legacy OCI and Docker V2 codes a registry may still send. */
export const legacyErrorCodes: readonly string[] = [
  'TAG_INVALID',
  'MANIFEST_UNVERIFIED',
  'PAGINATION_NUMBER_INVALID',
  'RANGE_INVALID',
  'UNKNOWN',
];

/** Every code regatta recognises. */
export const knownErrorCodes: readonly string[] = [...ociErrorCodes, ...legacyErrorCodes];

/** `code` grammar: uppercase letters and underscores. */
const codePattern = /^[A-Z_]+$/;

/** True when the body looks like JSON (by Content-Type or by parsing). */
function isJsonBody(response: RegistryResponse): boolean {
  return response.body.length > 0 && response.json() !== undefined;
}

/**
 * When the body is JSON, it MUST have the spec's error shape; a non-JSON body is allowed and noted. Returns the
 * codes found.
 */
export function expectErrorBodyShape(ctx: CheckContext, response: RegistryResponse, rule: Rule): string[] {
  if (!isJsonBody(response)) {
    ctx.note(`non-JSON error body (allowed for a 4xx): ${excerpt(response, 80)}`);
    return [];
  }
  const body = response.json();
  const errors = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)['errors'] : undefined;
  if (!Array.isArray(errors)) {
    fail(rule, 'a JSON error body with an "errors" array', excerpt(response), response);
  }
  for (const [index, entry] of (errors as unknown[]).entries()) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      fail(rule, `errors[${index}] to be an object`, excerpt(response), response);
    }
    const fields = entry as Record<string, unknown>;
    const code = fields['code'];
    if (typeof code !== 'string' || !codePattern.test(code)) {
      fail(rule, `errors[${index}].code made of uppercase letters and "_"`, `code ${JSON.stringify(code)}`, response);
    }
    if (fields['message'] !== undefined && typeof fields['message'] !== 'string') {
      fail(rule, `errors[${index}].message to be a string when present`, JSON.stringify(fields['message']), response);
    }
  }
  return errorCodesOf(response);
}

/**
 * Full error-body check of one provoked 4xx: status (MUST: a 4xx; the precise status at `statusLevel`), the shape of
 * a JSON body (MUST), known codes (SHOULD) and the expected code (SHOULD).
 */
export function expectErrorResponse(
  ctx: CheckContext,
  response: RegistryResponse,
  expected: {
    readonly statuses: readonly number[];
    readonly codes: readonly string[];
    readonly spec: readonly string[];
    readonly rule: string;
    readonly statusLevel?: 'MUST' | 'SHOULD';
  },
): void {
  const rule: Rule = { rule: expected.rule, spec: expected.spec };
  expectThat(response.status >= 400 && response.status < 500, rule, 'a 4xx status', `status ${response.status}`, response);
  const codes = expectErrorBodyShape(ctx, response, { rule: `${expected.rule}: a JSON error body has the spec shape`, spec: ['code-1'] });
  if (!expected.statuses.includes(response.status)) {
    fail(
      { ...rule, level: expected.statusLevel ?? 'SHOULD' },
      `status ${expected.statuses.join(' or ')}`,
      `status ${response.status}`,
      response,
    );
  }
  const unknown = codes.filter((code) => !knownErrorCodes.includes(code));
  if (unknown.length > 0) {
    fail({ rule: `${expected.rule}: error codes are known codes`, spec: ['code-1'], level: 'SHOULD' }, 'codes from code-1 … code-14', unknown.join(', '), response);
  }
  if (codes.length > 0) {
    expectErrorCode(response, expected.codes, { ...rule, level: 'SHOULD' });
  }
}
