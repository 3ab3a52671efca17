import type { NamingRule } from './profile-schema.js';

/**
 * Why `repository` breaks the profile's naming rule (the spec's grammar is checked elsewhere), or undefined when it
 * keeps it: a message naming the rule and where it is documented.
 */
export function namingProblem(profile: string, naming: NamingRule, repository: string): string | undefined {
  const components = repository.split('/').length;
  const tooFew = naming.minComponents !== undefined && components < naming.minComponents;
  const tooMany = naming.maxComponents !== undefined && components > naming.maxComponents;
  if (!tooFew && !tooMany) {
    return undefined;
  }
  const bound = tooFew ? `at least ${naming.minComponents ?? 0}` : `at most ${naming.maxComponents ?? 0}`;
  return `"${repository}" has ${components} path component${components === 1 ? '' : 's'}; profile ${profile} needs ${bound} (${naming.rule}; ${naming.source})`;
}
