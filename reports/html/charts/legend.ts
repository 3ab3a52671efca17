import { escapeSvg } from './escape-svg.js';
import { shortenLabels } from './shorten-labels.js';

/** Width of one legend entry: a swatch and a name of up to {@link nameChars} characters. */
const entryWidth = 150;
const nameChars = 18;
const rowHeight = 16;

/** Where a legend goes: the chart's width, the left edge of its first entry and the top of its first row. */
export interface LegendPlace {
  readonly width: number;
  readonly left: number;
  readonly y: number;
}

/**
 * SVG parts of a chart legend: one swatch (`series-<color>`) and name per entry, wrapped onto as many rows as the
 * width needs; `extraHeight` is what the rows after the first add to the chart. Names are shortened without two
 * becoming identical, and each keeps its full text as a tooltip.
 */
export function legend(
  entries: readonly { readonly name: string; readonly color: number }[],
  place: LegendPlace,
): { readonly parts: string[]; readonly extraHeight: number } {
  const perRow = Math.max(1, Math.floor((place.width - place.left) / entryWidth));
  const names = shortenLabels(
    entries.map((entry) => entry.name),
    nameChars,
  );
  const parts = entries.flatMap((entry, index) => {
    const x = place.left + (index % perRow) * entryWidth;
    const y = place.y + Math.floor(index / perRow) * rowHeight;
    return [
      `<rect class="bar series-${entry.color}" x="${x}" y="${y}" width="10" height="10"/>`,
      `<text class="label" x="${x + 14}" y="${y + 9}">${escapeSvg(names[index] ?? '')}<title>${escapeSvg(entry.name)}</title></text>`,
    ];
  });
  return { parts, extraHeight: Math.max(0, Math.ceil(entries.length / perRow) - 1) * rowHeight };
}
