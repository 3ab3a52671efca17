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
  tb: 1000 ** 4,
  tib: 1024 ** 4,
  pb: 1000 ** 5,
  pib: 1024 ** 5,
};

/**
 * `250ms`, `30s`, `5m`, `1h` → milliseconds; undefined when malformed. A bare number has no unit and is malformed:
 * k6 users read `--duration 5` as seconds, regatta used to read it as milliseconds, and a wrong guess runs a benchmark
 * a thousand times too short or too long while it still "passes". Asking for the unit costs one character.
 */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const value = Number(match[1]) * (durationUnitsMs[match[2] ?? ''] ?? Number.NaN);
  return Number.isFinite(value) ? Math.round(value) : undefined;
}

/** Why `text` is not a duration, or undefined when it is one. */
export function describeBadDuration(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^-?\d+(?:\.\d+)?$/.test(trimmed)) {
    return `"${trimmed}" has no unit; write ${trimmed}s for seconds (units: ms, s, m, h)`;
  }
  if (trimmed.startsWith('-')) {
    return 'must be greater than 0';
  }
  return parseDurationMs(trimmed) === undefined ? `"${trimmed}" is not a duration; write e.g. 500ms, 30s, 5m or 1h` : undefined;
}

/** `512` (bytes), `64KiB`, `16MiB`, `1GB` (case-insensitive) → bytes; undefined when malformed. */
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
