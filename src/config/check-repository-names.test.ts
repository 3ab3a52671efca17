import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import type { LoadedProfile } from '../profiles/load-profile.js';
import { profileSchema } from '../profiles/profile-schema.js';
import { checkRepositoryNames } from './check-repository-names.js';
import { runConfigSchema } from './schema.js';
import type { ResolvedTarget } from './target.js';

const config = runConfigSchema.parse({ targets: [{ url: 'http://127.0.0.1:1' }], runId: 'abcd1234' });

/** A target judged with a profile whose naming rule is `naming`. */
function target(layout: ResolvedTarget['layout'], naming: Record<string, unknown>, namespace = ''): ResolvedTarget {
  const profile = profileSchema.parse({ name: 'hub-like', naming: { rule: 'namespace/repo', source: 'https://example.org/naming', ...naming } });
  return {
    name: 't',
    url: 'http://127.0.0.1:1',
    namespace,
    credentials: { kind: 'anonymous' },
    tls: { insecure: false },
    requestTimeoutMs: 1000,
    ...(layout === undefined ? {} : { layout }),
    expect: { profile } as unknown as LoadedProfile,
  };
}

/** The message of the ConfigError `check` throws. */
function problem(check: () => void): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('no ConfigError');
}

describe('checkRepositoryNames', () => {
  it("refuses fixed repositories that break the profile's component count, naming the setting and the source", () => {
    const message = problem(() => checkRepositoryNames(config, [target({ kind: 'fixed', repositories: ['me/one', 'me/two/deep'] }, { maxComponents: 2 })]));
    expect(message).toBe(
      'targets[0].repositories (--repositories): "me/two/deep" has 3 path components; profile hub-like needs at most 2 (namespace/repo; https://example.org/naming)',
    );
  });

  it('refuses the per-check layout where its names are too deep, and accepts names that keep the rule', () => {
    expect(problem(() => checkRepositoryNames(config, [target({ kind: 'per-check' }, { maxComponents: 2 }, 'me')]))).toContain(
      'the per-check layout names repositories like me/regatta-abcd1234/suite-check',
    );
    expect(() => checkRepositoryNames(config, [target({ kind: 'fixed', repositories: ['me/one', 'me/two'] }, { minComponents: 2, maxComponents: 2 })])).not.toThrow();
    expect(problem(() => checkRepositoryNames(config, [target({ kind: 'fixed', repositories: ['one', 'p/r/i'] }, { minComponents: 3 })]))).toContain(
      '"one" has 1 path component; profile hub-like needs at least 3',
    );
  });

  it('lets every name through without a profile or without a naming rule', () => {
    const plain: ResolvedTarget = { ...target({ kind: 'fixed', repositories: ['a', 'b/c/d/e'] }, {}) };
    const { expect: _profile, ...withoutProfile } = plain;
    expect(() => checkRepositoryNames(config, [withoutProfile])).not.toThrow();
    expect(() => checkRepositoryNames(config, [plain])).not.toThrow();
  });
});
