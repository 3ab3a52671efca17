/**
 * What each lab mimic reproduces of its cloud, one record per cloud, every behaviour with the public source it comes
 * from (`../shared/spec/registry-quirks.md` keys and the vendor page or issue). The front reads only this table, so a
 * behaviour changes here or nowhere. Where a source gives no number (a throttle budget, a signed URL's lifetime on
 * ECR), the record says the value is the mimic's own choice.
 */

/** Clouds the lab can mimic: `regatta lab up --mimic NAME`. */
export const mimicCloudNames = ['dockerhub', 'ghcr', 'ecr', 'gar'] as const;

/** One mimicked cloud. */
export type MimicCloud = (typeof mimicCloudNames)[number];

/** A behaviour value with where it is documented. */
export interface Sourced<T> {
  readonly value: T;
  /** Public URL (issue, vendor doc) or registry-quirks key documenting it. */
  readonly source: string;
}

/** Repository naming: path segments allowed. */
export interface NamingRule {
  readonly minSegments: number;
  /** Undefined: any depth. */
  readonly maxSegments: number | undefined;
}

/** Blob GETs answered with a redirect to a signed URL on the mimic's storage origin. */
export interface RedirectRule {
  /** 307 for S3/CDN-backed clouds. */
  readonly status: 302 | 303 | 307;
  /** Signed URL lifetime, seconds. */
  readonly ttlSeconds: number;
  /** The storage origin answers HEAD on a GET-signed URL with 403 (S3 signs the method). */
  readonly headForbidden: boolean;
}

/** 429 after `requests` counted requests in a window of `windowSeconds`. */
export interface ThrottleRule {
  readonly requests: number;
  readonly windowSeconds: number;
  /** Error message in the `TOOMANYREQUESTS` body. */
  readonly message: string;
  /** Docker Hub's `ratelimit-limit` / `ratelimit-remaining` headers on counted responses. */
  readonly rateLimitHeaders: boolean;
}

/** Upload chunk limits. */
export interface ChunkRule {
  /** Every PATCH part except the last must be at least this many bytes (ECR). */
  readonly minPartBytes?: number;
  /** A chunk PATCH (one with Content-Range) above this many bytes is refused with 416 (GHCR); a streamed PATCH is not. */
  readonly maxPatchBytes?: number;
}

/** Everything one mimic does differently from the registry behind it. */
export interface MimicCloudRecord {
  readonly cloud: MimicCloud;
  /** The expectation profile that documents this cloud (`--expect NAME`). */
  readonly profile: string;
  readonly naming: Sourced<NamingRule>;
  /**
   * A repository must be created before any request names it (else 404 NAME_UNKNOWN); the front's
   * `POST /_mimic/repositories/<name>` creates one. `prefixSegments`: how many leading segments make the repository
   * (GAR: project/repository, images nest below); undefined: the whole name.
   */
  readonly mustExist?: Sourced<{ readonly prefixSegments: number | undefined }>;
  readonly redirect?: Sourced<RedirectRule>;
  readonly throttle: Sourced<ThrottleRule>;
  /** `GET /v2/_catalog` answered with this status and no listing. */
  readonly noCatalog?: Sourced<401 | 404>;
  /** DELETE answered 405 UNSUPPORTED: on manifests by tag, by any reference, and on blobs. */
  readonly deleteRefused?: Sourced<{ readonly manifestByTag: boolean; readonly manifestByDigest: boolean; readonly blob: boolean }>;
  /**
   * DELETE of a manifest by digest answered 403 DENIED while a tag still points at it or an index in the repository
   * lists it; only untagged, unreferenced manifests are deleted.
   */
  readonly referencedDeleteForbidden?: Sourced<true>;
  readonly chunks?: Sourced<ChunkRule>;
}

const mib = 1024 * 1024;

/** The mimic records, one per cloud. */
export const mimicClouds: Readonly<Record<MimicCloud, MimicCloudRecord>> = {
  dockerhub: {
    cloud: 'dockerhub',
    profile: 'dockerhub',
    naming: {
      value: { minSegments: 2, maxSegments: 2 },
      source: 'registry-quirks §13: namespace/repo only (https://github.com/docker/hub-feedback/issues/1404)',
    },
    redirect: {
      value: { status: 307, ttlSeconds: 300, headForbidden: false },
      source: 'registry-quirks §7 [D1][D8]: 307 to the Cloudflare CDN (docker/docs registry API latest.yaml); lifetime: the mimic’s choice',
    },
    throttle: {
      value: { requests: 100, windowSeconds: 1, message: 'You have reached your pull rate limit.', rateLimitHeaders: true },
      source:
        'registry-quirks §7 [D2]: 429 TOOMANYREQUESTS with ratelimit-limit/-remaining (docker/docs pulls.md); ' +
        '100 per 6 h scaled to 100 per second so a test sees it',
    },
    noCatalog: { value: 401, source: 'registry-quirks §4 [D6]: 401 even with a valid token (https://github.com/regclient/regclient/issues/539)' },
    deleteRefused: {
      value: { manifestByTag: true, manifestByDigest: false, blob: true },
      source:
        'registry-quirks §5 [D4]: 405 "only digest-based deletion is allowed"; blob DELETE not in the documented API ' +
        '(https://github.com/docker/hub-feedback/issues/2360)',
    },
    referencedDeleteForbidden: {
      value: true,
      source:
        'registry-quirks §5 [D4]: "Only untagged or unreferenced manifests can be deleted", else 403 ' +
        '(https://docs.docker.com/reference/api/registry/latest/operations/DeleteImageManifest/)',
    },
  },
  ghcr: {
    cloud: 'ghcr',
    profile: 'ghcr',
    naming: {
      value: { minSegments: 2, maxSegments: undefined },
      source: 'registry-quirks §13: owner/name[/more] (https://github.com/plexsystems/sinker/pull/34)',
    },
    redirect: {
      value: { status: 307, ttlSeconds: 300, headForbidden: true },
      source:
        'registry-quirks §7 [H8]: 307 to S3, expires in about 300 s, HEAD on it answers 403 ' +
        '(https://github.com/containerd/stargz-snapshotter/pull/167)',
    },
    throttle: {
      value: { requests: 200, windowSeconds: 1, message: 'too many requests', rateLimitHeaders: false },
      source: 'registry-quirks §7: GHCR throttling format unverified (❓); the code-14 TOOMANYREQUESTS body and budget are the mimic’s choice',
    },
    noCatalog: { value: 404, source: 'registry-quirks §4 [H5]: no _catalog (https://github.com/microsoft/vscode-docker/issues/1525)' },
    deleteRefused: {
      value: { manifestByTag: true, manifestByDigest: true, blob: true },
      source: 'registry-quirks §5 [H6]: 405, use the GitHub Packages REST API (https://github.com/fluxcd/pkg/pull/328)',
    },
    chunks: {
      value: { maxPatchBytes: 4 * mib },
      source:
        'registry-quirks §2 [H3]: each chunked PATCH body capped at 4 MiB, 416 "request body is too large" ' +
        '(https://github.com/oras-project/rust-oci-client/issues/35); a streamed PATCH (no Content-Range) works, as docker push does',
    },
  },
  ecr: {
    cloud: 'ecr',
    profile: 'ecr',
    naming: { value: { minSegments: 1, maxSegments: undefined }, source: 'registry-quirks §13: nested names are allowed' },
    mustExist: {
      value: { prefixSegments: undefined },
      source:
        'registry-quirks §13: a push to a missing repository fails unless a creation template covers it ' +
        '(https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html)',
    },
    redirect: {
      value: { status: 307, ttlSeconds: 300, headForbidden: true },
      source:
        'registry-quirks §7 [E14]: 307 to an S3 presigned URL that refuses a forwarded Authorization ' +
        '(https://github.com/open-policy-agent/opa/issues/6580); lifetime: the mimic’s choice',
    },
    throttle: {
      value: { requests: 200, windowSeconds: 1, message: 'Rate exceeded', rateLimitHeaders: false },
      source: 'registry-quirks §7 [E15]: 429 TOOMANYREQUESTS "Rate exceeded", per-API TPS (https://github.com/mitogen-hq/mitogen/pull/790)',
    },
    noCatalog: { value: 404, source: 'registry-quirks §4 [E16]: no _catalog, use DescribeRepositories (https://github.com/opencontainers/distribution-spec/issues/22)' },
    chunks: {
      value: { minPartBytes: 5 * mib },
      source:
        'registry-quirks §2 [E3][E6]: all layer parts except the last at least 5 MiB, else LayerPartTooSmallException ' +
        '(https://github.com/dotnet/sdk-container-builds/issues/424)',
    },
  },
  gar: {
    cloud: 'gar',
    profile: 'gar',
    naming: {
      value: { minSegments: 3, maxSegments: undefined },
      source: 'registry-quirks §13: PROJECT/REPOSITORY/IMAGE, image paths below the repository may nest (https://cloud.google.com/artifact-registry/docs/docker/names)',
    },
    mustExist: {
      value: { prefixSegments: 2 },
      source: 'registry-quirks §13: the repository must exist before a push (https://cloud.google.com/artifact-registry/docs/docker/troubleshoot)',
    },
    throttle: {
      value: { requests: 200, windowSeconds: 1, message: 'Quota exceeded', rateLimitHeaders: false },
      source: 'registry-quirks §7: 429 quota (format ❓); the TOOMANYREQUESTS body and budget are the mimic’s choice',
    },
  },
};

/** True when `name` is a mimic cloud. */
export function isMimicCloud(name: string): name is MimicCloud {
  return (mimicCloudNames as readonly string[]).includes(name);
}
