/**
 * The latency histogram an exported k6 script keeps, in k6's own terms: k6's end-of-test summary has no raw samples
 * and no mergeable histogram (a Trend gives percentiles, which cannot be added), so the script counts every latency
 * into one Counter per (operation, log bucket), created in the init context. Counters add exactly across runners
 * (k6-operator does not aggregate them), and `regatta import k6` rebuilds the histograms from the summed buckets.
 * Buckets grow by 5 %: a percentile read from them is within ±2.5 % of the sample's value. The script renders its
 * copy of {@link latencyBucket} from these constants.
 */

/** Lower edge of bucket 1, ms (bucket 0 holds everything faster). */
export const bucketMinMs = 0.05;
/** Each bucket is this much wider than the one before. */
export const bucketFactor = 1.05;
/** Buckets per operation: bucket 0, then up to ten minutes (longer values land in the last). */
export const bucketCount = 1 + Math.ceil(Math.log(600_000 / bucketMinMs) / Math.log(bucketFactor));

/** The bucket of a latency in ms. */
export function latencyBucket(ms: number): number {
  if (!(ms > bucketMinMs)) {
    return 0;
  }
  return Math.min(bucketCount - 1, 1 + Math.floor(Math.log(ms / bucketMinMs) / Math.log(bucketFactor)));
}

/** The value a bucket stands for when the histogram is rebuilt, ms: the geometric middle of its edges. */
export function bucketValueMs(bucket: number): number {
  if (bucket <= 0) {
    return bucketMinMs / 2;
  }
  return bucketMinMs * bucketFactor ** (bucket - 1) * Math.sqrt(bucketFactor);
}

/**
 * Parses the name of a bucket Counter, `regatta_lat_<operation with underscores>_<bucket>` as the script builds it:
 * the operation (with dashes) and bucket, or undefined for any other metric.
 */
export function parseBucketMetricName(name: string): { operation: string; bucket: number } | undefined {
  const match = /^regatta_lat_([a-z_]+)_(\d+)$/.exec(name);
  if (match === null) {
    return undefined;
  }
  return { operation: (match[1] ?? '').replace(/_/g, '-'), bucket: Number(match[2]) };
}
