import type { LabRegistryProduct } from '../lab-component.js';
import { distribution } from './distribution.js';
import type { LabProduct } from './lab-product.js';
import { olareg } from './olareg.js';
import { zot } from './zot.js';

/** Every lab registry product's record, by name. */
export const labProducts: Readonly<Record<LabRegistryProduct, LabProduct>> = { distribution, olareg, zot };
