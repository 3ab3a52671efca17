import type { CheckResult, Exchange, RunResult, ScenarioResult, TargetResult } from '../../src/model/index.js';

/**
 * A fixed RunResult for reporter tests: two targets, every check status, one scenario each, fixed times and hosts,
 * so that snapshots only change when rendering changes (STYLE 32).
 */
const startedAt = '2026-01-02T03:04:05.000Z';

/** One exchange with fixed time, used by the failing checks. */
function exchange(status: number, excerpt: string): Exchange {
  return {
    request: { method: 'PUT', url: 'http://127.0.0.1:5000/v2/regatta-fixture/blobs/uploads/x?digest=sha256:abc', headers: { authorization: 'REDACTED' } },
    response: { status, headers: { 'content-type': 'application/json' }, bodyExcerpt: excerpt },
    startedAt,
    durationMs: 3,
  };
}

/** Checks of the push suite with the given overrides, so each target can differ. */
function pushChecks(failing: boolean, message = 'expected 201, got 202'): CheckResult[] {
  const base = { level: 'MUST' as const, api: 'blob-upload' as const, durationMs: 12, transcript: [] };
  return [
    { ...base, id: 'push/blob-post-put', title: 'POST then PUT uploads a blob', spec: ['end-4b'], status: 'passed' },
    failing
      ? {
          ...base,
          id: 'push/blob-single-post',
          title: 'A single POST with digest creates the blob',
          spec: ['end-4a'],
          status: 'failed',
          errors: [{ message, expected: '201', actual: '202', method: 'POST', url: 'http://127.0.0.1:5000/v2/x', spec: ['end-4a'] }],
          transcript: [exchange(202, '{"errors":[]}')],
        }
      : { ...base, id: 'push/blob-single-post', title: 'A single POST with digest creates the blob', spec: ['end-4a'], status: 'passed' },
    {
      ...base,
      level: 'SHOULD',
      id: 'push/chunk-min-length',
      title: 'OCI-Chunk-Min-Length is advertised',
      spec: ['end-4b'],
      status: 'warned',
      errors: [{ message: 'no OCI-Chunk-Min-Length header' }],
    },
    { ...base, id: 'push/mount', title: 'Cross-repository mount returns 201', spec: ['end-11'], status: 'skipped', reason: 'mount capability absent' },
  ];
}

/** The second suite: delete, disabled on one target, errored on the other. */
function deleteChecks(disabled: boolean): CheckResult[] {
  const base = { level: 'MUST' as const, api: 'manifest-delete' as const, durationMs: 5, transcript: [], spec: ['end-9'] };
  return disabled
    ? [{ ...base, id: 'delete/manifest-by-digest', title: 'DELETE a manifest by digest returns 202', status: 'disabled', reason: 'deletes turned off by config' }]
    : [
        {
          ...base,
          id: 'delete/manifest-by-digest',
          title: 'DELETE a manifest by digest returns 202',
          status: 'errored',
          errors: [{ message: 'connection reset', code: 'OCI_NETWORK' }],
        },
      ];
}

/** A failed check that the target's profile lists as a known deviation. */
const knownCheck: CheckResult = {
  level: 'MUST',
  api: 'blob-upload' as const,
  durationMs: 7,
  transcript: [],
  id: 'push/chunk-range',
  title: 'Each chunk answers Range: 0-<end of the blob so far>',
  spec: ['end-5'],
  status: 'known',
  errors: [{ message: 'Range 0-7 after the second chunk', expected: '0-15', actual: '0-7' }],
  known: {
    profile: 'zot',
    entry: 'push/chunk-*',
    reason: 'each chunk answers the range of that chunk',
    source: 'https://github.com/regclient/regclient/issues/961',
    expires: '2027-06-30',
    was: 'failed',
  },
};

/** A scenario with fixed numbers; `scale` makes the two targets differ. */
function scenario(scale: number, thresholdPassed: boolean): ScenarioResult {
  const latency = { min: 1, mean: 10 * scale, p50: 8 * scale, p90: 20 * scale, p95: 30 * scale, p99: 40 * scale, max: 90 * scale, stddev: 5 };
  return {
    id: 'push-small-blobs',
    description: 'Push 1 MiB blobs with 4 VUs for 10 s',
    status: thresholdPassed ? 'passed' : 'failed',
    executor: { type: 'constant-vus', vus: 4, durationMs: 10000 },
    engine: 'undici',
    threads: 2,
    sizeBytes: 1024 * 1024,
    durationMs: 10000,
    iterations: Math.round(500 / scale),
    droppedIterations: 0,
    minIterations: 4,
    // The slower target had two iterations still running at the end: their bytes are not in the throughput.
    interrupted: scale > 1 ? { iterations: 2, bytes: 3 * 1024 * 1024 } : { iterations: 0, bytes: 0 },
    verified: true,
    latency,
    requests: { total: Math.round(1500 / scale), perSec: 150 / scale },
    throughput: { bytes: 524288000 / scale, mbps: 50 / scale },
    errors: scale > 1 ? 3 : 0,
    timeouts: 0,
    non2xx: scale > 1 ? 3 : 0,
    statusCodes: { '201': 500, '202': 1000 },
    errorClasses: scale > 1 ? { 'http-5xx': 3 } : {},
    operations: [{ operation: 'blob-push', count: 500, errors: 0, bytes: 524288000, opsPerSec: 50 / scale, mbps: 50 / scale, latencyMs: latency }],
    timeSeries: [0, 1, 2, 3, 4].map((t) => ({ t, ops: (150 + t * 5) / scale, bytes: ((50 + t) * 1_000_000) / scale, errors: 0 })),
    thresholds: [{ metric: 'latency.p99', condition: thresholdPassed ? '<250ms' : '<30ms', actual: 40 * scale, passed: thresholdPassed }],
  };
}

/** Builds one target. */
function target(name: string, variant: 'a' | 'b'): TargetResult {
  const a = variant === 'a';
  return {
    name,
    url: a ? 'http://127.0.0.1:5000' : 'http://127.0.0.1:5001',
    product: a ? { name: 'distribution', version: '2.8.3' } : { name: 'zot', version: 'v2.1.0' },
    status: a ? 'failed' : 'errored',
    namespace: `regatta-fixture-${variant}`,
    capabilities: [
      { id: 'delete-manifest', title: 'Manifest deletion', support: a ? 'unsupported' : 'supported', detail: a ? 'DELETE → 405' : 'DELETE → 202' },
      { id: 'blob-range', title: 'Range requests on blobs', support: 'supported' },
      { id: 'catalog', title: 'Catalog listing', support: a ? 'supported' : 'unknown' },
    ],
    suites: [
      { id: 'push', title: 'Push', status: a ? 'failed' : 'warned', durationMs: 48, checks: a ? pushChecks(a) : [...pushChecks(a), knownCheck] },
      { id: 'delete', title: 'Delete', status: a ? 'disabled' : 'errored', durationMs: 5, checks: deleteChecks(a) },
    ],
    ...(a
      ? {}
      : {
          profile: {
            name: 'zot',
            hash: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
            source: 'shipped',
            requires: ['referrers'],
            nowPassing: [{ check: 'push/blob-single-post', entry: 'push/blob-single-post' }],
            expired: [],
          },
        }),
    scenarios: [scenario(a ? 1 : 2, !a)],
    cleanup: { deleted: 4, leftovers: [], kept: false },
  };
}

/** The fixture run: two targets, `dist` (a failure) and `zot` (an error), fixed times and hosts. */
export function fixtureRun(): RunResult {
  return {
    schemaVersion: 1,
    runId: 'fixture01',
    kind: 'conformance',
    startedAt,
    endedAt: '2026-01-02T03:05:05.000Z',
    durationMs: 60000,
    status: 'errored',
    interrupted: false,
    environment: {
      regattaVersion: '0.1.0',
      node: 'v20.0.0',
      platform: 'linux',
      arch: 'x64',
      hostname: 'fixture-host',
      cpus: 2,
      memoryBytes: 4294967296,
    },
    config: { targets: [{ name: 'dist', url: 'http://127.0.0.1:5000', password: 'REDACTED' }], keep: false },
    targets: [target('dist', 'a'), target('zot', 'b')],
  };
}

/** Hostile strings a malicious registry could return. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  '{{constructor.constructor("alert(3)")()}}',
  ']]>',
  'ctl\u0000\u0001\u0008\u000b\u001b[31m',
  '| pipe | `tick` [link](javascript:alert(4))',
].join(' ');

/** The fixture run with registry-supplied text (messages, transcript headers, product names, tag names) made hostile. */
export function hostileRun(): RunResult {
  const run = fixtureRun();
  const targets = run.targets.map((t): TargetResult => ({
    ...t,
    name: t.name,
    product: { name: HOSTILE, version: HOSTILE },
    capabilities: t.capabilities.map((c) => ({ ...c, detail: HOSTILE })),
    error: HOSTILE,
    cleanup: { deleted: 0, leftovers: [`regatta-fixture/repo:${HOSTILE}`], kept: false },
    suites: t.suites.map((s) => ({
      ...s,
      checks: s.checks.map((c): CheckResult => {
        const transcript: Exchange[] = [
          {
            request: { method: 'GET', url: `http://127.0.0.1:5000/v2/x/tags/list?last=${HOSTILE}`, headers: { 'x-evil': HOSTILE } },
            response: { status: 500, headers: { 'x-evil': HOSTILE, [HOSTILE]: 'v' }, bodyExcerpt: HOSTILE },
            startedAt,
            durationMs: 1,
          },
        ];
        if (c.status === 'failed' || c.status === 'errored' || c.status === 'warned') {
          return { ...c, transcript, notes: [HOSTILE], errors: [{ message: HOSTILE, expected: HOSTILE, actual: HOSTILE, url: HOSTILE }] };
        }
        if (c.status === 'skipped' || c.status === 'disabled') {
          return { ...c, transcript, reason: HOSTILE };
        }
        return { ...c, transcript };
      }),
    })),
    scenarios: t.scenarios.map((s) => ({ ...s, reason: HOSTILE, errorClasses: { [HOSTILE]: 1 } })),
  }));
  return { ...run, targets, config: { note: HOSTILE } };
}
