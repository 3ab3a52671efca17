import type { LoadedProfile } from '../profiles/load-profile.js';

/** Credentials for one target, already resolved from their source (flags, env, docker config, helper). */
export type TargetCredentials =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

/** TLS settings of one target. */
export interface TargetTls {
  /** PEM file of extra CA certificates to trust. */
  readonly caFile?: string;
  /** Skip certificate verification (flagged in every report). */
  readonly insecure: boolean;
  /** Client certificate and key (PEM) for mTLS. */
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** Commands that create and delete a repository of the per-check layout; `{repository}` stands for its name. */
export interface RepositoryHooks {
  readonly preCreate?: string;
  readonly postDelete?: string;
}

/**
 * Where the checks of a target push (DESIGN: layout): a repository of their own under the run namespace (optionally
 * created and deleted by hooks), or two fixed repositories shared by every check, each isolated by its own tags and
 * digests.
 */
export type RepositoryLayout =
  | { readonly kind: 'per-check'; readonly hooks?: RepositoryHooks }
  | { readonly kind: 'fixed'; readonly repositories: readonly [string, string] };

/**
 * One registry endpoint, fully resolved: what runners and the client consume. The zod config schema produces it;
 * nothing downstream reads raw config.
 */
export interface ResolvedTarget {
  /** Short name used in reports, e.g. `distribution-3`. */
  readonly name: string;
  /** Base URL, scheme + host + port, no path, no credentials: `http://127.0.0.1:5000`. */
  readonly url: string;
  /** Repository prefix the run may write under, e.g. `team/ci` (may be empty). */
  readonly namespace: string;
  readonly credentials: TargetCredentials;
  /**
   * The command the password came from (`auth.passwordCommand`) and the directory to run it in: run again when the
   * registry or its token server starts refusing the password mid-run (ECR passwords last 12 hours, GCP tokens one).
   */
  readonly passwordCommand?: { readonly command: string; readonly cwd: string };
  /** A pull-only account, for the auth suite's permission checks; absent skips them. */
  readonly readOnlyCredentials?: Extract<TargetCredentials, { kind: 'basic' }>;
  readonly tls: TargetTls;
  /** Per-request timeout in milliseconds. */
  readonly requestTimeoutMs: number;
  /** Largest chunk the registry accepts in one PATCH, if known (GHCR: 4 MiB). */
  readonly maxChunkBytes?: number;
  /** Smallest chunk the registry accepts except the last, if known (ECR: 5 MiB). */
  readonly minChunkBytes?: number;
  /** Where its checks push. @default per-check without hooks */
  readonly layout?: RepositoryLayout;
  /** The expectation profile this target is judged with (`--expect`, `targets[].expect`); absent: the spec alone. */
  readonly expect?: LoadedProfile;
}
