import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { LabError, UsageError } from '../../errors/index.js';
import {
  defaultInstallNames,
  installLabComponents,
  isLabComponentName,
  labComponentStatus,
  labComponents,
  labRegistryNames,
  readLabState,
  resolveLabPaths,
  startLab,
  stopLabState,
  pidRunsBinary,
  writeLabState,
  type LabComponentName,
  type LabTarget,
} from '../../lab/index.js';
import { isMimicCloud, mimicCloudNames, type MimicCloud } from '../../lab/mimic/mimic-clouds.js';

/** Validates component names from argv. */
function parseNames(names: readonly string[], registriesOnly: boolean): LabComponentName[] {
  const allowed = registriesOnly ? labRegistryNames() : labComponents.map((component) => component.name);
  const unknown = names.filter((name) => !isLabComponentName(name) || !allowed.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown lab ${registriesOnly ? 'registry' : 'component'}: ${unknown.join(', ')}`, {
      hint: `choose from ${allowed.join(', ')}`,
    });
  }
  return names.filter(isLabComponentName);
}

function printTargets(io: CliIo, targets: readonly LabTarget[], json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(targets, null, 2)}\n`);
    return;
  }
  for (const target of targets) {
    io.stdout(`${target.name.padEnd(16)} ${target.url.padEnd(24)} ${target.product} ${target.version} (pid ${target.pid})\n`);
    if (target.credentials !== undefined) {
      // A throwaway lab's random passwords: printing them is how the user logs in.
      const { readWrite, readOnly } = target.credentials;
      io.stdout(`${''.padEnd(16)} users: ${readWrite.username}:${readWrite.password} ${readOnly.username}:${readOnly.password}\n`);
    }
    if (target.mimic !== undefined) {
      const { mimic } = target;
      io.stdout(`${''.padEnd(16)} ${mimic.cloud} mimic front (pid ${mimic.pid}) before ${mimic.registryUrl}; storage ${mimic.storageUrl}\n`);
      io.stdout(`${''.padEnd(16)} create a repository: curl -X POST ${mimic.url}/_mimic/repositories/NAME; requests: ${mimic.requestLog}\n`);
    }
    if (target.tls !== undefined) {
      // What a client needs to trust (and, for mTLS, present): `regatta conformance --ca-file ...`.
      io.stdout(`${''.padEnd(16)} ca: ${target.tls.caFile}\n`);
      if (target.tls.certFile !== undefined && target.tls.keyFile !== undefined) {
        io.stdout(`${''.padEnd(16)} client cert: ${target.tls.certFile} key: ${target.tls.keyFile}\n`);
      }
    }
  }
}

async function installAction(io: CliIo, names: string[], all: boolean): Promise<void> {
  const explicit = names.length > 0 || all;
  const wanted = all ? labComponents.map((component) => component.name) : names.length > 0 ? parseNames(names, false) : defaultInstallNames();
  const start = Date.now();
  const results = await installLabComponents(wanted, resolveLabPaths(io.env), (line) => io.stderr(`lab: ${line}\n`), io.env);
  const failed = results.filter((result) => result.status === 'failed');
  const changed = results.filter((result) => result.status === 'installed');
  if (changed.length > 0 || failed.length > 0) {
    io.stderr(
      `lab install: ${changed.length} installed, ${results.length - changed.length - failed.length} already present, ` +
        `${failed.length} failed, in ${((Date.now() - start) / 1000).toFixed(1)} s\n`,
    );
  }
  if (failed.length === 0) {
    return;
  }
  const reasons = failed.map((result) => `${result.name} ${result.version}: ${result.reason ?? 'unknown'}`).join('\n');
  // CI must not pass on a lab it could not build; locally a missing component only skips the tests that need it.
  if (explicit || io.env['CI'] === 'true') {
    throw new LabError(`could not install:\n${reasons}`);
  }
  io.stderr(`lab install: warning, these will be skipped by the tests that need them:\n${reasons}\n`);
}

/** `--mimic NAME` and `--mimic-budget N[/SECONDS]` as start options; exit 2 naming the flag when either is wrong. */
function parseMimic(cloud: string | undefined, budget: string | undefined): { cloud: MimicCloud; budget?: { requests: number; windowSeconds: number } } | undefined {
  if (cloud === undefined) {
    if (budget !== undefined) {
      throw new UsageError('--mimic-budget needs --mimic');
    }
    return undefined;
  }
  if (!isMimicCloud(cloud)) {
    throw new UsageError(`--mimic must be one of ${mimicCloudNames.join(', ')}, not "${cloud}"`);
  }
  if (budget === undefined) {
    return { cloud };
  }
  const match = /^([1-9]\d{0,6})(?:\/([1-9]\d{0,4}))?$/.exec(budget);
  if (match === null) {
    throw new UsageError(`--mimic-budget must be REQUESTS or REQUESTS/SECONDS (e.g. 50/1), not "${budget}"`);
  }
  return { cloud, budget: { requests: Number(match[1]), windowSeconds: Number(match[2] ?? '1') } };
}

async function upAction(
  io: CliIo,
  registries: string[] | undefined,
  detach: boolean,
  json: boolean,
  auth: string,
  tls = 'none',
  mimicOptions: { mimic?: string; mimicBudget?: string } = {},
  dataDir?: string,
): Promise<void> {
  const mimic = parseMimic(mimicOptions.mimic, mimicOptions.mimicBudget);
  if (tls !== 'none' && tls !== 'tls' && tls !== 'mtls') {
    throw new UsageError(`--tls must be none, tls or mtls, not "${tls}"`);
  }
  if (auth !== 'none' && auth !== 'basic' && auth !== 'token') {
    throw new UsageError(`--auth must be none, basic or token, not "${auth}"`);
  }
  const paths = resolveLabPaths(io.env);
  if (detach) {
    const existing = await readLabState(paths.stateFile).catch(() => undefined);
    if (existing?.targets.some((target) => pidRunsBinary(target.pid, target.binary)) === true) {
      throw new LabError('a detached lab is already running', { hint: 'run `regatta lab down` first' });
    }
  }
  const lab = await startLab({
    ...(registries === undefined ? {} : { registries: parseNames(registries, true) }),
    detach,
    paths,
    signal: io.signal,
    registryOptions: { auth: { kind: auth }, tls: { kind: tls } },
    ...(mimic === undefined ? {} : { mimic }),
    ...(dataDir === undefined ? {} : { dataDir: resolve(io.cwd, dataDir) }),
  });
  for (const skip of lab.skipped) {
    io.stderr(`lab: ${skip.name} not started: ${skip.reason}\n`);
  }
  if (detach) {
    await writeLabState(paths.stateFile, lab.targets);
    printTargets(io, lab.targets, json);
    if (!json) {
      io.stderr(`lab: detached; \`regatta lab down\` stops these (${paths.stateFile})\n`);
    }
    return;
  }
  printTargets(io, lab.targets, json);
  if (!json) {
    io.stderr('lab: up; press Ctrl-C to stop\n');
  }
  try {
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) {
        resolve();
      }
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await lab.stop();
  }
  io.stderr('lab: stopped\n');
}

async function downAction(io: CliIo): Promise<void> {
  const paths = resolveLabPaths(io.env);
  let state;
  try {
    state = await readLabState(paths.stateFile);
  } catch (error) {
    throw new LabError(error instanceof Error ? error.message : String(error), {
      hint: `remove ${paths.stateFile} after stopping the registries by hand`,
    });
  }
  if (state === undefined) {
    io.stderr('lab: nothing to stop (no detached lab recorded)\n');
    return;
  }
  for (const result of await stopLabState(paths.stateFile, state)) {
    const what = { stopped: 'stopped', gone: 'was not running', foreign: 'pid now belongs to another program: left alone' };
    io.stderr(`lab: ${result.name} (pid ${result.pid}) ${what[result.outcome]}\n`);
  }
}

async function statusAction(io: CliIo, json: boolean): Promise<void> {
  const paths = resolveLabPaths(io.env);
  const components = labComponents.map((component) => ({ name: component.name, version: component.version, ...labComponentStatus(component.name, paths) }));
  const state = await readLabState(paths.stateFile).catch(() => undefined);
  const running = (state?.targets ?? []).filter((target) => pidRunsBinary(target.pid, target.binary));
  if (json) {
    io.stdout(`${JSON.stringify({ components, running }, null, 2)}\n`);
    return;
  }
  for (const component of components) {
    const detail = component.available ? component.binary : component.reason;
    io.stdout(`${component.name.padEnd(16)} ${component.version.padEnd(10)} ${component.available ? 'installed' : 'missing  '} ${detail}\n`);
  }
  io.stdout(running.length === 0 ? 'no detached lab running\n' : 'detached lab:\n');
  printTargets(io, running, false);
}

/** Registers `regatta lab install|up|down|status`: real registries on loopback for tests and the demo. */
export function registerLabCommand(program: Command, io: CliIo, _outcome: CommandOutcome): void {
  const lab = program.command('lab').description('install, start and stop real registries on 127.0.0.1');
  lab
    .command('install')
    .description('install lab components at pinned versions (default: what the tests need)')
    .argument('[name...]', `components: ${labComponents.map((component) => component.name).join(', ')}`)
    .option(
      '--all',
      `install every component, including the on-request ones (${labComponents
        .filter((component) => !component.defaultInstall)
        .map((component) => component.name)
        .join(', ')})`,
      false,
    )
    .action((names: string[], options: { all: boolean }) => installAction(io, names, options.all));
  lab
    .command('up')
    .description('start registries on free loopback ports and print them; Ctrl-C stops them')
    .option('--registry <name...>', `registries to start (${labRegistryNames().join(', ')}); default: every installed one`)
    .option('--detach', 'leave them running and record them for `regatta lab down`', false)
    .option('--json', 'print the targets as a JSON array', false)
    .option(
      '--auth <mode>',
      'none; basic: distribution and zot with htpasswd users regatta-rw and regatta-ro; token: distribution behind the lab ' +
        'token server (regatta-rw pulls, pushes, deletes; regatta-ro and anonymous pull; foreground only)',
      'none',
    )
    .option('--tls <mode>', 'none; tls: https with a CA made at start (its path is printed); mtls: also require a client certificate', 'none')
    .option(
      '--mimic <cloud>',
      `put a front before the one registry that behaves as ${mimicCloudNames.join(', ')} documents (naming, repositories ` +
        'created first, blob redirects to signed URLs, 429 past a request budget, no catalog, refused deletes, chunk limits)',
    )
    .option('--mimic-budget <n[/seconds]>', "the mimic's request budget before 429 (default: the cloud record's)")
    .option(
      '--data-dir <dir>',
      "the one registry's config, log and storage in DIR (created when missing, never removed): stop it and start another " +
        'registry on the same DIR to test an upgrade on the same storage',
    )
    .action(
      (options: { registry?: string[]; detach: boolean; json: boolean; auth: string; tls: string; mimic?: string; mimicBudget?: string; dataDir?: string }) =>
        upAction(
          io,
          options.registry,
          options.detach,
          options.json,
          options.auth,
          options.tls,
          {
            ...(options.mimic === undefined ? {} : { mimic: options.mimic }),
            ...(options.mimicBudget === undefined ? {} : { mimicBudget: options.mimicBudget }),
          },
          options.dataDir,
        ),
    );
  lab
    .command('down')
    .description('stop exactly what `regatta lab up --detach` started')
    .action(() => downAction(io));
  lab
    .command('status')
    .description('show which components are installed and what is running')
    .option('--json', 'print as JSON', false)
    .action((options: { json: boolean }) => statusAction(io, options.json));
  for (const command of lab.commands) {
    command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
  }
}
