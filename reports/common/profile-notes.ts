import type { TargetResult } from '../../src/model/index.js';

/** One finding about a target's expectation profile, for every report to print the same way. */
export interface ProfileNote {
  readonly kind: 'now-passing' | 'expired';
  /** Plain text (not escaped): the report escapes it for its format. */
  readonly text: string;
}

/** The profile line of a target: `profile zot sha256:1a2b3c4d5e6f (7 known)`, or undefined without a profile. */
export function profileLine(target: TargetResult): string | undefined {
  const profile = target.profile;
  if (profile === undefined) {
    return undefined;
  }
  const known = target.suites.reduce((sum, suite) => sum + suite.checks.filter((check) => check.status === 'known').length, 0);
  return `profile ${profile.name} ${profile.hash.slice(0, 19)} (${known} known)`;
}

/**
 * What the profile says needs the user's attention: a known deviation whose check now passes (take it off the
 * profile) and one past its expiry (its check counts as a failure again).
 */
export function profileNotes(target: TargetResult): ProfileNote[] {
  const profile = target.profile;
  if (profile === undefined) {
    return [];
  }
  return [
    ...profile.nowPassing.map((entry): ProfileNote => ({
      kind: 'now-passing',
      text: `known deviation now passes: remove it from the profile: ${entry.check} (entry ${entry.entry} of profile ${profile.name})`,
    })),
    ...profile.expired.map((entry): ProfileNote => ({
      kind: 'expired',
      text: `known deviation expired on ${entry.expires}: ${entry.check} counts as a failure again (entry ${entry.entry} of profile ${profile.name})`,
    })),
  ];
}
