import type { AptRecipe, LabComponent } from './lab-component.js';
import { runCommand, tailLines } from './run-command.js';

/** Outcome of installing a set of Debian packages: `undefined` reason means success. */
export interface AptInstallOutcome {
  readonly ok: boolean;
  readonly reason?: string;
}

const aptTimeoutMs = 20 * 60 * 1000;

/**
 * Installs the Debian packages of `components` with one `apt-get update` and one `apt-get install`. Needs root; when
 * not root it says which command to run instead. Called only when something is missing, so a warm machine never
 * touches apt.
 */
export async function installAptPackages(
  components: readonly LabComponent[],
  log: (line: string) => void,
): Promise<AptInstallOutcome> {
  const packages = components.map((component) => (component.recipe as AptRecipe).package);
  if (packages.length === 0) {
    return { ok: true };
  }
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: `not root, so cannot install Debian packages: run \`sudo apt-get update && sudo ${command}\`` };
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`apt-get update (missing: ${packages.join(', ')})`);
  const update = await runCommand('apt-get', ['update'], { env, timeoutMs: aptTimeoutMs });
  if (update.code !== 0) {
    return { ok: false, reason: `apt-get update failed:\n${tailLines(update.output, 10)}` };
  }
  log(command);
  const install = await runCommand('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    env,
    timeoutMs: aptTimeoutMs,
  });
  if (install.code !== 0) {
    return { ok: false, reason: `${command} failed:\n${tailLines(install.output, 10)}` };
  }
  return { ok: true };
}
