/**
 * Ratios of two rows of a bench group taken round by round. The rows of a group run back to back in every round
 * (see the bench's `alternated`), so a ratio within one round compares the tools at the same moment of the machine,
 * whose speed drifts by 5-10 % over minutes; a ratio of the two rows' medians may take them from different rounds.
 */

/** One comparison: what it is, and its ratio in each round (rounds where either side is missing are left out). */
export interface PairedComparison {
  readonly label: string;
  readonly ratios: readonly number[];
}

/** The median of `values` (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted.length % 2 === 1 ? (sorted[Math.floor(middle)] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * `numerator[r] / denominator[r]` for every round r, where `denominator[r]` is the best (highest) of the rows given
 * for it in that round: one peer, or a tool's own rows at other settings (its best concurrency).
 */
export function pairedRatios(numerator: readonly number[], denominators: readonly (readonly number[])[]): number[] {
  const ratios: number[] = [];
  numerator.forEach((value, round) => {
    const best = Math.max(...denominators.map((rows) => rows[round] ?? Number.NaN));
    if (Number.isFinite(value) && Number.isFinite(best) && best > 0) {
      ratios.push(value / best);
    }
  });
  return ratios;
}

/** Markdown lines, one per comparison: every round's ratio and their median. */
export function formatPairedComparisons(comparisons: readonly PairedComparison[]): string {
  const lines = comparisons
    .filter((comparison) => comparison.ratios.length > 0)
    .map(({ label, ratios }) => `- ${label}: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')} by round; median **${median(ratios).toFixed(2)}**`);
  if (lines.length === 0) {
    return '';
  }
  return `\nRatios within each round (the rows of a round run back to back, so the machine's drift between rounds cancels out):\n${lines.join('\n')}\n`;
}
