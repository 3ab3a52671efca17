/** The smallest 1/2/5 × 10^n at or above `value`, so axes end on a round number; 1 for zero or less. */
export function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    return 1;
  }
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}
