/**
 * Labels shortened to at most `max` characters without making two different labels read the same: a plain cut
 * (`very-long-registry-na…`) is used when it keeps every label distinct; otherwise each long label keeps its start
 * and its end (`dist (2026-0…abc123)`), with as much of the end as it takes to tell them apart. Labels that still
 * collide at `max` (they differ only in the middle) keep their full text: overflow beats a lie.
 */
export function shortenLabels(labels: readonly string[], max: number): string[] {
  const cut = labels.map((label) => (label.length > max ? `${label.slice(0, max - 1)}…` : label));
  if (distinctWhereInputsAre(labels, cut)) {
    return cut;
  }
  for (let tail = 4; tail < max - 2; tail += 1) {
    const head = max - 1 - tail;
    const shortened = labels.map((label) => (label.length > max ? `${label.slice(0, head)}…${label.slice(label.length - tail)}` : label));
    if (distinctWhereInputsAre(labels, shortened)) {
      return shortened;
    }
  }
  return [...labels];
}

/** True when outputs differ wherever the inputs differ. */
function distinctWhereInputsAre(inputs: readonly string[], outputs: readonly string[]): boolean {
  const seen = new Map<string, string>();
  for (const [index, output] of outputs.entries()) {
    const input = inputs[index] ?? '';
    const earlier = seen.get(output);
    if (earlier !== undefined && earlier !== input) {
      return false;
    }
    seen.set(output, input);
  }
  return true;
}
