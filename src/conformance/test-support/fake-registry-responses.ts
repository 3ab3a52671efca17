import type { FakeResponse } from './fake-registry-types.js';

/** An error response with the spec's JSON body `{"errors":[{"code","message","detail"}]}`. */
export function errorResponse(status: number, code: string, message: string, detail: unknown = {}): FakeResponse {
  return jsonResponse(status, { errors: [{ code, message, detail }] });
}

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** A response with no body (`Content-Length: 0`). */
export function emptyResponse(status: number, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-length': '0', ...headers }, body: Buffer.alloc(0) };
}
