import type { LabRegistryProduct } from '../lab/lab-component.js';

/** What the official OCI conformance suite is pointed at and how (its OCI_* environment). */
export interface OfficialSuiteSettings {
  /** `http://host:port` or `https://host:port` of the registry. */
  readonly registryUrl: string;
  /** Where it writes results.yaml, junit.xml and report.html (OCI_RESULTS_DIR). */
  readonly resultsDir: string;
  /** OCI_REPO1 and OCI_REPO2 (the second is the cross-repository mount source). */
  readonly repositories: readonly [string, string];
  /** OCI_API_REFERRER: test the referrers API and OCI-Subject (set off for a registry without the API). */
  readonly referrers: boolean;
  /** OCI_VERSION. @default '1.1' */
  readonly specVersion?: string;
  /** Content sets turned off (`sha512`, `index`… as OCI_DATA_<NAME>=false), to bound a run. */
  readonly dataOff?: readonly string[];
}

/**
 * The environment for one run of the official suite (2026, data-driven) with `settings`: the registry, TLS mode from
 * the URL's scheme, the spec version, the two repositories, the referrers toggle and the results directory; every
 * other toggle keeps the default of that spec version. Its legacy variables (OCI_ROOT_URL, OCI_NAMESPACE…) are not
 * used. No credentials: the lab registries are open.
 */
export function officialSuiteEnv(settings: OfficialSuiteSettings): Record<string, string> {
  const url = new URL(settings.registryUrl);
  const env: Record<string, string> = {
    OCI_REGISTRY: url.host,
    OCI_TLS: url.protocol === 'https:' ? 'enabled' : 'disabled',
    OCI_VERSION: settings.specVersion ?? '1.1',
    OCI_REPO1: settings.repositories[0],
    OCI_REPO2: settings.repositories[1],
    OCI_API_REFERRER: String(settings.referrers),
    OCI_RESULTS_DIR: settings.resultsDir,
  };
  for (const name of settings.dataOff ?? []) {
    env[`OCI_DATA_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`] = 'false';
  }
  return env;
}

/**
 * Whether a lab product serves the referrers API, so the official suite's referrers toggle matches what the registry
 * advertises: distribution (2.8 and v3.1) answers `GET /v2/<name>/referrers/<digest>` with 404 text/plain and sends
 * no OCI-Subject; olareg and zot serve it.
 */
export function labProductHasReferrers(product: LabRegistryProduct): boolean {
  return product !== 'distribution';
}
