/**
 * Manifest push, the variants: OCI index (children first), Docker schema2 and manifest list (§4), artifacts with an
 * empty config, a manifest over the size limit (SHOULD be 413) and the multi-tag push by digest (end-7b: MAY support
 * `?tag=`, MUST echo `OCI-Tag`, SHOULD take 10 or more). That registries SHOULD accept a 4 MB manifest is the
 * content suite's `sha256-large-manifest` tree: pushed by digest and by tag, HEAD and GET by both, read back byte
 * for byte; a push of its own here repeated that rule, and 4 MB PUTs and GETs cost a registry more than any other
 * request of a run (distribution v3 parses the whole manifest on each).
 */
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectHeader, expectStatus, expectThat, fail, type Rule } from '../../src/conformance/expect.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import { MediaType } from '../../src/oci/media-types.js';
import {
  buildManifest,
  imageManifest,
  indexManifest,
  prepareImage,
  pushImage,
  putManifest,
  pushTestBlob,
  type BuiltManifest,
} from '../common/manifest-helpers.js';
import { expectStoredBytes } from './manifest-push-checks.js';
import { statements } from '../common/statements.js';

/** A rule of this file. */
function rule(text: string, spec: readonly string[] = ['end-7']): Rule {
  return { rule: text, spec };
}

/** An OCI image manifest padded with an annotation to exactly `size` bytes (cheap: one config, no layers). */
async function paddedManifest(ctx: CheckContext, repo: string, size: number): Promise<BuiltManifest> {
  const base = await prepareImage(ctx, repo, 'big', { layers: 0, annotations: { 'org.regatta.padding': '' } });
  const json = JSON.parse(new TextDecoder().decode(base.bytes)) as Record<string, unknown>;
  const padding = 'x'.repeat(Math.max(0, size - base.bytes.length));
  return buildManifest({ ...json, annotations: { 'org.regatta.padding': padding } }, MediaType.ociManifest);
}

/** Tags `count` tags to one manifest by digest with `?tag=`; returns the response and the tags. */
async function pushWithTags(ctx: CheckContext, count: number): Promise<{ response: Awaited<ReturnType<typeof putManifest>>; repo: string; tags: string[] }> {
  const repo = ctx.repo();
  const manifest = await prepareImage(ctx, repo);
  const tags = Array.from({ length: count }, (_, index) => `multi-${index}`);
  const response = await putManifest(ctx, repo, manifest.digest, manifest, { tags });
  for (const tag of tags) {
    ctx.cleanup.tag(repo, tag, response.headers['docker-content-digest']);
  }
  return { response, repo, tags };
}

/** Every tag in `tags` resolves (HEAD 200) in `repo`; fails with `text` otherwise. */
async function expectTagsResolve(ctx: CheckContext, repo: string, tags: readonly string[], text: string, spec: readonly string[]): Promise<void> {
  for (const tag of tags) {
    const head = await ctx.client.headManifest(repo, tag, { signal: ctx.signal });
    expectStatus(head, [200], { rule: `${text} (tag ${tag})`, spec });
  }
}

export const manifestVariantChecks: readonly CheckDefinition[] = [
  {
    id: 'index-push-and-pull',
    title: 'An OCI image index over pushed children is accepted and served byte for byte',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-7', 'end-3'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const first = await pushImage(ctx, repo, '@digest', 'amd64');
      const second = await pushImage(ctx, repo, '@digest', 'arm64');
      const index = indexManifest([first.descriptor, second.descriptor]);
      const response = await putManifest(ctx, repo, 'multi', index);
      expectStatus(response, [201], rule('An OCI image index over pushed children is accepted'));
      await expectStoredBytes(ctx, repo, 'multi', index, 'An OCI image index is served byte for byte');
    },
  },
  {
    id: 'docker-schema2-push-and-pull',
    title: 'A Docker schema2 manifest is accepted and served byte for byte with its media type',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-7', 'end-3'],
    api: 'manifest-put',
    requires: ['docker-media-types'],
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await pushImage(ctx, repo, 'docker', '', { kind: 'docker' });
      await expectStoredBytes(ctx, repo, 'docker', manifest, 'A Docker schema2 manifest is served byte for byte');
      const head = await ctx.client.headManifest(repo, 'docker', { signal: ctx.signal, headers: { accept: MediaType.dockerManifest } });
      const type = head.headers['content-type']?.split(';')[0]?.trim();
      expectThat(type === MediaType.dockerManifest, { ...rule('A Docker schema2 manifest keeps its media type', ['end-3']), level: 'SHOULD' }, MediaType.dockerManifest, type ?? 'none', head);
    },
  },
  {
    id: 'docker-manifest-list-push-and-pull',
    title: 'A Docker manifest list over schema2 children is accepted and served byte for byte',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-7', 'end-3'],
    api: 'manifest-put',
    requires: ['docker-media-types'],
    async run(ctx) {
      const repo = ctx.repo();
      const first = await pushImage(ctx, repo, '@digest', 'amd64', { kind: 'docker' });
      const second = await pushImage(ctx, repo, '@digest', 'arm64', { kind: 'docker' });
      const list = indexManifest([first.descriptor, second.descriptor], { kind: 'docker' });
      const response = await putManifest(ctx, repo, 'list', list);
      expectStatus(response, [201], rule('A Docker manifest list over schema2 children is accepted'));
      await expectStoredBytes(ctx, repo, list.digest, list, 'A Docker manifest list is served byte for byte');
    },
  },
  {
    id: 'artifact-empty-config',
    title: 'An artifact manifest with artifactType and the empty config descriptor is accepted',
    level: 'SHOULD',
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const empty = await pushTestBlob(ctx, repo, new TextEncoder().encode('{}'), MediaType.ociEmpty);
      const layer = await pushTestBlob(ctx, repo, new TextEncoder().encode(`artifact ${ctx.seed}`), 'application/vnd.regatta.payload');
      const manifest = imageManifest(empty, [layer], { artifactType: 'application/vnd.regatta.artifact' });
      const response = await putManifest(ctx, repo, 'artifact', manifest);
      expectStatus(response, [201], rule('An artifact manifest with artifactType and the empty config is accepted'));
    },
  },
  {
    id: 'oversize-manifest-413',
    title: 'A manifest over the registry limit is rejected with 413',
    level: 'SHOULD',
    spec: ['end-7'],
    api: 'manifest-put',
    timeoutMs: 60_000,
    async run(ctx) {
      const repo = ctx.repo();
      const manifest = await paddedManifest(ctx, repo, 8 * 1024 * 1024 + 1);
      const response = await putManifest(ctx, repo, 'oversize', manifest);
      if (response.status === 201) {
        throw new UnsupportedApiError('the registry accepts an 8 MiB manifest: no limit to test', 'manifest-size-limit');
      }
      expectStatus(response, [413], rule('A manifest over the registry limit is rejected with 413'));
    },
  },
  {
    id: 'multi-tag-push',
    title: 'A manifest PUT by digest with ?tag= parameters creates every tag',
    level: 'MAY',
    spec: ['end-7b'],
    api: 'manifest-put',
    async run(ctx) {
      const { response, repo, tags } = await pushWithTags(ctx, 3);
      expectStatus(response, [201], ctx.step('A manifest PUT by digest with ?tag= is accepted'));
      await expectTagsResolve(ctx, repo, tags, 'A manifest PUT by digest with ?tag= creates every tag', ['end-7b']);
    },
  },
  {
    id: 'multi-tag-oci-tag-header',
    title: 'A multi-tag push answers an OCI-Tag header naming every accepted tag',
    level: 'SHOULD',
    versions: { main: { level: 'MUST', statement: statements.multiTagOciTag } },
    strict: 'tag query parameters on a push are an addition of the main branch; a registry that accepts them before then is held to main\'s OCI-Tag rule',
    spec: ['end-7b'],
    api: 'manifest-put',
    dependsOn: ['multi-tag-push'],
    async run(ctx) {
      const { response, tags } = await pushWithTags(ctx, 3);
      expectStatus(response, [201], ctx.rule);
      const header = expectHeader(response, 'OCI-Tag', ctx.rule);
      const named = header.split(',').map((tag) => tag.trim());
      const missing = tags.filter((tag) => !named.includes(tag));
      if (missing.length > 0) {
        fail(ctx.rule, `OCI-Tag listing ${tags.join(', ')}`, `OCI-Tag: ${header}`, response);
      }
    },
  },
  {
    id: 'multi-tag-ten-tags',
    title: 'A multi-tag push takes 10 tags at once',
    level: 'SHOULD',
    spec: ['end-7b'],
    api: 'manifest-put',
    dependsOn: ['multi-tag-push'],
    async run(ctx) {
      const { response, repo, tags } = await pushWithTags(ctx, 10);
      if (response.status !== 201) {
        fail(ctx.step('A multi-tag push takes 10 tags at once (SHOULD support 10 or more)'), 'status 201', describeResponse(response), response);
      }
      await expectTagsResolve(ctx, repo, tags, 'A multi-tag push takes 10 tags at once', ['end-7b']);
    },
  },
];
