/**
 * The lab: real registries (distribution 2.8 and v3, olareg, zot) and peer tools installed at pinned versions into
 * `.regatta/bin` (with a user-level cache shared by clones), started on free 127.0.0.1 ports with generated configs,
 * and stopped without leaving a process behind. Tests use `startLab` and `labComponentStatus`; the CLI wraps them
 * as `regatta lab install|up|down|status`.
 */
export { labComponents, isLabComponentName, labRegistryNames, type LabComponentName } from './lab-component.js';
export { resolveLabPaths, type LabPaths } from './lab-paths.js';
export { labComponentStatus } from './component-status.js';
export { processCpuSeconds } from './registry-process.js';
export { loggedRequests } from './logged-requests.js';
export { installLabComponents, defaultInstallNames } from './install-components.js';

export type { LabTarget } from './lab-target.js';
export { startLab, type Lab, type StartLabOptions } from './start-lab.js';
export { readLabState, writeLabState, stopLabState, pidRunsBinary } from './lab-state.js';

export { labResolvedTarget } from './lab-resolved-target.js';
