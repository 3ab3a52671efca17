import { cpus, hostname, totalmem } from 'node:os';
import { readPackageVersion } from '../package/package-info.js';
import type { RunResult } from '../model/index.js';

/** The machine and tool that produced a run. */
export function runEnvironment(): RunResult['environment'] {
  return {
    regattaVersion: readPackageVersion(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    hostname: hostname(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
  };
}
