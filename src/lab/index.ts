/**
 * The lab: real registries (distribution 2.8 and v3, olareg, zot) and peer tools installed at pinned versions into
 * `.regatta/bin` (with a user-level cache shared by clones), started on free 127.0.0.1 ports with generated configs,
 * and stopped without leaving a process behind. Tests use `startLab` and `labComponentStatus`; the CLI wraps them
 * as `regatta lab install|up|down|status`.
 */
export {
  labComponentNames,
  labComponents,
  findLabComponent,
  isLabComponentName,
  labRegistryNames,
  type LabComponent,
  type LabComponentName,
  type LabRegistryProduct,
  type InstallRecipe,
  type AptRecipe,
  type GoInstallRecipe,
  type GoBuildMainModuleRecipe,
  type GoTestBinaryRecipe,
} from './lab-component.js';
export { resolveLabPaths, type LabPaths } from './lab-paths.js';
export { labComponentStatus, type LabComponentStatus } from './component-status.js';
export { installLabComponents, defaultInstallNames, type ComponentInstallResult } from './install-components.js';
export type { LabRegistryOptions, LabAuthOptions, LabTlsOptions } from './lab-registry-options.js';
export { buildRegistryLaunch, type RegistryLaunch, type RegistryLaunchInput } from './registry-launch.js';
export { findFreePort, isPortFree } from './free-port.js';
export { waitForRegistryReady, type WaitReadyOptions } from './wait-ready.js';
export type { LabTarget } from './lab-target.js';
export { startLab, type Lab, type StartLabOptions } from './start-lab.js';
export {
  readLabState,
  writeLabState,
  stopLabState,
  pidRunsBinary,
  labStateSchema,
  type LabState,
  type StoppedTarget,
} from './lab-state.js';
export { isPidAlive } from './registry-process.js';
export { labResolvedTarget } from './lab-resolved-target.js';
