/**
 * The gate against a real registry with one capability turned off at a time: distribution-3 of the lab behind a fault
 * proxy. An optional feature the spec lets a registry leave out (DELETE → 405, a mount ignored with a 202 upload
 * session, referrers → 404) is "capability absent" and exit 0 without a profile, and exit 1 naming it with a profile
 * that requires it. Tag pagination is no capability (end-8b is a MUST): a registry that ignores `n` and `last` fails
 * the run. One reset or 503 in the probe changes no verdict; a stalled registry and an endless body fail a bench.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { startLab, type Lab } from '../../lab/index.js';
import { forwardAll, once, startFaultProxy, type FaultProxy, type FaultRequest, type FaultRule } from '../../lab/test-support/fault-proxy.js';
import { requireLabComponent } from '../../lab/test-support/require-lab-component.js';
import { runResultSchema, type RunResult } from '../../model/index.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

type Product = 'distribution-3' | 'zot';
let lab: Lab | undefined;
/** Lab registry URLs by product. */
const upstream = new Map<Product, string>();
const proxies: FaultProxy[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  // A missing component skips (locally) or fails (CI) in each test through requireLabComponent.
  lab = await startLab({ registries: ['distribution-3', 'zot'] }).catch(() => undefined);
  for (const target of lab?.targets ?? []) {
    upstream.set(target.name as Product, target.url);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await lab?.stop();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A lab registry behind a new proxy applying `rule`; `target` is the `--target NAME=URL` value naming the product. */
async function proxied(context: TestContext, rule: FaultRule, product: Product = 'distribution-3'): Promise<FaultProxy & { target: string }> {
  requireLabComponent(context, product);
  const url = upstream.get(product);
  expect(url, `lab ${product} started`).toBeDefined();
  const proxy = await startFaultProxy(url ?? '', rule, { faultBoundMs: 60_000 });
  proxies.push(proxy);
  return { ...proxy, target: `${product}=${proxy.url}` };
}

/** Runs the CLI in a fresh directory holding `files`; returns the exit code, stdout, stderr and results.json. */
async function cli(args: readonly string[], files: Record<string, string> = {}): Promise<{ code: number; out: string; err: string; run: RunResult }> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-fault-gate-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
  }
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: dir, isTty: false, signal: new AbortController().signal };
  const code = await runCli([...args, '--out', 'out'], io);
  const run = runResultSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8')));
  return { code, out: out.join(''), err: err.join(''), run };
}

/** A profile that requires `capabilities`. */
function requiring(...capabilities: string[]): Record<string, string> {
  return { 'needs.yaml': `name: needs\ndescription: test\nrequires: [${capabilities.join(', ')}]\n` };
}

/** Capability id → support of a run's one target. */
function support(run: RunResult): Record<string, string> {
  return Object.fromEntries((run.targets[0]?.capabilities ?? []).map((capability) => [capability.id, capability.support]));
}

/** Check id → status of every check that was not disabled. */
function verdicts(run: RunResult): Record<string, string> {
  const checks = (run.targets[0]?.suites ?? []).flatMap((suite) => suite.checks).filter((check) => check.status !== 'disabled');
  return Object.fromEntries(checks.map((check) => [check.id, check.status]));
}

const isManifestOrBlobDelete = (r: FaultRequest): boolean => r.method === 'DELETE' && /\/(manifests\/[^/]+|blobs\/sha256:[0-9a-f]+)$/.test(r.path);
const isReferrers = (r: FaultRequest): boolean => r.method === 'GET' && /\/referrers\/[^/]+$/.test(r.path);
const isMount = (r: FaultRequest): boolean => r.method === 'POST' && r.query.has('mount');
const isTagList = (r: FaultRequest): boolean => r.method === 'GET' && r.path.endsWith('/tags/list');

/** One optional capability turned off by the proxy, and the suite whose checks need it. */
interface AbsentCase {
  readonly capability: string;
  readonly suite: string;
  readonly rule: FaultRule;
  /** A registry that has the capability (distribution-3 has no referrers API; zot has). */
  readonly product: Product;
}

const absentCases: AbsentCase[] = [
  {
    capability: 'manifest-delete',
    suite: 'delete',
    product: 'distribution-3',
    rule: ((r) => (isManifestOrBlobDelete(r) ? { kind: 'respond', status: 405, code: 'UNSUPPORTED', message: 'deletes are disabled' } : { kind: 'forward' }))
  },
  {
    capability: 'mount',
    suite: 'blob-mount',
    product: 'distribution-3',
    rule: ((r) => (isMount(r) ? { kind: 'drop-query', names: ['mount', 'from'] } : { kind: 'forward' }))
  },
  {
    capability: 'referrers',
    suite: 'referrers',
    product: 'zot',
    rule: ((r) => (isReferrers(r) ? { kind: 'respond', status: 404, code: 'NAME_UNKNOWN', message: 'not found' } : { kind: 'forward' }))
  },
];

describe('the gate against distribution-3 behind a fault proxy', () => {
  it('passes through a clean proxy with its shipped profile, which requires each capability the cases turn off (exit 0)', async (context) => {
    for (const product of ['distribution-3', 'zot'] as const) {
      const needs = absentCases.filter((c) => c.product === product);
      const proxy = await proxied(context, forwardAll, product);
      const suites = ['ping', ...needs.map((c) => c.suite)].join(',');
      const clean = await cli(['conformance', '--target', proxy.target, '--suite', suites, '--expect', product]);
      expect(clean.err).toBe('');
      expect(clean.code, product).toBe(0);
      for (const { capability } of needs) {
        expect(clean.run.targets[0]?.profile?.requires, product).toContain(capability);
        expect(support(clean.run)[capability], `${product} ${capability}`).toBe('supported');
      }
    }
  }, 240_000);

  for (const { capability, suite, rule, product } of absentCases) {
    it(`${capability} turned off: "capability absent" and exit 0 without a profile, exit 1 naming it with one`, async (context) => {
      const proxy = await proxied(context, rule, product);
      // With ping beside it, as in a whole run: a run whose every check was skipped is exit 2 on its own.
      const plain = await cli(['conformance', '--target', proxy.target, '--suite', `ping,${suite}`]);
      expect(plain.code).toBe(0);
      expect(support(plain.run)[capability]).toBe('unsupported');
      expect(plain.out).toMatch(new RegExp(`capability absent, its checks skipped: .*${capability}`));
      expect(Object.values(verdicts(plain.run))).toContain('skipped');

      const judged = await cli(['conformance', '--target', proxy.target, '--suite', `ping,${suite}`, '--expect', 'needs.yaml'], requiring(capability));
      expect(judged.code).toBe(1);
      expect(verdicts(judged.run)[`expectations/requires-${capability}`]).toBe('failed');
      expect(judged.out).toContain(`expectations/requires-${capability}: required capability ${capability} is absent: profile needs requires it`);
      expect(proxy.faults.length).toBeGreaterThan(0);
    }, 240_000);
  }

  it('tag pagination ignored (n and last dropped) is no capability: the pagination checks fail, exit 1', async (context) => {
    const proxy = await proxied(context, (r) => (isTagList(r) ? { kind: 'drop-query', names: ['n', 'last'] } : { kind: 'forward' }));
    const { code, run, out } = await cli(['conformance', '--target', proxy.target, '--suite', 'tags']);
    expect(code).toBe(1);
    const withStatus = (wanted: string): string[] => Object.entries(verdicts(run)).filter(([, status]) => status === wanted).map(([id]) => id);
    expect(withStatus('failed')).toEqual(expect.arrayContaining(['tags/n-limits-results', 'tags/n-and-last', 'tags/n-zero-empty']));
    // last= is worded without a keyword (SHOULD, strict MUST): ignored, it warns.
    expect(withStatus('warned')).toContain('tags/last-is-exclusive');
    expect(out).toContain('✗ distribution-3 tags/n-limits-results: ');
    expect(Object.keys(support(run))).not.toContain('tag-pagination');
  }, 240_000);

  it('one reset or one 503 injected into the probe changes no verdict', async (context) => {
    // Judged by distribution-3's profile: its sha512 mount deviation (blob-mount/sha512-mount-from) is known, so a
    // clean run exits 0 and any verdict a blip changed would show.
    const suites = ['--suite', 'delete,blob-mount,referrers,tags', '--expect', 'distribution-3'];
    const clean = await cli(['conformance', '--target', (await proxied(context, forwardAll)).url, ...suites]);
    expect(clean.code).toBe(0);
    // The probe runs before any check, so the first request of each kind below is the probe's.
    const unavailable = { kind: 'respond', status: 503, code: 'UNAVAILABLE', message: 'try again' } as const;
    const blips: FaultRule[] = [
      once(isManifestOrBlobDelete, { kind: 'reset' }),
      once(isManifestOrBlobDelete, unavailable),
      once(isMount, { kind: 'reset' }),
      once(isMount, unavailable),
      once((r) => r.method === 'PUT' && r.path.includes('/manifests/'), { kind: 'reset' }),
      once((r) => r.path === '/v2/_catalog', unavailable),
    ];
    for (const blip of blips) {
      const proxy = await proxied(context, blip);
      const blipped = await cli(['conformance', '--target', proxy.target, ...suites]);
      expect(proxy.faults).toHaveLength(1);
      expect(support(blipped.run), proxy.faults[0]).toEqual(support(clean.run));
      expect(verdicts(blipped.run), proxy.faults[0]).toEqual(verdicts(clean.run));
      expect(blipped.code, proxy.faults[0]).toBe(0);
    }
  }, 480_000);
});

describe('a bench against distribution-3 behind a stalling proxy', () => {
  it('a registry that stalls every response (after /v2/) fails the bench (exit 1) and says why', async (context) => {
    const proxy = await proxied(context, (r) => (r.path === '/v2/' ? { kind: 'forward' } : { kind: 'stall' }));
    // A request timeout above the run's 2 s plus its 10 s graceful stop, so the stalled iterations are interrupted at
    // the end rather than timed out, and below the default 30 s, which the clean-up after the stall then waited out.
    const config = `targets:\n  - name: distribution-3\n    url: ${proxy.url}\n    limits: { requestTimeoutMs: 15000 }\n`;
    const { code, run, out } = await cli(['bench', '--config', 'regatta.yaml', '--scenario', 'push-blobs', '--duration', '2s', '--vus', '2', '--size', '64KiB', '--threads', '1'], { 'regatta.yaml': config });
    expect(code).toBe(1);
    const scenario = run.targets[0]?.scenarios[0];
    expect(scenario?.status).toBe('failed');
    expect(scenario?.iterations).toBe(0);
    expect(scenario?.interrupted?.iterations).toBe(2);
    expect(scenario?.reason).toMatch(/^no iterations completed in [\d.]+ s \(at least 2 required\); 2 still running at the end were interrupted/);
    expect(out).toContain('no iterations completed');
  }, 120_000);

  it('a blob body that never ends fails the bench (exit 1): its bytes are interrupted, not throughput', async (context) => {
    // Set-up pushes the blobs to the real registry; every blob GET of the measured phase gets an endless body.
    const proxy = await proxied(context, (r) => (r.method === 'GET' && /\/blobs\/sha256:/.test(r.path) ? { kind: 'endless-body' } : { kind: 'forward' }));
    const { code, run } = await cli(['bench', '--target', proxy.target, '--scenario', 'pull-blobs', '--duration', '2s', '--vus', '2', '--size', '64KiB', '--threads', '1']);
    expect(code).toBe(1);
    const scenario = run.targets[0]?.scenarios[0];
    expect(scenario?.iterations).toBe(0);
    expect(scenario?.throughput.bytes).toBe(0);
    expect(scenario?.interrupted?.bytes).toBeGreaterThan(1_000_000);
    expect(scenario?.reason).toContain('MB they moved is not counted as throughput');
  }, 120_000);
});
