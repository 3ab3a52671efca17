import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/target.js';
import { ConformanceFailure } from '../errors/index.js';
import type { CheckResult, RunResult } from '../model/index.js';
import { defineSuite, type CheckContext, type CheckDefinition, type SuiteDefinition } from './define-suite.js';
import { runConformance, type RunConformanceOptions } from './run-conformance.js';
import { startFakeRegistry, type FakeRegistry, type FakeRegistryOptions } from './test-support/fake-registry.js';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

async function fake(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const registry = await startFakeRegistry(options);
  closers.push(() => registry.close());
  return registry;
}

function targetFor(url: string): ResolvedTarget {
  return { name: 'fake', url, namespace: 'ci', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 5000 };
}

/** A run with a short check budget: a scheduling bug shows as an errored check within seconds, never as a hang. */
function run(url: string, suites: readonly SuiteDefinition[], extra: Partial<RunConformanceOptions> = {}): Promise<RunResult> {
  return runConformance({ targets: [targetFor(url)], suites, runId: 'conc0001', checkTimeoutMs: 5000, ...extra });
}

function check(id: string, body: CheckDefinition['run'], extra: Partial<CheckDefinition> = {}): CheckDefinition {
  return { id, title: `check ${id}`, level: 'MUST', spec: ['end-1'], api: 'ping', run: body, ...extra };
}

function suiteOf(id: string, checks: CheckDefinition[]): SuiteDefinition {
  return defineSuite({ id, title: id, description: id, checks });
}

function checksOf(result: RunResult): CheckResult[] {
  return result.targets.flatMap((target) => target.suites.flatMap((suite) => suite.checks));
}

/** A gate a check waits on; the wait also ends (with an error) when the check is aborted, so nothing hangs. */
function gate(): { open: () => void; wait: (ctx: CheckContext) => Promise<void> } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    open: () => {
      open();
    },
    wait: (ctx) =>
      Promise.race([
        opened,
        new Promise<void>((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            reject(new Error('gate never opened'));
          });
        }),
      ]),
  };
}

/** Records check starts and ends, and how many checks were running at once. */
function tracker(): { log: string[]; maxRunning: () => number; traced: (id: string, body?: CheckDefinition['run']) => CheckDefinition['run'] } {
  const log: string[] = [];
  let running = 0;
  let max = 0;
  return {
    log,
    maxRunning: () => max,
    traced: (id, body) => async (ctx) => {
      running += 1;
      max = Math.max(max, running);
      log.push(`start ${id}`);
      try {
        await body?.(ctx);
      } finally {
        running -= 1;
        log.push(`end ${id}`);
      }
    },
  };
}

describe('runConformance with concurrency', () => {
  it('keeps up to `concurrency` checks in flight, as the registry sees them, and never more', async () => {
    // The fake parks GET /v2/hold until four are waiting: only four checks in flight at once can release them.
    const parked: ServerResponse[] = [];
    let holding = 0;
    let maxHolding = 0;
    const release = (status: number): void => {
      for (const res of parked.splice(0)) {
        holding -= 1;
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      }
    };
    const registry = await fake({
      faults: {
        routes: {
          unknown: (_req, res, ctx) => {
            if (ctx.url.pathname !== '/v2/hold') {
              return false;
            }
            holding += 1;
            maxHolding = Math.max(maxHolding, holding);
            parked.push(res);
            if (parked.length >= 4) {
              release(200);
            } else {
              // Safety net only: if four never meet, the checks fail instead of waiting for their budget.
              setTimeout(() => {
                release(503);
              }, 3000).unref();
            }
            return true;
          },
        },
      },
    });
    const hold = async (ctx: CheckContext): Promise<void> => {
      const response = await ctx.client.request('GET', '/v2/hold', { signal: ctx.signal });
      if (response.status !== 200) {
        throw new Error(`held request answered ${response.status}`);
      }
    };
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const result = await run(registry.url, [suiteOf('hold', ids.map((id) => check(id, hold)))], { concurrency: 4 });
    expect(checksOf(result).map((c) => `${c.id} ${c.status}`)).toEqual(ids.map((id) => `hold/${id} passed`));
    expect(maxHolding).toBe(4);
  });

  it('runs one check at a time, in declared order, with concurrency 1', async () => {
    const registry = await fake();
    const { log, maxRunning, traced } = tracker();
    const suites = [suiteOf('one', [check('a', traced('a')), check('b', traced('b'))]), suiteOf('two', [check('c', traced('c'))])];
    const result = await run(registry.url, suites, { concurrency: 1 });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(maxRunning()).toBe(1);
    expect(checksOf(result).map((c) => c.status)).toEqual(['passed', 'passed', 'passed']);
  });

  it('lists results and calls onCheckEnd in declared order when checks end in another order', async () => {
    const registry = await fake();
    const { log, traced } = tracker();
    const lastDone = gate();
    const suites = [
      suiteOf('first', [check('slow', traced('slow', (ctx) => lastDone.wait(ctx))), check('quick', traced('quick'))]),
      suiteOf('second', [check('opener', traced('opener', () => Promise.resolve(lastDone.open())))]),
    ];
    const ended: string[] = [];
    const result = await run(registry.url, suites, {
      concurrency: 3,
      events: { onCheckEnd: (_target, suite, c) => ended.push(`${suite}:${c.id}`) },
    });
    expect(log.filter((line) => line.startsWith('end')).at(-1)).toBe('end slow');
    expect(ended).toEqual(['first:first/slow', 'first:first/quick', 'second:second/opener']);
    expect(result.targets[0]?.suites.map((suite) => suite.checks.map((c) => c.id))).toEqual([
      ['first/slow', 'first/quick'],
      ['second/opener'],
    ]);
  });

  it('starts a dependent check only after its dependency ended, while later independent checks go ahead', async () => {
    const registry = await fake();
    const { log, traced } = tracker();
    const freed = gate();
    const suite = suiteOf('deps', [
      check('first', traced('first', (ctx) => freed.wait(ctx))),
      check('second', traced('second'), { dependsOn: ['first'] }),
      check('free', traced('free', () => Promise.resolve(freed.open()))),
      check('broken', () => Promise.reject(new ConformanceFailure('rule: expected x, got y', { expected: 'x', actual: 'y' }))),
      check('after-broken', traced('after-broken'), { dependsOn: ['broken'] }),
    ]);
    const result = await run(registry.url, [suite], { concurrency: 4 });
    expect(log.indexOf('start free')).toBeLessThan(log.indexOf('end first'));
    expect(log.indexOf('end first')).toBeLessThan(log.indexOf('start second'));
    expect(log).not.toContain('start after-broken');
    const byId = new Map(checksOf(result).map((c) => [c.id, c]));
    expect(byId.get('deps/second')?.status).toBe('passed');
    const skipped = byId.get('deps/after-broken');
    expect(skipped?.status === 'skipped' ? skipped.reason : '').toBe('depends on deps/broken, which failed');
  });

  it('starts a check that runs after another only once that one ended, and runs it whatever that one’s verdict', async () => {
    const registry = await fake();
    const { log, traced } = tracker();
    const freed = gate();
    const suite = suiteOf('turns', [
      check('first', traced('first', async (ctx) => {
        await freed.wait(ctx);
        throw new ConformanceFailure('rule: expected x, got y', { expected: 'x', actual: 'y' });
      })),
      check('next', traced('next'), { runsAfter: ['first'] }),
      check('free', traced('free', () => Promise.resolve(freed.open()))),
    ]);
    const result = await run(registry.url, [suite], { concurrency: 4 });
    expect(log.indexOf('start free')).toBeLessThan(log.indexOf('end first'));
    expect(log.indexOf('end first')).toBeLessThan(log.indexOf('start next'));
    expect(checksOf(result).map((c) => `${c.id} ${c.status}`)).toEqual(['turns/first failed', 'turns/next passed', 'turns/free passed']);
    expect(() => suiteOf('bad', [check('a', traced('a'), { runsAfter: ['b'] }), check('b', traced('b'))])).toThrow(/runs after "b", which does not come before it/);
  });

  it('runs a serial check alone: after every earlier check, before every later one', async () => {
    const registry = await fake();
    const { log, traced } = tracker();
    const suites = [
      suiteOf('before', [check('a', traced('a')), check('b', traced('b'))]),
      suiteOf('alone', [check('s', traced('s'), { serial: true }), check('c', traced('c'))]),
      suiteOf('after', [check('d', traced('d'))]),
    ];
    const result = await run(registry.url, suites, { concurrency: 4 });
    const at = (line: string): number => log.indexOf(line);
    expect(Math.max(at('end a'), at('end b'))).toBeLessThan(at('start s'));
    expect(at('end s')).toBe(at('start s') + 1);
    expect(at('end s')).toBeLessThan(Math.min(at('start c'), at('start d')));
    expect(checksOf(result).every((c) => c.status === 'passed')).toBe(true);
  });

  it('on interrupt lets every running check finish within the grace and starts nothing new', async () => {
    const registry = await fake();
    const controller = new AbortController();
    const secondRunning = gate();
    const stopped = new Promise<void>((resolve) => {
      controller.signal.addEventListener('abort', () => {
        resolve();
      });
    });
    const suite = suiteOf('stop', [
      check('aborts', async (ctx) => {
        await secondRunning.wait(ctx);
        controller.abort();
      }),
      check('running', async () => {
        secondRunning.open();
        await stopped;
      }),
      check('stuck', (ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))),
      check('later', () => Promise.resolve()),
      check('much-later', () => Promise.resolve()),
    ]);
    const result = await run(registry.url, [suite], { signal: controller.signal, concurrency: 3, interruptGraceMs: 50 });
    expect(result.interrupted).toBe(true);
    const outcome = (c: CheckResult): string => (c.status === 'skipped' ? `skipped: ${c.reason}` : c.status);
    expect(checksOf(result).map((c) => `${c.id} ${outcome(c)}`)).toEqual([
      'stop/aborts passed',
      'stop/running passed',
      'stop/stuck skipped: interrupted (the check did not finish within 50 ms of the stop)',
      'stop/later skipped: interrupted before this check ran',
      'stop/much-later skipped: interrupted before this check ran',
    ]);
  });

  it('runs many checks at once without a listener leak warning', async () => {
    const registry = await fake();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const all = gate();
      let started = 0;
      const ids = Array.from({ length: 16 }, (_unused, index) => `c${index}`);
      const waitForAll = async (ctx: CheckContext): Promise<void> => {
        started += 1;
        if (started === ids.length) {
          all.open();
        }
        await all.wait(ctx);
      };
      const result = await run(registry.url, [suiteOf('many', ids.map((id) => check(id, waitForAll)))], { concurrency: 16 });
      await new Promise((resolve) => setImmediate(resolve));
      expect(checksOf(result).every((c) => c.status === 'passed')).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('refuses a concurrency that is not a positive whole number', async () => {
    await expect(run('http://127.0.0.1:9', [], { concurrency: 0 })).rejects.toThrow(
      'concurrency must be a positive whole number, got 0',
    );
    await expect(run('http://127.0.0.1:9', [], { concurrency: 1.5 })).rejects.toThrow(RangeError);
  });

  it('gives the verdicts and order of the serial run for any suites, dependencies, serial marks and finishing order', async () => {
    // Deletes refused: `requires: ['manifest-delete']` skips, so capability skips are in the mix.
    const registry = await fake({ deletes: false });
    const checkShape = fc.record({
      outcome: fc.constantFrom('pass', 'fail', 'warn', 'throw'),
      /** Turns of the event loop before the check ends: shuffles the finishing order. */
      turns: fc.integer({ min: 0, max: 5 }),
      serial: fc.boolean(),
      requiresDelete: fc.boolean(),
      dependsOn: fc.array(fc.nat(), { maxLength: 2 }),
    });
    const shapes = fc.array(fc.array(checkShape, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(shapes, fc.integer({ min: 2, max: 6 }), async (suiteShapes, concurrency) => {
        const { maxRunning, traced } = tracker();
        const suites = suiteShapes.map((shape, s) =>
          suiteOf(
            `s${s}`,
            shape.map((c, i) => {
              const body = async (): Promise<void> => {
                for (let turn = 0; turn < c.turns; turn += 1) {
                  await new Promise((resolve) => setImmediate(resolve));
                }
                if (c.outcome === 'fail' || c.outcome === 'warn') {
                  const level = c.outcome === 'warn' ? { level: 'SHOULD' as const } : {};
                  throw new ConformanceFailure('rule: expected x, got y', { expected: 'x', actual: 'y', ...level });
                }
                if (c.outcome === 'throw') {
                  throw new TypeError('harness bug');
                }
              };
              const dependsOn = i === 0 ? [] : [...new Set(c.dependsOn.map((d) => `c${d % i}`))];
              return check(`c${i}`, traced(`s${s}/c${i}`, body), {
                serial: c.serial,
                dependsOn,
                ...(c.requiresDelete ? { requires: ['manifest-delete' as const] } : {}),
              });
            }),
          ),
        );
        const verdicts = (result: RunResult): string[] =>
          checksOf(result).map((c) => `${c.id} ${c.status} ${c.status === 'skipped' ? c.reason : ''}`);
        const serialRun = await run(registry.url, suites, { concurrency: 1 });
        const parallelRun = await run(registry.url, suites, { concurrency });
        expect(verdicts(parallelRun)).toEqual(verdicts(serialRun));
        expect(maxRunning()).toBeLessThanOrEqual(concurrency);
      }),
      { numRuns: 25 },
    );
  });
});
