import type { RoundTrip } from '../../src/model/index.js';
import { formatNumber } from '../../src/model/format-number.js';

/** `--label` pairs as `key=value, …`, or `none`. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'none' : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

/** The round trip to /v2/ as `round trip to /v2/: connect 0.1 ms · TLS 2 ms · first byte 0.8 ms`, or why it is missing. */
export function formatRoundTrip(trip: Pick<RoundTrip, 'connectMs' | 'tlsMs' | 'firstByteMs' | 'error'> | undefined): string {
  if (trip === undefined) {
    return 'round trip to /v2/ not measured';
  }
  if (trip.error !== undefined) {
    return `round trip to /v2/ not measured: ${trip.error}`;
  }
  const tls = trip.tlsMs === undefined ? '' : ` · TLS ${formatNumber(trip.tlsMs, 2)} ms`;
  return `round trip to /v2/: connect ${formatNumber(trip.connectMs, 2)} ms${tls} · first byte ${formatNumber(trip.firstByteMs, 2)} ms`;
}
