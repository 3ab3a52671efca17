/**
 * Repository name grammar (distribution-spec §3 "Names and tags"): path components of lowercase alphanumerics
 * separated by `.`, `_`, `__` or runs of `-`, joined by `/`.
 */
export const repositoryNamePattern =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;

/** Tag grammar: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`. */
export const tagPattern = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** True when `name` is a valid repository name. */
export function isValidRepositoryName(name: string): boolean {
  return repositoryNamePattern.test(name);
}

/** True when `tag` is a valid tag. */
export function isValidTag(tag: string): boolean {
  return tagPattern.test(tag);
}
