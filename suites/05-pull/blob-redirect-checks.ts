/**
 * Blob redirects (end-2; main "HTTP semantics"): a registry MAY answer a blob GET with a redirect (307 to object
 * storage or a CDN, 302 on Quay). Clients follow it and MUST NOT forward `Authorization` to another host, and the
 * statuses the spec documents are those after the redirects; so a redirected GET must end in 200 with the exact bytes
 * for a client that sends the storage host no credentials, and HEAD on the same blob must be answered 200 (S3 answers
 * 403 to a HEAD on a URL signed for GET). Both are MUST: a registry that breaks them breaks end-2 for every conforming
 * client. A registry that serves blobs itself has nothing to check here: the checks are skipped saying so.
 */
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectHeader, expectStatus, expectThat, type Rule } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import { digestOf } from '../../src/oci/digest.js';
import { seedBlob, testBlob, type TestBlob } from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

/** Statuses a registry redirects a blob GET with. */
const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The capability id named when a registry does not redirect. */
export const blobRedirectCapability = 'blob-redirect';

/** Pushes a blob and GETs it without following redirects: the registry's own answer, and where it points. */
async function redirectedBlob(ctx: CheckContext, rule: Rule): Promise<{ repo: string; blob: TestBlob; answer: RegistryResponse; location: string }> {
  const repo = ctx.repo();
  const blob = testBlob(ctx, 4000);
  await seedBlob(ctx, repo, blob, { ...rule, rule: `${rule.rule} (pushing the blob)` });
  const answer = await ctx.client.getBlob(repo, blob.digest, { followRedirects: false, signal: ctx.signal });
  if (!redirectStatuses.has(answer.status)) {
    throw new UnsupportedApiError(`the registry served the blob itself (status ${answer.status}): there is no redirect to check`, blobRedirectCapability);
  }
  const location = ctx.client.resolveLocation(expectHeader(answer, 'Location', rule), answer.url);
  return { repo, blob, answer, location };
}

/** Host of a URL, for messages (never the query: a signed URL's signature stays out). */
function hostOf(url: string): string {
  return new URL(url).host;
}

export const blobRedirectChecks: readonly CheckDefinition[] = [
  {
    id: 'blob-redirect-without-credentials',
    title: 'A redirected blob GET is served by the storage host without credentials',
    level: 'SHOULD',
    strict: "the spec lets registries redirect and forbids clients to forward Authorization across hosts; that the storage host then serves the blob without credentials is implied, not stated",
    spec: ['end-2'],
    api: 'blob-get',
    async run(ctx) {
      const rule = ctx.rule;
      const { blob, location } = await redirectedBlob(ctx, rule);
      // The client sends credentials only to the target's own origin, so another host gets none, as the spec requires.
      const served = await ctx.client.request('GET', location, { signal: ctx.signal });
      expectStatus(served, [200], {
        ...rule,
        rule: `${rule.rule} (the redirect to ${hostOf(location)} was followed without Authorization, as clients MUST)`,
      });
      const got = digestOf(served.body);
      expectThat(got === blob.digest, rule, `the blob's ${blob.content.length} bytes (${blob.digest})`, `${served.body.length} bytes (${got})`, served);
    },
  },
  {
    id: 'blob-redirect-head',
    title: 'HEAD on a blob whose GET redirects is answered 200',
    level: 'MUST',
    statement: statements.headExisting,
    spec: ['end-2'],
    api: 'blob-head',
    async run(ctx) {
      const rule = ctx.rule;
      const { repo, blob } = await redirectedBlob(ctx, rule);
      const response = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
      const via = response.redirects.length === 0 ? 'answered by the registry' : `redirected to ${hostOf(response.url)}`;
      expectStatus(response, [200], { ...rule, rule: `${rule.rule} (${via})` });
    },
  },
];
