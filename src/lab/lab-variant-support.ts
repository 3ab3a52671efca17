import type { LabRegistryProduct } from './lab-component.js';
import type { LabAuthOptions, LabTlsOptions } from './lab-registry-options.js';

/** Which registry products each authenticated lab variant is configured for. */
const authProducts: Readonly<Record<Exclude<LabAuthOptions['kind'], 'none'>, readonly LabRegistryProduct[]>> = {
  // distribution `auth.htpasswd`, zot `http.auth.htpasswd`; olareg has no authentication at all.
  basic: ['distribution', 'zot'],
  // distribution `auth.token` against the lab token server.
  token: ['distribution'],
};

/**
 * Why `product` cannot run behind the `auth` variant, as a phrase (`only distribution and zot have a basic auth
 * variant`), or undefined when it can.
 */
export function authVariantGap(product: LabRegistryProduct | undefined, auth: LabAuthOptions['kind']): string | undefined {
  if (auth === 'none') {
    return undefined;
  }
  const supported = authProducts[auth];
  if (product !== undefined && supported.includes(product)) {
    return undefined;
  }
  return `only ${supported.join(' and ')} ${supported.length === 1 ? 'has' : 'have'} a ${auth} auth variant`;
}

/**
 * Why `product` cannot run as the `tls` variant together with `auth`, as a phrase, or undefined when it can. Only
 * mTLS has gaps: olareg has no client-CA setting, and zot verifies a client certificate only if one is given once
 * htpasswd auth is on, so it would not require one.
 */
export function tlsVariantGap(
  product: LabRegistryProduct | undefined,
  tls: LabTlsOptions['kind'],
  auth: LabAuthOptions['kind'],
): string | undefined {
  if (tls !== 'mtls') {
    return undefined;
  }
  if (product === 'olareg') {
    return 'olareg cannot require client certificates';
  }
  if (product === 'zot' && auth !== 'none') {
    return 'zot stops requiring client certificates once htpasswd auth is on';
  }
  return undefined;
}
