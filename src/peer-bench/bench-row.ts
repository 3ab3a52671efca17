/** One line of the peer table. */
export interface BenchRow {
  readonly group: string;
  readonly tool: string;
  /** MB/s (10^6 bytes per second) for transfers, requests per second for HEAD. */
  readonly rate: number;
  readonly unit: 'MB/s' | 'req/s';
  readonly bytes: number;
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  readonly note?: string;
}

/** CPU seconds per GiB moved (NaN when nothing moved). */
export function cpuPerGiB(row: BenchRow): number {
  return row.bytes > 0 ? row.cpuSeconds / (row.bytes / 2 ** 30) : Number.NaN;
}

/** Renders the rows as a Markdown table; `ratio` = rate / best peer rate of the group. */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| group | tool | rate | ratio vs best peer | CPU s | CPU s/GiB | peak RSS MiB | note |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const peers = rows.filter((other) => other.group === row.group && !other.tool.startsWith('regatta'));
    const best = Math.max(0, ...peers.map((peer) => peer.rate));
    const ratio = row.tool.startsWith('regatta') && best > 0 ? (row.rate / best).toFixed(2) : '';
    // CPU per GiB only means something for bulk transfers; manifest rows move a few KiB.
    const perGiB = row.unit === 'MB/s' ? cpuPerGiB(row) : Number.NaN;
    lines.push(
      `| ${row.group} | ${row.tool} | ${row.rate.toFixed(1)} ${row.unit} | ${ratio} | ${row.cpuSeconds.toFixed(2)} | ` +
        `${Number.isNaN(perGiB) ? '' : perGiB.toFixed(2)} | ${(row.peakRssBytes / 2 ** 20).toFixed(0)} | ${row.note ?? ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
