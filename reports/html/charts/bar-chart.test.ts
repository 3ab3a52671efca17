import { describe, expect, it } from 'vitest';
import { layoutBars, renderBarChart } from './bar-chart.js';

describe('bar chart', () => {
  it('draws bar heights proportional to the values on a round axis', () => {
    const { bars, axisMax } = layoutBars({ title: 't', unit: 'MB/s', categories: ['a', 'b', 'c'], series: [{ name: 's', values: [40, 20, 10] }] });
    expect(axisMax).toBe(50);
    const [a, b, c] = bars;
    expect(a!.height / b!.height).toBeCloseTo(2, 6);
    expect(b!.height / c!.height).toBeCloseTo(2, 6);
    // Every bar stands on the same baseline.
    expect(new Set(bars.map((bar) => bar.y + bar.height)).size).toBe(1);
  });

  it('groups series side by side within a category', () => {
    const { bars } = layoutBars({ title: 't', unit: 'ms', categories: ['a'], series: [{ name: 'p50', values: [1] }, { name: 'p99', values: [4] }] });
    expect(bars.map((bar) => bar.series)).toEqual([0, 1]);
    expect(bars[1]!.x).toBeGreaterThan(bars[0]!.x);
    expect(bars[1]!.height / bars[0]!.height).toBeCloseTo(4, 6);
  });

  it('treats zero, negative and non-finite values as empty bars', () => {
    const { bars, axisMax } = layoutBars({ title: 't', unit: 'x', categories: ['a', 'b', 'c'], series: [{ name: 's', values: [0, -3, Number.NaN] }] });
    expect(axisMax).toBe(1);
    expect(bars.map((bar) => bar.height)).toEqual([0, 0, 0]);
  });

  it('escapes every label and title', () => {
    const svg = renderBarChart({
      title: '<script>alert(1)</script>',
      unit: '"><b>',
      categories: ['<img src=x onerror=alert(2)>'],
      series: [{ name: '&', values: [1] }],
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('aria-label="&lt;script&gt;');
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
