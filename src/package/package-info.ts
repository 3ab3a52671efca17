import { readFileSync } from 'node:fs';
import { findPackageRoot } from './package-root.js';
import { join } from 'node:path';

/** A string field of regatta's own package.json, or `fallback`. */
function readPackageField(field: string, fallback: string): string {
  const raw = readFileSync(join(findPackageRoot(), 'package.json'), 'utf8');
  const value = (JSON.parse(raw) as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : fallback;
}

/** The `version` field of regatta's own package.json. */
export function readPackageVersion(): string {
  return readPackageField('version', '0.0.0');
}
