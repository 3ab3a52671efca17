import { describe, expect, it } from 'vitest';
import { labProductHasReferrers, officialSuiteEnv } from './official-suite-env.js';

describe('officialSuiteEnv', () => {
  it('points the 2026 suite at the registry with its current variables, TLS from the scheme', () => {
    expect(
      officialSuiteEnv({ registryUrl: 'http://127.0.0.1:5000', resultsDir: '/tmp/r', repositories: ['a/one', 'a/two'], referrers: false, dataOff: ['sha512', 'indexList'] }),
    ).toEqual({
      OCI_REGISTRY: '127.0.0.1:5000',
      OCI_TLS: 'disabled',
      OCI_VERSION: '1.1',
      OCI_REPO1: 'a/one',
      OCI_REPO2: 'a/two',
      OCI_API_REFERRER: 'false',
      OCI_RESULTS_DIR: '/tmp/r',
      OCI_DATA_SHA512: 'false',
      OCI_DATA_INDEX_LIST: 'false',
    });
    const https = officialSuiteEnv({ registryUrl: 'https://registry.example.com', resultsDir: 'r', repositories: ['x', 'y'], referrers: true, specVersion: '1.0' });
    expect(https).toMatchObject({ OCI_REGISTRY: 'registry.example.com', OCI_TLS: 'enabled', OCI_VERSION: '1.0', OCI_API_REFERRER: 'true' });
  });

  it('turns referrers off only for distribution, the lab product without the API', () => {
    expect([labProductHasReferrers('distribution'), labProductHasReferrers('olareg'), labProductHasReferrers('zot')]).toEqual([false, true, true]);
  });
});
