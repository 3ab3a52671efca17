/** Colours in the report's palette (`series-0` … `series-7` in report.css). */
const paletteSize = 8;

/**
 * The CSS class of the colour of the target at `index` in the run: the same in every chart, legend and table, so a
 * reader can follow one registry across the page.
 */
export function targetColor(index: number): string {
  return `series-${((index % paletteSize) + paletteSize) % paletteSize}`;
}
