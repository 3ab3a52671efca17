/**
 * Referrers are per repository (end-12a: "descriptors … in the same `<name>` namespace"): the same subject and the
 * same referrer pushed into two repositories, and one more referrer in only one of them, must give each repository
 * exactly its own list. Same bytes in both repositories means same digests, which is what a registry that keys a
 * list or a cache by digest alone gets wrong. Composed by the suite in index.ts.
 */
import type { CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectThat } from '../../src/conformance/expect.js';
import { prepareImage, pushImage, putManifestOrFail, type BuiltManifest } from '../common/manifest-helpers.js';
import { listReferrers, sbomType, signatureType } from './referrer-helpers.js';
import { statements } from '../common/statements.js';

export const repositoryIsolationChecks: readonly CheckDefinition[] = [
  {
    id: 'same-referrer-two-repositories',
    title: 'The same subject and referrer in two repositories: each repository lists exactly its own referrers',
    level: 'MUST',
    statement: statements.referrersListed,
    since: '1.1',
    spec: ['end-12a'],
    api: 'referrers',
    requires: ['referrers'],
    async run(ctx) {
      const [first, second] = [ctx.repo(), ctx.repo('second')];
      const expected = new Map<string, string[]>();
      let subject: BuiltManifest | undefined;
      for (const repo of [first, second]) {
        // The same salts give the same bytes, so both repositories hold the same digests.
        subject = await pushImage(ctx, repo, 'subject', 'subject');
        const shared = await prepareImage(ctx, repo, 'shared', { subject: subject.descriptor, artifactType: signatureType });
        await putManifestOrFail(ctx, repo, shared.digest, shared);
        expected.set(repo, [shared.digest]);
      }
      const subjectDigest = (subject as BuiltManifest).digest;
      const only = await prepareImage(ctx, second, 'only-second', { subject: (subject as BuiltManifest).descriptor, artifactType: sbomType });
      await putManifestOrFail(ctx, second, only.digest, only);
      expected.get(second)?.push(only.digest);
      for (const repo of [first, second]) {
        const { response, manifests } = await listReferrers(ctx, repo, subjectDigest, ctx.rule.rule);
        const want = expected.get(repo) ?? [];
        const got = manifests.map((entry) => String(entry.digest));
        expectThat(
          got.length === want.length && want.every((digest) => got.includes(digest)),
          ctx.rule,
          `${repo}: ${want.join(', ')}`,
          got.join(', ') || '(none)',
          response,
        );
      }
    },
  },
];
