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

/** CPU per GiB only means something for bulk transfers; manifest rows move a few KiB. */
function transferCpuPerGiB(row: BenchRow): number {
  return row.unit === 'MB/s' ? cpuPerGiB(row) : Number.NaN;
}

/** A figure with `digits` decimals, or nothing when it is not a finite number. */
function cell(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '';
}

/**
 * Renders the rows as a Markdown table. `ratio` = rate / the best peer's rate in the group; `CPU/GiB ratio` = CPU s
 * per GiB / that same peer's, so both ratios compare with one tool (above 1: regatta spends more CPU per byte).
 */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| group | tool | rate | ratio vs best peer | CPU s | CPU s/GiB | CPU/GiB ratio vs best peer | peak RSS MiB | note |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const peers = rows.filter((other) => other.group === row.group && !other.tool.startsWith('regatta'));
    const best = peers.reduce<BenchRow | undefined>((top, peer) => (top === undefined || peer.rate > top.rate ? peer : top), undefined);
    const compared = row.tool.startsWith('regatta') && best !== undefined && best.rate > 0 ? best : undefined;
    const ratio = compared === undefined ? Number.NaN : row.rate / compared.rate;
    const perGiB = transferCpuPerGiB(row);
    const cpuRatio = compared === undefined ? Number.NaN : perGiB / transferCpuPerGiB(compared);
    lines.push(
      `| ${row.group} | ${row.tool} | ${row.rate.toFixed(1)} ${row.unit} | ${cell(ratio, 2)} | ${row.cpuSeconds.toFixed(2)} | ` +
        `${cell(perGiB, 2)} | ${cell(cpuRatio, 2)} | ${(row.peakRssBytes / 2 ** 20).toFixed(0)} | ${row.note ?? ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
