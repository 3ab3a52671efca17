/** Formats a number with at most `digits` decimals and no trailing zeros noise (`12.5`, `3`, `0.25`). */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) {
    return '–';
  }
  return Number(value.toFixed(digits)).toString();
}

/** Milliseconds as `812.3 ms`, or seconds from one second on (`4.27 s`, `12.3 s`): nobody reads `4274.7 ms` at a glance. */
export function formatMs(ms: number): string {
  if (ms < 1000) {
    return `${formatNumber(ms, 1)} ms`;
  }
  return `${formatNumber(ms / 1000, ms >= 10_000 ? 1 : 2)} s`;
}

/** Bytes in binary units, `4 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, 1)} ${units[unit] ?? 'B'}`;
}
