/**
 * Reading paginated listings (tags list end-8, `_catalog`): body parsing, RFC 8288 `Link: <…>; rel="next"` parsing,
 * sort-order predicates and a page walker bounded in pages and time.
 */
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { excerpt, fail, type Rule } from '../../src/conformance/expect.js';
import { NetworkError } from '../../src/errors/index.js';

/** Reads a string array field of a JSON object body; undefined when the body or field has another shape. */
export function stringListOf(response: RegistryResponse, field: string): string[] | undefined {
  const body = response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return undefined;
  }
  const value = (body as Record<string, unknown>)[field];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    return undefined;
  }
  return value;
}

/**
 * The list field of a listing body, failing with `rule` when the shape is wrong. `null` (Go's nil slice) is read as an
 * empty list: the spec allows an empty list and only its JSON spelling differs.
 */
export function expectStringList(response: RegistryResponse, field: string, rule: Rule): string[] {
  const body = response.json();
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const value = (body as Record<string, unknown>)[field];
    if (value === null) {
      return [];
    }
  }
  const list = stringListOf(response, field);
  if (list === undefined) {
    fail(rule, `a JSON object with a "${field}" array of strings`, excerpt(response), response);
  }
  return list;
}

/** The `rel="next"` target of a `Link` header (RFC 8288), resolved against the request URL; undefined when absent. */
export function nextLinkOf(response: RegistryResponse): string | undefined {
  const header = response.headers['link'];
  if (header === undefined) {
    return undefined;
  }
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match === null) {
      continue;
    }
    const params = match[2] ?? '';
    if (/;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(params)) {
      return new URL(match[1] ?? '', response.url).toString();
    }
  }
  return undefined;
}

/** ASCII (Go `sort.Strings`) order, non-strict. */
export function isAsciiSorted(items: readonly string[]): boolean {
  return items.every((item, index) => index === 0 || (items[index - 1] ?? '') <= item);
}

/** Case-insensitive lexical order, non-strict. */
export function isCaseInsensitiveSorted(items: readonly string[]): boolean {
  return items.every((item, index) => index === 0 || (items[index - 1] ?? '').toLowerCase() <= item.toLowerCase());
}

/** Lexical order as the spec allows it: case-insensitive (v1.1.1) or ASCII (main, PR #583). */
export function isLexicallySorted(items: readonly string[]): boolean {
  return isAsciiSorted(items) || isCaseInsensitiveSorted(items);
}

/** Bounds of a pagination walk. */
export interface WalkLimits {
  /** @default 50 */
  readonly maxPages?: number;
  /** @default 30000 */
  readonly maxMs?: number;
}

/** Result of walking pages: every item in order and every response. */
export interface WalkResult {
  readonly items: string[];
  readonly pages: RegistryResponse[];
  /** True when the walk ended because a page had no next link; false when a bound stopped it. */
  readonly complete: boolean;
}

/**
 * Follows `Link rel="next"` from `first` until a page has none, bounded in pages and time. Each page must be 200 with
 * the list `field`, else the walk fails with `rule`. When `fallbackNext` is given and a full page has no Link, the
 * next URL is built from it (the `last` parameter the spec lets clients use instead of Link).
 */
export async function walkPages(
  ctx: CheckContext,
  first: RegistryResponse,
  field: string,
  rule: Rule,
  limits: WalkLimits = {},
  fallbackNext?: (page: readonly string[]) => string | undefined,
): Promise<WalkResult> {
  const maxPages = limits.maxPages ?? 50;
  const deadline = Date.now() + (limits.maxMs ?? 30_000);
  const items: string[] = [];
  const pages: RegistryResponse[] = [];
  let response = first;
  for (let page = 0; page < maxPages && Date.now() < deadline; page += 1) {
    if (response.status !== 200) {
      fail(rule, 'status 200 on every page', `status ${response.status} on page ${page + 1}`, response);
    }
    pages.push(response);
    const list = expectStringList(response, field, rule);
    items.push(...list);
    const next = nextLinkOf(response) ?? (list.length > 0 ? fallbackNext?.(list) : undefined);
    if (next === undefined) {
      return { items, pages, complete: true };
    }
    response = await ctx.client.request('GET', next, { signal: ctx.signal });
  }
  return { items, pages, complete: false };
}

/** Items that occur more than once. */
export function duplicatesOf(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) {
      repeated.add(item);
    }
    seen.add(item);
  }
  return [...repeated];
}

/**
 * Sends a request with unusual input (`n=0`, `n=abc`, …). When the connection drops without an HTTP response but the
 * registry still answers `GET /v2/` right after, the registry failed this request (a crash in its handler, e.g. a Go
 * panic): that is a miss of `rule`, not a network problem. Otherwise the NetworkError stays (errored).
 */
export async function requestOrFail(ctx: CheckContext, path: string, rule: Rule): Promise<RegistryResponse> {
  try {
    return await ctx.client.request('GET', path, { signal: ctx.signal });
  } catch (error) {
    if (!(error instanceof NetworkError)) {
      throw error;
    }
    const ping = await ctx.client.ping({ signal: ctx.signal });
    if (ping.status >= 500) {
      throw error;
    }
    const request = { method: 'GET', url: new URL(path, ctx.target.url).href };
    return fail(rule, 'an HTTP response', `the connection closed without a response (${error.message}); GET /v2/ still answers ${ping.status}`, request);
  }
}
