/**
 * Calls `work` on every item with at most `limit` calls in flight, taking items in order, and resolves when all have
 * ended. `work` must not reject (collect failures into its own results); if it does, the first rejection is thrown
 * after every started call has ended, and items not yet started are not started.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  let failure: unknown;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        if (!failed) {
          failed = true;
          failure = error;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failed) {
    throw failure;
  }
}
