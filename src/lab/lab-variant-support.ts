import type { LabRegistryProduct } from './lab-component.js';
import type { LabAuthOptions, LabTlsOptions } from './lab-registry-options.js';
import { labProducts } from './products/index.js';

/**
 * Why `product` cannot run behind the `auth` variant, as a phrase (`only distribution and zot have a basic auth
 * variant`), or undefined when it can. Read from the products' records.
 */
export function authVariantGap(product: LabRegistryProduct | undefined, auth: LabAuthOptions['kind']): string | undefined {
  if (auth === 'none') {
    return undefined;
  }
  const supported = Object.values(labProducts)
    .filter((record) => record.authVariants.includes(auth))
    .map((record) => record.name);
  if (product !== undefined && supported.includes(product)) {
    return undefined;
  }
  return `only ${supported.join(' and ')} ${supported.length === 1 ? 'has' : 'have'} a ${auth} auth variant`;
}

/**
 * Why `product` cannot run as the `tls` variant together with `auth`, as a phrase, or undefined when it can. Only
 * mTLS has gaps; each product's record says which.
 */
export function tlsVariantGap(
  product: LabRegistryProduct | undefined,
  tls: LabTlsOptions['kind'],
  auth: LabAuthOptions['kind'],
): string | undefined {
  if (tls !== 'mtls' || product === undefined) {
    return undefined;
  }
  return labProducts[product].mtlsGap(auth);
}
