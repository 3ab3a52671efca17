import picomatch from 'picomatch';
import type { KnownEntry, Profile } from './profile-schema.js';

/** A matcher per entry: `*` stays within one id segment, `**` crosses `/`; a plain id matches only itself. */
function matcherOf(pattern: string): (id: string) => boolean {
  return picomatch(pattern, { dot: true });
}

/** Known entries with their compiled matchers, in profile order (the first entry that matches a check wins). */
export interface KnownMatcher {
  /** The first entry of the profile that lists `checkId`, or undefined. */
  entryFor(checkId: string): KnownEntry | undefined;
}

/** Compiles the profile's known entries once. */
export function createKnownMatcher(profile: Profile): KnownMatcher {
  const compiled = profile.known.map((entry) => ({ entry, matches: matcherOf(entry.check) }));
  return {
    entryFor: (checkId) => compiled.find((candidate) => candidate.matches(checkId))?.entry,
  };
}

/** The entries that match none of `checkIds`: a typo or a renamed check, which would silently accept nothing. */
export function unmatchedEntries(profile: Profile, checkIds: readonly string[]): KnownEntry[] {
  return profile.known.filter((entry) => {
    const matches = matcherOf(entry.check);
    return !checkIds.some((id) => matches(id));
  });
}
