/**
 * How a lab registry is exposed. Only the plain variant exists today; the auth issue adds htpasswd Basic and Bearer
 * token variants and TLS, as new members of these unions, without changing the callers.
 */

/** Authentication in front of a lab registry. */
export type LabAuthOptions = { readonly kind: 'none' };

/** Transport security of a lab registry. */
export type LabTlsOptions = { readonly kind: 'none' };

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
}
