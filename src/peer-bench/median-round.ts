/**
 * The median of one tool's rounds by `figure` (wall time, rate), its note extended with every round's figure in
 * `unit`, so the table shows the spread the shared machine caused; the other columns are the median round's. One
 * round is returned as it is.
 */
export function medianRound<Row extends { readonly note?: string }>(rounds: readonly Row[], figure: (round: Row) => number, unit: string, digits: number): Row {
  const sorted = [...rounds].sort((a, b) => figure(a) - figure(b));
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (median === undefined) {
    throw new Error('medianRound needs at least one round');
  }
  if (rounds.length === 1) {
    return median;
  }
  const figures = rounds.map((round) => figure(round).toFixed(digits)).join(', ');
  return { ...median, note: `median of ${rounds.length} rounds (${figures} ${unit}); ${median.note ?? ''}`.replace(/; $/, '') };
}
