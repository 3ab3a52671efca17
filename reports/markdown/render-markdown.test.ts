import { describe, expect, it } from 'vitest';
import { fixtureRun, hostileRun } from '../test-support/fixture-run.js';
import { escapeMarkdown } from './escape-markdown.js';
import { renderMarkdown } from './render-markdown.js';

describe('renderMarkdown', () => {
  it('renders the fixture run (snapshot)', async () => {
    await expect(renderMarkdown(fixtureRun())).toMatchFileSnapshot('__snapshots__/fixture-summary.md');
  });

  it('has a verdict table, failures with spec links, and the load table', () => {
    const md = renderMarkdown(fixtureRun());
    expect(md).toContain('| dist | distribution 2.8.3 | ❌ failed | 1 | 0 | 1 | 1 | 0 | 1 | 1 |');
    expect(md).toContain(
      '- ❌ failed `push/blob-single-post` A single POST with digest creates the blob ([end-4a](https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints)): expected 201, got 202',
    );
    // The known deviation is counted, listed with its profile entry, and the profile's findings are spelled out.
    expect(md).toContain('| zot | zot v2.1.0 | 💥 errored | 2 | 1 | 1 | 0 | 1 | 1 | 0 |');
    expect(md).toContain('- zot: profile zot sha256:0123456789ab \\(1 known\\)');
    expect(md).toContain('known deviation now passes: remove it from the profile: push/blob-single-post');
    expect(md).toMatch(/🔵 known `push\/chunk-range` .*known deviation \\\(profile zot, until 2027-06-30, was failed\\\)/);
    expect(md).toContain('| zot | push-small-blobs | ✅ passed | 25 | 75 | 16 | 40 | 60 | 80 | 3 | 247 completed (min 4), 3 failed, 2 interrupted (3 MiB not counted) | ✅ latency.p99 &lt;250ms |');
  });

  it('lists warnings apart from failures: a warned or known check never sits under Failures', () => {
    const md = renderMarkdown(fixtureRun());
    const failures = md.slice(md.indexOf('## Failures'), md.indexOf('## Warnings'));
    const warnings = md.slice(md.indexOf('## Warnings'), md.indexOf('## Load'));
    expect(md.indexOf('## Failures')).toBeGreaterThan(-1);
    expect(md.indexOf('## Warnings')).toBeGreaterThan(md.indexOf('## Failures'));
    expect(failures).toContain('❌ failed');
    expect(failures).not.toMatch(/⚠️ warned|🔵 known/);
    expect(warnings).toMatch(/⚠️ warned/);
    expect(warnings).toMatch(/🔵 known `push\/chunk-range`/);
    expect(warnings).not.toMatch(/❌ failed|💥 errored/);
  });

  it('caps each entry\'s reason and the number of entries per target, saying how many more there are', () => {
    const run = fixtureRun();
    const target = run.targets[0]!;
    const failed = target.suites[0]!.checks.find((check) => check.status === 'failed')!;
    const many = Array.from({ length: 70 }, (_, index) => ({
      ...failed,
      id: `push/many-${index}`,
      errors: [{ message: `reason ${index} ${'x'.repeat(100_000)}` }],
    }));
    run.targets[0] = { ...target, suites: [{ ...target.suites[0]!, checks: many }] };
    const md = renderMarkdown(run);
    const entries = md.split('\n').filter((line) => line.startsWith('- ❌ failed `push/many-'));
    expect(entries).toHaveLength(50);
    for (const entry of entries) {
      expect(entry.length).toBeLessThan(600);
      expect(entry.endsWith('…')).toBe(true);
    }
    expect(md).toContain('- … 20 more (see report.html)');
    expect(md.length).toBeLessThan(60_000);
  });

  it('does not repeat a check title that its reason starts with', () => {
    const run = fixtureRun();
    const target = run.targets[0]!;
    const failed = target.suites[0]!.checks.find((check) => check.status === 'failed')!;
    const worded = { ...failed, title: 'Each chunk answers its Range', errors: [{ message: 'Each chunk answers its Range (PATCH 1024-2047): expected 0-2047, got 0-1023' }] };
    run.targets[0] = { ...target, suites: [{ ...target.suites[0]!, checks: [worded] }] };
    const line = renderMarkdown(run).split('\n').find((entry) => entry.startsWith('- ❌ failed'))!;
    expect(line.split('Each chunk answers its Range')).toHaveLength(2);
    expect(line).toContain(': \\(PATCH 1024-2047\\): expected 0-2047, got 0-1023');
  });

  it('escapes registry text: no raw HTML, no table-breaking pipes, no links', () => {
    const md = renderMarkdown(hostileRun());
    expect(md).not.toMatch(/<script|<img|\]\(javascript:/);
    // Every row of each table keeps the header's column count: pipes in registry text are escaped.
    const tables: string[][] = [];
    let current: string[] | undefined;
    for (const line of md.split('\n')) {
      if (line.startsWith('|')) {
        current ??= [];
        current.push(line);
      } else if (current !== undefined) {
        tables.push(current);
        current = undefined;
      }
    }
    if (current !== undefined) {
      tables.push(current);
    }
    // The verdict table, the per-API matrix and the load table.
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      const widths = table.map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(widths).size).toBe(1);
    }
  });

  it('escapeMarkdown neutralises HTML, Markdown syntax and control characters', () => {
    expect(escapeMarkdown('<b>x</b> | `y` [z](javascript:1) {{a}}\u0000\n')).toBe(
      '&lt;b&gt;x&lt;/b&gt; \\| \\`y\\` \\[z\\]\\(javascript:1\\) \\{\\{a\\}\\} ',
    );
  });
});
