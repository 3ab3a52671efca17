import type { LoadedProfile } from '../profiles/load-profile.js';
import type { ResolvedTarget } from './target.js';

/**
 * The target judged with `expect`: the profile is attached, and its documented chunk limits fill in those the target
 * does not set itself (the target's own settings win).
 */
export function applyProfile(target: ResolvedTarget, expect: LoadedProfile): ResolvedTarget {
  const { minChunkBytes, maxChunkBytes } = expect.profile.limits;
  return {
    ...target,
    expect,
    ...(target.minChunkBytes === undefined && minChunkBytes !== undefined ? { minChunkBytes } : {}),
    ...(target.maxChunkBytes === undefined && maxChunkBytes !== undefined ? { maxChunkBytes } : {}),
  };
}
