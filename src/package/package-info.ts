import { readFileSync } from 'node:fs';
import { findPackageRoot } from './package-root.js';
import { join } from 'node:path';

/** The `version` field of regatta's own package.json. */
export function readPackageVersion(): string {
  const raw = readFileSync(join(findPackageRoot(), 'package.json'), 'utf8');
  const parsed = JSON.parse(raw) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
