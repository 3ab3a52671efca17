import { accessSync, constants, statfsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Free space a RAM-backed temp directory must have before tests put their lab registries' data there. */
const ramTmpMinFreeBytes = 2 * 2 ** 30;

/**
 * Tests keep their temporary files (lab registries' storage above all) in `/dev/shm` when `TMPDIR` is not set and it
 * is a writable tmpfs with room, so that no test waits on a disk it does not test. distribution v3 fsyncs every file
 * it writes (each link twice: the file and its directory), and on this 2-core machine's ext4 that made the mimic
 * conformance tests take 206 s where tmpfs took 135 s. Verdicts do not depend on the storage medium; benchmarks and
 * the demo are not run by vitest and keep the machine's `TMPDIR`.
 */
function preferRamTmpdir(): void {
  if (process.env['TMPDIR'] !== undefined) {
    return;
  }
  try {
    accessSync('/dev/shm', constants.W_OK);
    const { bavail, bsize, type } = statfsSync('/dev/shm');
    const tmpfsMagic = 0x01021994;
    if (type === tmpfsMagic && bavail * bsize >= ramTmpMinFreeBytes) {
      // Read by os.tmpdir() in this process and inherited by every test worker and child process.
      process.env['TMPDIR'] = '/dev/shm';
    }
  } catch {
    // No usable /dev/shm: the machine's temporary directory it is.
  }
}

preferRamTmpdir();

/**
 * Two projects: `unit` (scripted node:http servers, no lab) and `integration` (real lab registries on loopback,
 * started by the tests themselves). Benchmarks live in `*.bench.ts` and run only under `npm run bench`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{src,suites,scenarios,reports,fixtures}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**', 'dist/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{src,suites,scenarios,reports,fixtures}/**/*.integration.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Real registries are heavy on a 2-core machine: run integration files one at a time.
          fileParallelism: false,
        },
      },
    ],
    benchmark: { include: ['{src,scenarios}/**/*.bench.ts'] },
  },
});
