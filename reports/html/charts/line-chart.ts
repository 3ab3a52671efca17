import { formatNumber } from '../../../src/model/format-number.js';
import { coord, escapeSvg } from './escape-svg.js';
import { legend } from './legend.js';
import { niceMax } from './nice-max.js';

/** Input of {@link renderLineChart}: one line per series (target) over time. */
export interface LineChartInput {
  readonly title: string;
  /** Unit of the y axis, e.g. `MB/s`. */
  readonly unit: string;
  /** Unit of the x axis, e.g. `s`. */
  readonly xUnit: string;
  /** One line per series; `color` is its palette index (default: its position), so a target keeps its colour. */
  readonly series: readonly {
    readonly name: string;
    readonly color?: number;
    readonly points: readonly { readonly x: number; readonly y: number }[];
  }[];
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 24, right: 12, bottom: 44, left: 56 };

/** Polyline points of each series in SVG coordinates, exported for tests. */
export function layoutLines(input: LineChartInput): { readonly lines: string[]; readonly xMax: number; readonly yMax: number } {
  const all = input.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xMax = niceMax(Math.max(0, ...all.map((p) => p.x)));
  const yMax = niceMax(Math.max(0, ...all.map((p) => p.y)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const lines = input.series.map((series) =>
    series.points
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
      .map((p) => `${coord(PAD.left + (Math.max(0, p.x) / xMax) * plotWidth)},${coord(PAD.top + plotHeight - (Math.max(0, p.y) / yMax) * plotHeight)}`)
      .join(' '),
  );
  return { lines, xMax, yMax };
}

/** A multi-series line chart as a self-contained SVG string with escaped labels and a legend. */
export function renderLineChart(input: LineChartInput): string {
  const { lines, xMax, yMax } = layoutLines(input);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const key = legend(
    input.series.map((series, index) => ({ name: series.name, color: series.color ?? index })),
    { width: WIDTH, left: PAD.left, y: HEIGHT - 14 },
  );
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT + key.extraHeight}" role="img" aria-label="${escapeSvg(input.title)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${escapeSvg(input.title)}</title>`,
  ];
  for (const fraction of [0, 0.5, 1]) {
    const y = PAD.top + plotHeight - fraction * plotHeight;
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${coord(y)}" y2="${coord(y)}"/>`,
      `<text class="axis" x="${PAD.left - 6}" y="${coord(y + 4)}" text-anchor="end">${escapeSvg(formatNumber(yMax * fraction))}</text>`,
    );
  }
  parts.push(
    `<text class="axis" x="4" y="14">${escapeSvg(input.unit)}</text>`,
    `<text class="axis" x="${PAD.left}" y="${HEIGHT - PAD.bottom + 16}">0</text>`,
    `<text class="axis" x="${WIDTH - PAD.right}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="end">${escapeSvg(`${formatNumber(xMax)} ${input.xUnit}`)}</text>`,
  );
  lines.forEach((points, index) => {
    if (points !== '') {
      parts.push(`<polyline class="line series-${input.series[index]?.color ?? index}" fill="none" points="${points}"><title>${escapeSvg(input.series[index]?.name ?? '')}</title></polyline>`);
    }
  });
  parts.push(...key.parts);
  parts.push('</svg>');
  return parts.join('');
}
