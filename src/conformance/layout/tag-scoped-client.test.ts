import { describe, expect, it } from 'vitest';
import type { RegistryClient, RegistryResponse } from '../../client/types.js';
import { LayoutLimitError } from '../../errors/index.js';
import { scopedTag, tagScopedClient } from './tag-scoped-client.js';

/** A response carrying `json` and `headers`. */
function response(status: number, json: unknown, headers: Record<string, string> = {}): RegistryResponse {
  const text = JSON.stringify(json);
  return { method: 'GET', status, headers, body: new TextEncoder().encode(text), bodyTruncated: false, url: 'http://r.test/v2/x', redirects: [], json: () => json, text: () => text };
}

/** A base client answering raw requests from `answer`, recording the paths asked for. */
function baseClient(answer: (path: string) => RegistryResponse): { client: RegistryClient; asked: string[] } {
  const asked: string[] = [];
  const request = (_method: string, path: string): Promise<RegistryResponse> => {
    asked.push(path);
    return Promise.resolve(answer(path));
  };
  const client = {
    request,
    listTags: (repo: string, params: { n?: number; last?: string } = {}) =>
      request('GET', `/v2/${repo}/tags/list?${new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)])).toString()}`),
    withRecorder: () => client,
  } as unknown as RegistryClient;
  return { client, asked };
}

const shared = new Set(['team/one']);

describe('scopedTag', () => {
  it('prefixes valid tags once and leaves digests and invalid tags alone', () => {
    expect(scopedTag('p1', 'v1')).toBe('p1-v1');
    expect(scopedTag('p1', 'p1-v1')).toBe('p1-v1');
    expect(scopedTag('p1', 'sha256:abc')).toBe('sha256:abc');
    expect(scopedTag('p1', '.hidden')).toBe('.hidden');
    expect(scopedTag('p1', `t${'a'.repeat(125)}`)).toBe(`t${'a'.repeat(125)}`);
  });
});

describe('tagScopedClient', () => {
  it("reads a shared repository's tag list from just before the check's tags and shows only them, plainly named", async () => {
    const { client, asked } = baseClient(() =>
      response(200, { name: 'team/one', tags: ['p1-a', 'p1-b', 'zzz-other'] }, { link: '</v2/team/one/tags/list?n=3&last=zzz-other>; rel="next"' }),
    );
    const listed = await tagScopedClient(client, 'p1', shared).request('GET', '/v2/team/one/tags/list?n=3');
    expect(asked).toEqual(['/v2/team/one/tags/list?n=3&last=p1']);
    expect(listed.json()).toEqual({ name: 'team/one', tags: ['a', 'b'] });
    // The page ended past the check's tags: its listing is complete, the Link to other tags is dropped.
    expect(listed.headers['link']).toBeUndefined();
  });

  it('sends an opaque page token (not a tag) back exactly as the registry gave it', async () => {
    let page = 0;
    const { client, asked } = baseClient(() => {
      page += 1;
      return page === 1
        ? response(200, { tags: ['p1-a'] }, { link: '</v2/team/one/tags/list?n=1&last=OPAQUE123>; rel="next"' })
        : response(200, { tags: ['p1-b'] });
    });
    const scoped = tagScopedClient(client, 'p1', shared);
    await scoped.listTags('team/one', { n: 1 });
    await scoped.request('GET', 'http://r.test/v2/team/one/tags/list?n=1&last=OPAQUE123');
    expect(asked[1]).toBe('http://r.test/v2/team/one/tags/list?n=1&last=OPAQUE123');
  });

  it('leaves the tag list of any other repository (an unknown one) untouched', async () => {
    const { client, asked } = baseClient(() => response(404, { errors: [{ code: 'NAME_UNKNOWN' }] }));
    const listed = await tagScopedClient(client, 'p1', shared).request('GET', '/v2/team/absent/tags/list');
    expect(asked).toEqual(['/v2/team/absent/tags/list']);
    expect(listed.status).toBe(404);
  });

  it('skips the check (LayoutLimitError) when the registry refuses the read from just before its tags', async () => {
    const { client } = baseClient(() => response(404, { errors: [{ code: 'NAME_UNKNOWN' }] }));
    await expect(tagScopedClient(client, 'p1', shared).request('GET', '/v2/team/one/tags/list?n=2')).rejects.toBeInstanceOf(LayoutLimitError);
  });

  it('prefixes manifest references and ?tag= in raw requests, and leaves a digest path byte for byte', async () => {
    const { client, asked } = baseClient(() => response(201, {}, { 'oci-tag': 'p1-x, p1-y' }));
    const scoped = tagScopedClient(client, 'p1', shared);
    const put = await scoped.request('PUT', '/v2/team/one/manifests/sha256:abc?tag=x&tag=y');
    await scoped.request('GET', '/v2/team/one/manifests/v1');
    expect(asked).toEqual(['/v2/team/one/manifests/sha256:abc?tag=p1-x&tag=p1-y', '/v2/team/one/manifests/p1-v1']);
    expect(put.headers['oci-tag']).toBe('x, y');
  });
});
