import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOciImageLayout } from '../../fixtures/oci-layout.js';
import { InterruptedError, LabError } from '../errors/index.js';
import { findFreePort } from './free-port.js';
import { labRegistryNames } from './lab-component.js';
import { isPidAlive, waitForPidGone } from './registry-process.js';
import { startLab, type Lab } from './start-lab.js';
import { requireLabComponent } from './test-support/require-lab-component.js';
import { skopeoCopy } from './test-support/skopeo-copy.js';

const work = mkdtempSync(join(tmpdir(), 'regatta-lab-it-'));
const labs: Lab[] = [];

afterAll(async () => {
  // Safety net: a failed assertion must not leave a registry running.
  await Promise.all(labs.map((lab) => lab.stop()));
  rmSync(work, { recursive: true, force: true });
});

/** Digest of the one manifest an OCI layout's index.json lists. */
function layoutManifestDigest(dir: string): string | undefined {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  return index.manifests[0]?.digest;
}

describe.each(labRegistryNames())('lab registry %s', (name) => {
  it('starts, answers GET /v2/ with 200, takes a skopeo round trip by digest, and stops leaving no process', async (context) => {
    requireLabComponent(context, name);
    const skopeo = requireLabComponent(context, 'skopeo');
    const lab = await startLab({ registries: [name] });
    labs.push(lab);
    expect(lab.targets).toHaveLength(1);
    const target = lab.targets[0];
    if (target === undefined) {
      throw new Error('no target');
    }
    expect(target.name).toBe(name);
    expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(isPidAlive(target.pid)).toBe(true);

    const ping = await fetch(`${target.url}/v2/`, { signal: AbortSignal.timeout(5000) });
    expect(ping.status).toBe(200);
    await ping.body?.cancel();

    const source = join(work, `${name}-source`);
    const back = join(work, `${name}-back`);
    const { manifestDigest, tag } = await writeOciImageLayout(source, { seed: `lab-${name}`, layers: 2, layerBytes: 4096 });
    const remote = `docker://${target.url.slice('http://'.length)}/regatta/lab-round-trip:${tag}`;
    await skopeoCopy(skopeo, `oci:${source}:${tag}`, remote);
    const head = await fetch(`${target.url}/v2/regatta/lab-round-trip/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      signal: AbortSignal.timeout(5000),
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('docker-content-digest')).toBe(manifestDigest);
    await skopeoCopy(skopeo, remote, `oci:${back}:${tag}`);
    expect(layoutManifestDigest(back)).toBe(manifestDigest);

    await lab.stop();
    expect(isPidAlive(target.pid)).toBe(false);
    expect(existsSync(target.dataDir)).toBe(false);
    // Idempotent: a second stop is a no-op.
    await lab.stop();
  });
});

describe('lab start failures', () => {
  it('refuses a port that is taken, naming it', async (context) => {
    requireLabComponent(context, 'distribution-2');
    const first = await startLab({ registries: ['distribution-2'] });
    labs.push(first);
    const taken = Number(new URL(first.targets[0]?.url ?? 'http://x:1').port);
    const error = await startLab({ registries: ['distribution-2'], port: taken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).message).toBe(`cannot start distribution-2: port 127.0.0.1:${taken} is taken`);
    await first.stop();
  });

  it('names a registry that crashed after it started, with its log tail', async (context) => {
    requireLabComponent(context, 'distribution-2');
    const lab = await startLab({ registries: ['distribution-2'] });
    labs.push(lab);
    await lab.assertRunning();
    const pid = lab.targets[0]?.pid ?? 0;
    process.kill(pid, 'SIGKILL');
    expect(await waitForPidGone(pid, 5000)).toBe(true);
    // The exit event reaches Node a moment after the pid is gone: wait for it, bounded.
    let error: unknown;
    for (let attempt = 0; attempt < 50 && error === undefined; attempt += 1) {
      error = await lab.assertRunning().then(
        () => undefined,
        (e: unknown) => e,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).message).toMatch(/^distribution-2 exited unexpectedly \(signal SIGKILL\); last lines of /);
    await lab.stop();
  });

  it('stops what it started when interrupted during start', async (context) => {
    requireLabComponent(context, 'distribution-2');
    const controller = new AbortController();
    controller.abort(new Error('Ctrl-C'));
    const error = await startLab({ registries: ['distribution-2'], signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).message).toBe(
      'interrupted while starting the lab; every registry started so far was stopped',
    );
  });

  it('reports a registry that exits at start with the tail of its log, and leaves nothing behind', async (context) => {
    requireLabComponent(context, 'distribution-2');
    // distribution refuses an unknown log level at start: the type forbids it, so force it in.
    const registryOptions = { logLevel: 'loud' as 'info' };
    const port = await findFreePort();
    const error = await startLab({ registries: ['distribution-2'], port, registryOptions }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    const message = (error as LabError).message;
    expect(message).toMatch(/^distribution-2 exited at start \(exit code 1\); last lines of (\S+)registry\.log:\n/);
    expect(message).toContain('loud');
    const dataDir = /last lines of (\S+)\/registry\.log/.exec(message)?.[1] ?? '';
    expect(existsSync(dataDir)).toBe(false);
  });
});
