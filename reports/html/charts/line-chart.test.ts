import { describe, expect, it } from 'vitest';
import { layoutLines, renderLineChart } from './line-chart.js';

describe('line chart', () => {
  it('maps points linearly onto the plot with round axis maxima', () => {
    const { lines, xMax, yMax } = layoutLines({
      title: 't',
      unit: 'MB/s',
      xUnit: 's',
      series: [{ name: 'a', points: [{ x: 0, y: 0 }, { x: 5, y: 50 }, { x: 10, y: 100 }] }],
    });
    expect(xMax).toBe(10);
    expect(yMax).toBe(100);
    const points = lines[0]!.split(' ').map((pair) => pair.split(',').map(Number));
    // Equal steps in x and y give equal steps on screen: a straight line.
    expect(points[1]![0]! - points[0]![0]!).toBeCloseTo(points[2]![0]! - points[1]![0]!, 1);
    expect(points[0]![1]! - points[1]![1]!).toBeCloseTo(points[1]![1]! - points[2]![1]!, 1);
    expect(points[2]![1]!).toBeLessThan(points[0]![1]!);
  });

  it('draws one polyline per series, skips empty series, and escapes names', () => {
    const svg = renderLineChart({
      title: 'T',
      unit: 'u',
      xUnit: 's',
      series: [
        { name: '<script>x</script>', points: [{ x: 0, y: 1 }] },
        { name: 'empty', points: [] },
      ],
    });
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
