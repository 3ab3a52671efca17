import { describe, expect, it } from 'vitest';
import { shortenLabels } from './shorten-labels.js';

describe('shortenLabels', () => {
  it('cuts long labels at the end when that keeps them apart', () => {
    expect(shortenLabels(['short', 'a-very-long-registry-name-here', 'other-long-registry-name-here'], 12)).toEqual([
      'short',
      'a-very-long…',
      'other-long-…',
    ]);
  });

  it('never cuts two different labels to the same text: merged runs differ only at the end', () => {
    const labels = ['distribution-3 (2026-01-02 1a2b3c4d)', 'distribution-3 (2026-01-02 9f8e7d6c)'];
    const short = shortenLabels(labels, 24);
    expect(new Set(short).size).toBe(2);
    expect(short.every((label) => label.length <= 24)).toBe(true);
    expect(short[0]).toMatch(/^distribution-3 .*…\w+\)$/);
  });

  it('keeps the full text when only the middle differs and no cut can tell them apart', () => {
    const labels = [`a${'x'.repeat(30)}1${'y'.repeat(30)}b`, `a${'x'.repeat(30)}2${'y'.repeat(30)}b`];
    expect(shortenLabels(labels, 16)).toEqual(labels);
  });

  it('equal labels may stay equal', () => {
    expect(shortenLabels(['same-long-label-x', 'same-long-label-x'], 8)).toEqual(['same-lo…', 'same-lo…']);
  });
});
