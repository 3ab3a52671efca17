/**
 * Human units in config: durations like `30s` and sizes like `16MiB`. Parsers return undefined on bad input so the
 * schema can word the message and name the setting.
 */

const durationUnitsMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const sizeUnitsBytes: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `250ms`, `30s`, `5m`, `1h`, or a bare number of milliseconds → milliseconds; undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const value = Number(match[1]) * (durationUnitsMs[match[2] ?? 'ms'] ?? 1);
  return Number.isFinite(value) ? Math.round(value) : undefined;
}

/** `512`, `64KiB`, `16MiB`, `1GB` (case-insensitive) → bytes; undefined when malformed. */
export function parseSizeBytes(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const unit = sizeUnitsBytes[(match[2] ?? 'b').toLowerCase()];
  if (unit === undefined) {
    return undefined;
  }
  const value = Math.round(Number(match[1]) * unit);
  return Number.isSafeInteger(value) ? value : undefined;
}
