import { formatNumber } from '../../../src/model/format-number.js';
import { coord, escapeSvg } from './escape-svg.js';
import { legend } from './legend.js';
import { niceMax } from './nice-max.js';
import { shortenLabels } from './shorten-labels.js';

/** Input of {@link renderBarChart}: categories on the x axis, one bar per series in each. */
export interface BarChartInput {
  /** Accessible title of the chart. */
  readonly title: string;
  /** Unit shown on the axis and in value labels, e.g. `MB/s`. */
  readonly unit: string;
  /** Category labels, e.g. target names or percentiles. */
  readonly categories: readonly string[];
  /** Colour index of each category's bars (when categories are targets); otherwise each series has its colour. */
  readonly categoryColors?: readonly number[];
  /**
   * Series, each with one value per category, e.g. one per target. A single series draws plain bars. `color` is the
   * palette index (default: the series' position).
   */
  readonly series: readonly { readonly name: string; readonly values: readonly number[]; readonly color?: number }[];
}

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 28, right: 12, bottom: 40, left: 56 };
/** Narrower bars than this get no value label (it would overlap its neighbours). */
const minLabelledBarWidth = 26;

export interface BarGeometry {
  readonly category: number;
  readonly series: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly value: number;
}

/** Bar positions for an input; heights are `value / axisMax × plot height`. */
export function layoutBars(input: BarChartInput): { readonly bars: BarGeometry[]; readonly axisMax: number } {
  const values = input.series.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
  const axisMax = niceMax(Math.max(0, ...values));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const groupWidth = plotWidth / Math.max(1, input.categories.length);
  const barWidth = (groupWidth * 0.7) / Math.max(1, input.series.length);
  const bars: BarGeometry[] = [];
  input.categories.forEach((_, category) => {
    input.series.forEach((series, index) => {
      const raw = series.values[category] ?? 0;
      const value = Number.isFinite(raw) && raw > 0 ? raw : 0;
      const height = (value / axisMax) * plotHeight;
      bars.push({
        category,
        series: index,
        x: PAD.left + category * groupWidth + groupWidth * 0.15 + index * barWidth,
        y: PAD.top + plotHeight - height,
        width: barWidth,
        height,
        value,
      });
    });
  });
  return { bars, axisMax };
}

/**
 * A grouped vertical bar chart as a self-contained SVG string (no script, no external resources). Every label is
 * escaped; colours come from the `series-N` classes of the report's CSS, chosen by the caller so that one target
 * keeps one colour across charts. Labels are shortened without ever becoming identical.
 */
export function renderBarChart(input: BarChartInput): string {
  const { bars, axisMax } = layoutBars(input);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const groupWidth = (WIDTH - PAD.left - PAD.right) / Math.max(1, input.categories.length);
  const key =
    input.series.length > 1
      ? legend(input.series.map((s, index) => ({ name: s.name, color: s.color ?? index })), { width: WIDTH, left: PAD.left, y: HEIGHT - 14 })
      : undefined;
  const height = HEIGHT + (key?.extraHeight ?? 0);
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeSvg(input.title)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${escapeSvg(input.title)}</title>`,
  ];
  for (const fraction of [0, 0.5, 1]) {
    const y = PAD.top + plotHeight - fraction * plotHeight;
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${coord(y)}" y2="${coord(y)}"/>`,
      `<text class="axis" x="${PAD.left - 6}" y="${coord(y + 4)}" text-anchor="end">${escapeSvg(formatNumber(axisMax * fraction))}</text>`,
    );
  }
  parts.push(`<text class="axis" x="4" y="14">${escapeSvg(input.unit)}</text>`);
  for (const bar of bars) {
    const series = input.series[bar.series];
    const color = input.categoryColors?.[bar.category] ?? series?.color ?? bar.series;
    const label = `${input.categories[bar.category] ?? ''}${input.series.length > 1 ? ` ${series?.name ?? ''}` : ''}: ${formatNumber(bar.value)} ${input.unit}`;
    parts.push(`<rect class="bar series-${color}" x="${coord(bar.x)}" y="${coord(bar.y)}" width="${coord(bar.width)}" height="${coord(bar.height)}"><title>${escapeSvg(label)}</title></rect>`);
    if (bar.width >= minLabelledBarWidth) {
      parts.push(`<text class="value" x="${coord(bar.x + bar.width / 2)}" y="${coord(bar.y - 4)}" text-anchor="middle">${escapeSvg(formatNumber(bar.value, 1))}</text>`);
    }
  }
  const maxChars = Math.max(6, Math.floor(groupWidth / 7.5));
  shortenLabels(input.categories, maxChars).forEach((label, index) => {
    const x = PAD.left + index * groupWidth + groupWidth / 2;
    parts.push(
      `<text class="label" x="${coord(x)}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeSvg(label)}<title>${escapeSvg(input.categories[index] ?? '')}</title></text>`,
    );
  });
  parts.push(...(key?.parts ?? []));
  parts.push('</svg>');
  return parts.join('');
}
