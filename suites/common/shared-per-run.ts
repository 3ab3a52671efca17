/**
 * Read-only data shared by the checks of one target run: the pushes a check only reads from, made once per run
 * rather than once per check (a full run on distribution v3 was bound by the registry's work per request).
 */
import type { CheckContext, CleanupRegistry } from '../../src/conformance/define-suite.js';

/**
 * A store of values per target run: `of(ctx)` is the map of `ctx`'s run. Keyed by the run's cleanup registry (one per
 * target and run), so a finished run's entries go with it.
 */
export function perRunStore<V>(): (ctx: CheckContext) => Map<string, V> {
  const byRun = new WeakMap<CleanupRegistry, Map<string, V>>();
  return (ctx) => {
    let ofRun = byRun.get(ctx.cleanup);
    if (ofRun === undefined) {
      ofRun = new Map();
      byRun.set(ctx.cleanup, ofRun);
    }
    return ofRun;
  };
}

/** Pushes shared per target run, by repository. */
const sharedPushes = perRunStore<Promise<unknown>>();

/** What names a shared repository: `<namespace>/<suite>-shared-<name>`. */
const sharedMarker = '-shared-';

/** True when `repo` holds data shared by the checks of a run ({@link sharedPerRun}), not one check's own. */
export function isSharedRepository(repo: string): boolean {
  return repo.includes(sharedMarker);
}

/**
 * What `push` makes in `<namespace>/<suite>-shared-<name>`, once per target run. In the per-check layout the first
 * check to ask runs `push` with a context of its own whose repository is that one and whose seed is derived from its
 * name (its transcript shows the requests); every later check of the run awaits that same push and notes it. Checks
 * given the result must only read what it pushed, or change it only once every check that reads it has ended (as a
 * content tree's delete checks do, by `runsAfter`). In the fixed layout every check lives in shared repositories under
 * a tag prefix of its own, so each runs `push` with its own context, as if nothing were shared.
 */
export function sharedPerRun<T>(ctx: CheckContext, suite: string, name: string, push: (ctx: CheckContext) => Promise<T>): Promise<T> {
  if (ctx.layout === 'fixed') {
    return push(ctx);
  }
  const ofRun = sharedPushes(ctx);
  const repo = `${ctx.namespace}/${suite}${sharedMarker}${name}`;
  const pending = ofRun.get(repo) as Promise<T> | undefined;
  if (pending !== undefined) {
    ctx.note(`reads ${repo}, pushed once per run for the checks that only read it`);
    return pending;
  }
  const pushed = push({ ...ctx, seed: `regatta-shared/${suite}/${name}`, repo: (suffix) => (suffix === undefined ? repo : `${repo}-${suffix}`) });
  ofRun.set(repo, pushed);
  return pushed;
}
