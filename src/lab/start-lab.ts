import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InterruptedError, LabError, TimeoutError } from '../errors/index.js';
import { labComponentStatus } from './component-status.js';
import { findFreePort, isPortFree } from './free-port.js';
import { findLabComponent, labRegistryNames, type LabComponent, type LabComponentName } from './lab-component.js';
import { resolveLabPaths, type LabPaths } from './lab-paths.js';
import { createLabCredentials, htpasswdFile, type LabCredentials } from './lab-credentials.js';
import type { LabRegistryOptions } from './lab-registry-options.js';
import type { LabTarget } from './lab-target.js';
import { labTargetTls, prepareLabTls, registryTlsFiles, type LabTlsFiles, type LabTlsSetup } from './lab-tls.js';
import { authVariantGap, tlsVariantGap } from './lab-variant-support.js';
import { buildRegistryLaunch, type RegistryTokenAuth } from './registry-launch.js';
import { spawnRegistryProcess, type RegistryProcess } from './registry-process.js';
import { tailLines } from './run-command.js';
import type { MimicCloud, ThrottleRule } from './mimic/mimic-clouds.js';
import { spawnMimicFront } from './mimic/spawn-mimic.js';
import { startLabTokenAuthority, type LabTokenAuthority } from './token-server/token-authority.js';
import type { LabTokenServer } from './token-server/token-server.js';
import { RegistryExitedError, waitForRegistryReady } from './wait-ready.js';

/** Options of {@link startLab}. */
export interface StartLabOptions {
  /** Registries to start. @default every registry whose binary is installed (the others are listed in `skipped`) */
  readonly registries?: readonly LabComponentName[];
  /** Variant applied to every registry. */
  readonly registryOptions?: LabRegistryOptions;
  /** Fixed port for a single registry; a taken port is an error. @default a free port per registry */
  readonly port?: number;
  /** Per-registry readiness budget. @default 30000 */
  readonly readyTimeoutMs?: number;
  /** Keep processes running after this Node process exits (`lab up --detach`). @default false */
  readonly detach?: boolean;
  readonly paths?: LabPaths;
  readonly signal?: AbortSignal;
  /**
   * Put a cloud mimic front before the registry (one registry, open, plain http): the target's `url` becomes the
   * front's. `budget` overrides the cloud's request budget.
   */
  readonly mimic?: { readonly cloud: MimicCloud; readonly budget?: Pick<ThrottleRule, 'requests' | 'windowSeconds'> };
  /**
   * The registry's own directory (config, log and storage), created when missing and kept when the lab stops, so a
   * later lab registry started on it finds the same content: an upgrade from distribution-2 to distribution-3 on one
   * storage directory. One registry only. @default a fresh temporary directory, removed at stop
   */
  readonly dataDir?: string;
}

/** A running lab. */
export interface Lab {
  readonly targets: readonly LabTarget[];
  /** Registries not started because they are not installed, each with the reason. */
  readonly skipped: readonly { readonly name: LabComponentName; readonly reason: string }[];
  /** The token server of a token-auth lab (`auth: { kind: 'token' }`), for tests that steer it. */
  readonly tokenServer?: LabTokenServer;
  /**
   * Throws a LabError naming the registry and showing its log tail when one has exited since it started (a crash
   * mid-test), so a test failure says "the registry died" rather than "connection refused".
   */
  assertRunning(): Promise<void>;
  /** Stops every registry (process group), waits until each pid is gone, removes the data dirs. Idempotent. */
  stop(): Promise<void>;
}

/** The running version: the Debian package version for apt components, the pinned version otherwise. */
function runningVersion(component: LabComponent): string {
  if (component.recipe.kind !== 'apt') {
    return component.version;
  }
  const query = spawnSync('dpkg-query', ['-W', '-f=${Version}', component.recipe.package], {
    encoding: 'utf8',
    timeout: 5000,
  });
  return query.status === 0 && query.stdout.trim() !== '' ? query.stdout.trim() : component.version;
}

async function logTail(logFile: string): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return tailLines(text, 15) || '(the log is empty)';
}

/** Starts one registry and waits for `/v2/`; on failure cleans up and throws a LabError with the log tail. */
async function startOne(
  name: LabComponentName,
  binary: string,
  options: StartLabOptions,
  onStarted: (process: RegistryProcess, dataDir: string) => void,
  auth?: LabAuthSetup,
  tls?: LabTlsFiles,
): Promise<LabTarget> {
  const component = findLabComponent(name);
  const product = component.product;
  if (product === undefined) {
    throw new LabError(`${name} is a tool, not a registry`, { hint: `registries: ${labRegistryNames().join(', ')}` });
  }
  if (options.port !== undefined && !(await isPortFree(options.port))) {
    throw new LabError(`cannot start ${name}: port 127.0.0.1:${options.port} is taken`, {
      hint: 'choose another port, or leave it out to get a free one',
    });
  }
  const port = options.port ?? (await findFreePort());
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), `regatta-lab-${name}-`)));
  await mkdir(dataDir, { recursive: true });
  const launch = buildRegistryLaunch({
    product,
    dataDir,
    port,
    ...(options.registryOptions === undefined ? {} : { options: options.registryOptions }),
    ...(tls === undefined ? {} : { tls: registryTlsFiles(tls) }),
    ...(auth?.htpasswd === undefined ? {} : { htpasswd: auth.htpasswd }),
    ...(auth?.tokenAuth === undefined ? {} : { tokenAuth: auth.tokenAuth }),
  });
  await mkdir(launch.storageDir, { recursive: true });
  for (const file of launch.files) {
    await writeFile(file.path, file.content);
  }
  const logFile = join(dataDir, 'registry.log');
  const child = spawnRegistryProcess({ binary, args: launch.args, env: launch.env, cwd: dataDir, logFile, detach: options.detach ?? false });
  onStarted(child, dataDir);
  const url = `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`;
  const targetTls = tls === undefined ? undefined : labTargetTls(tls);
  try {
    await waitForRegistryReady(url, {
      ...(targetTls === undefined ? {} : { tls: targetTls }),
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      exited: () => child.exitStatus(),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    const tail = await logTail(logFile);
    if (error instanceof RegistryExitedError) {
      const taken = /address already in use/i.test(tail);
      throw new LabError(
        taken
          ? `${name} could not listen on 127.0.0.1:${port}: port taken\n${tail}`
          : `${name} exited at start (${error.exitStatus}); last lines of ${logFile}:\n${tail}`,
        { cause: error, hint: taken ? 'retry: another process grabbed the free port' : `check the generated config in ${dataDir}` },
      );
    }
    if (error instanceof TimeoutError) {
      throw new LabError(`${name} did not become ready: ${error.message}; last lines of its log:\n${tail}`, { cause: error });
    }
    throw error;
  }
  return {
    name,
    url,
    product,
    version: runningVersion(component),
    dataDir,
    logFile,
    pid: child.pid,
    binary,
    ...(targetTls === undefined ? {} : { tls: targetTls }),
    ...(auth === undefined ? {} : { credentials: auth.credentials }),
  };
}

/** The users of an authenticated lab and how its registries check them: an htpasswd file or a token server. */
interface LabAuthSetup {
  readonly credentials: LabCredentials;
  readonly htpasswd?: string;
  readonly tokenAuth?: RegistryTokenAuth;
  readonly authority?: LabTokenAuthority;
}

/** Random credentials for this lab start, with their bcrypt htpasswd file or a token server that knows them. */
async function labAuthSetup(options: StartLabOptions, tls: LabTlsFiles | undefined): Promise<LabAuthSetup | undefined> {
  const auth = options.registryOptions?.auth ?? { kind: 'none' };
  if (auth.kind === 'none') {
    return undefined;
  }
  const credentials = createLabCredentials();
  if (auth.kind === 'basic') {
    return { credentials, htpasswd: await htpasswdFile(credentials) };
  }
  const authority = await startLabTokenAuthority(credentials, {
    ...(auth.expiresInSeconds === undefined ? {} : { expiresInSeconds: auth.expiresInSeconds }),
    ...(tls === undefined ? {} : { tls: { certFile: tls.serverCertFile, keyFile: tls.serverKeyFile } }),
  });
  return { credentials, tokenAuth: authority.registryAuth, authority };
}

/**
 * Starts lab registries on free 127.0.0.1 ports, each with its own temporary data dir and generated config (deletes
 * enabled), and resolves once every `/v2/` answers. If one fails, the ones already started are stopped before the
 * LabError is thrown, so a failed start leaves nothing behind.
 */
export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  const paths = options.paths ?? resolveLabPaths();
  const requested = options.registries ?? labRegistryNames();
  const skipped: { name: LabComponentName; reason: string }[] = [];
  const toStart: { name: LabComponentName; binary: string }[] = [];
  const authKind = options.registryOptions?.auth?.kind ?? 'none';
  if (authKind === 'token' && options.detach === true) {
    throw new LabError('a token-auth lab cannot be detached: its token server runs inside this process', {
      hint: 'run `regatta lab up --auth token` in the foreground (Ctrl-C stops it)',
    });
  }
  const tlsKind = options.registryOptions?.tls?.kind ?? 'none';
  if (options.mimic !== undefined && (requested.length !== 1 || authKind !== 'none' || tlsKind !== 'none')) {
    throw new LabError(`a ${options.mimic.cloud} mimic goes before exactly one open, plain-http registry`, {
      hint: 'name one registry (--registry distribution-3) and leave out --auth and --tls',
    });
  }
  for (const name of requested) {
    const status = labComponentStatus(name, paths);
    const authGap = authVariantGap(findLabComponent(name).product, authKind);
    const tlsGap = tlsVariantGap(findLabComponent(name).product, tlsKind, authKind);
    if (authGap !== undefined) {
      // Registries without that auth variant stay out of an authenticated lab.
      if (options.registries !== undefined) {
        throw new LabError(`cannot start ${name} with --auth ${authKind}: ${authGap}`);
      }
      skipped.push({ name, reason: `no ${authKind} auth variant (${authGap})` });
    } else if (tlsGap !== undefined) {
      if (options.registries !== undefined) {
        throw new LabError(`cannot start ${name} with --tls mtls: ${tlsGap}`, { hint: 'use --tls tls, or another registry for mTLS' });
      }
      skipped.push({ name, reason: `no mTLS variant (${tlsGap})` });
    } else if (status.available) {
      toStart.push({ name, binary: status.binary });
    } else if (options.registries === undefined) {
      skipped.push({ name, reason: status.reason });
    } else {
      // The reason already says how to install when that is the fix; a recorded build failure gets the hint.
      const install = `regatta lab install ${name}`;
      throw new LabError(`cannot start ${name}: ${status.reason}`, status.reason.includes(install) ? {} : { hint: `run \`${install}\`` });
    }
  }
  if (options.dataDir !== undefined && toStart.length !== 1) {
    throw new LabError(`a lab data dir holds one registry's storage; ${toStart.length} registries were asked to share ${options.dataDir}`, {
      hint: 'start one registry (--registry NAME) per data dir',
    });
  }
  const started: { name: LabComponentName; process: RegistryProcess; dataDir: string }[] = [];
  let tls: LabTlsSetup | undefined;
  let stopped: Promise<void> | undefined;
  let auth: LabAuthSetup | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await Promise.all(started.map((entry) => entry.process.stop()));
      // A data dir the caller chose outlives the lab: that is what it was chosen for.
      const dirs = [...started.map((entry) => entry.dataDir).filter((dir) => dir !== options.dataDir), ...(tls === undefined ? [] : [tls.dir])];
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
      await auth?.authority?.stop();
    })();
    return stopped;
  };
  const targets: LabTarget[] = [];
  try {
    // One CA for the whole lab, so a client trusts every registry (and the token server) of it with one file.
    tls = tlsKind === 'none' || toStart.length === 0 ? undefined : await prepareLabTls(tlsKind, paths);
    auth = await labAuthSetup(options, tls);
    for (const { name, binary } of toStart) {
      const one = await startOne(name, binary, options, (process, dataDir) => started.push({ name, process, dataDir }), auth, tls);
      const target: LabTarget = options.dataDir === undefined ? one : { ...one, keepDataDir: true };
      if (options.mimic === undefined) {
        targets.push(target);
        continue;
      }
      const front = await spawnMimicFront({
        cloud: options.mimic.cloud,
        registryUrl: target.url,
        dir: target.dataDir,
        detach: options.detach ?? false,
        ...(options.mimic.budget === undefined ? {} : { budget: options.mimic.budget }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      started.unshift({ name, process: front.process, dataDir: target.dataDir });
      targets.push({ ...target, url: front.mimic.url, mimic: front.mimic });
    }
  } catch (error) {
    await stop();
    // Ctrl-C during start: everything started so far is stopped; say so rather than surface an AbortError.
    if (options.signal?.aborted === true && !(error instanceof LabError)) {
      throw new InterruptedError('interrupted while starting the lab; every registry started so far was stopped', { cause: error });
    }
    throw error;
  }
  const assertRunning = async (): Promise<void> => {
    for (const entry of started) {
      const exit = entry.process.exitStatus();
      if (exit !== undefined && stopped === undefined) {
        const tail = await logTail(entry.process.logFile);
        throw new LabError(`${entry.name} exited unexpectedly (${exit}); last lines of ${entry.process.logFile}:\n${tail}`);
      }
    }
  };
  const tokenServer = auth?.authority?.server;
  return { targets, skipped, assertRunning, stop, ...(tokenServer === undefined ? {} : { tokenServer }) };
}
