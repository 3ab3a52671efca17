/**
 * How a lab registry is exposed: plain, or with htpasswd Basic auth (distribution only). Token and TLS variants are
 * new members of these unions, without changing the callers.
 */

/**
 * Authentication in front of a lab registry: none; Basic with htpasswd users `regatta-rw` and `regatta-ro` (who can
 * both push: htpasswd has no permissions); or Docker token auth from the lab token server, where `regatta-rw` may
 * pull, push and delete, `regatta-ro` and anonymous clients may only pull.
 */
export type LabAuthOptions =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic' }
  | {
      readonly kind: 'token';
      /** Lifetime of issued tokens in seconds. @default 300 */
      readonly expiresInSeconds?: number;
    };

/**
 * Transport security of a lab registry: plain http; https with a server certificate from a CA the lab makes at start
 * (`tls`); or that plus a required client certificate signed by the same CA (`mtls`, not olareg).
 */
export type LabTlsOptions = { readonly kind: 'none' } | { readonly kind: 'tls' } | { readonly kind: 'mtls' };

/** Variant options for every registry a lab starts. */
export interface LabRegistryOptions {
  /** @default { kind: 'none' } */
  readonly auth?: LabAuthOptions;
  /** @default { kind: 'none' } (plain http on loopback) */
  readonly tls?: LabTlsOptions;
  /**
   * Registry log level, in the registry's own vocabulary mapped from this one.
   * @default 'info'
   */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * false starts the registry without a referrers API, so a test can push the way clients do without one (the
   * referrers tag schema) and then restart it with the API on the same storage ("Enabling the Referrers API"). A
   * product that always serves the API refuses to start with false.
   * @default true
   */
  readonly referrersApi?: boolean;
}
