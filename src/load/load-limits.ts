/**
 * The largest load settings regatta accepts, from the command line, the config file or a scenario file. Each bound is
 * far above any useful benchmark and below where the engine breaks or measures itself instead of the registry; a value
 * beyond one is a usage error (exit 2) naming the setting, never a crash or a silently meaningless run. The README's
 * "Load settings and their limits" table says the same for users.
 */
export const loadLimits = {
  /**
   * 24 hours. Node timers hold at most 2^31-1 ms (about 24.8 days): a longer timer fires at once, which is how
   * `--duration 99999999h` crashed the workers. A day is also the most a per-second time series keeps sensibly
   * (86 400 points per scenario in results.json).
   */
  maxDurationMs: 24 * 3_600_000,
  /**
   * 1 000 virtual users. A thread's connection pool holds at most 512 connections; VUs beyond that only queue inside
   * regatta and measure its queue, and at `--vus 100000` not one iteration completed. 1 000 leaves room for image flows
   * (several requests per iteration) and for the arrival-rate executor's pool of idle VUs.
   */
  maxVus: 1_000,
  /**
   * 64 threads. Each load thread is a V8 isolate with its own heap (tens of MB) and pool; beyond the core count they
   * only contend (the lab's 2 cores gain nothing past 2), so 64 covers the largest common machines.
   */
  maxThreads: 64,
  /**
   * 100 000 iterations a second. One Node process tops out at a few thousand manifest requests a second on loopback;
   * above this bound the open-model executor could only drop iterations, so the number is a typo, not a plan.
   */
  maxRatePerSecond: 100_000,
  /**
   * 64 GiB per blob or layer: above the largest layer any registry documents accepting (ECR: 52 000 MiB;
   * registry-quirks §2), and a pull scenario's set-up pushes several of them.
   */
  maxSizeBytes: 64 * 1024 ** 3,
  /**
   * 100 trials. `regatta compare` needs 3 to 10 per side for a steady interval; past 100 more trials only lengthen the
   * run (and results.json keeps every trial's histograms).
   */
  maxTrials: 100,
  /**
   * 4 GiB of verified copies per thread: the largest single Buffer Node allocates on 64-bit machines, so one copy of
   * any blob up to it fits; a larger budget would only be memory the copies can never use.
   */
  maxVerifyCopyBytes: 4 * 1024 ** 3,
} as const;
