/**
 * Several expectation profiles judging one target together (`--expect gar,zot`): a cloud mimic before a lab
 * registry (the cloud's documented behaviour and the registry's own deviations), or a site's additions beside a
 * shipped profile. Each deviation stays documented where it came from; the merge only adds them up.
 */
import type { NamingRule, Profile } from './profile-schema.js';

/** The larger of two optional numbers. */
function larger(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** The smaller of two optional numbers. */
function smaller(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** Both naming rules at once: the stricter bounds, the rules and sources side by side. */
function mergeNaming(a: NamingRule | undefined, b: NamingRule | undefined): NamingRule | undefined {
  if (a === undefined || b === undefined) {
    return a ?? b;
  }
  const minComponents = larger(a.minComponents, b.minComponents);
  const maxComponents = smaller(a.maxComponents, b.maxComponents);
  return {
    ...(minComponents === undefined ? {} : { minComponents }),
    ...(maxComponents === undefined ? {} : { maxComponents }),
    rule: `${a.rule}; ${b.rule}`,
    source: a.source,
  };
}

/**
 * One profile holding what each of `profiles` expects: every required capability, every known deviation (in order),
 * the stricter chunk limits and naming rule. Named `a+b`.
 */
export function mergeProfiles(profiles: readonly Profile[]): Profile {
  const [first, ...rest] = profiles;
  if (first === undefined) {
    throw new RangeError('mergeProfiles needs at least one profile');
  }
  return rest.reduce<Profile>((merged, next) => {
    const naming = mergeNaming(merged.naming, next.naming);
    const minChunkBytes = larger(merged.limits.minChunkBytes, next.limits.minChunkBytes);
    const maxChunkBytes = smaller(merged.limits.maxChunkBytes, next.limits.maxChunkBytes);
    return {
      name: `${merged.name}+${next.name}`,
      description: [merged.description, next.description].filter((text) => text !== '').join(' + '),
      requires: [...new Set([...merged.requires, ...next.requires])],
      known: [...merged.known, ...next.known],
      limits: { ...(minChunkBytes === undefined ? {} : { minChunkBytes }), ...(maxChunkBytes === undefined ? {} : { maxChunkBytes }) },
      ...(naming === undefined ? {} : { naming }),
    };
  }, first);
}
