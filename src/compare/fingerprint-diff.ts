import type { BenchFingerprint } from '../model/index.js';
import type { FingerprintMismatch } from './comparison.js';

/** Fingerprint fields under the names users set them by (`--duration`, `--size`). */
const settingNames: Partial<Record<keyof BenchFingerprint, string>> = { durationMs: 'duration', sizesBytes: 'size' };

/** A fingerprint value as text (lists joined, absent as `unset`). */
function show(value: unknown): string {
  if (value === undefined) {
    return 'unset';
  }
  if (Array.isArray(value)) {
    return value.join(',');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The settings whose values differ between two fingerprints of one scenario. A side without a fingerprint (a result
 * written before fingerprints existed, or not by `bench`) is one mismatch named `fingerprint`.
 */
export function diffFingerprints(
  target: string,
  scenario: string,
  baseline: BenchFingerprint | undefined,
  candidate: BenchFingerprint | undefined,
): FingerprintMismatch[] {
  if (baseline === undefined || candidate === undefined) {
    return baseline === candidate
      ? [{ target, scenario, setting: 'fingerprint', baseline: 'absent', candidate: 'absent' }]
      : [{ target, scenario, setting: 'fingerprint', baseline: baseline === undefined ? 'absent' : 'present', candidate: candidate === undefined ? 'absent' : 'present' }];
  }
  const keys = new Set([...Object.keys(baseline), ...Object.keys(candidate)] as (keyof BenchFingerprint)[]);
  const mismatches: FingerprintMismatch[] = [];
  for (const key of keys) {
    const before = show(baseline[key]);
    const after = show(candidate[key]);
    if (before !== after) {
      mismatches.push({ target, scenario, setting: settingNames[key] ?? key, baseline: before, candidate: after });
    }
  }
  return mismatches;
}
