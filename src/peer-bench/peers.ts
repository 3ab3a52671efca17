import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { digestOf } from '../oci/digest.js';
import { imageManifestDocument, indexDocument } from '../oci/manifest.js';
import { manifestAcceptTypes, MediaType } from '../oci/media-types.js';
import type { BenchRow } from './bench-row.js';
import { runTool, type ToolRun } from './run-tool.js';

/** Fails loudly when a peer did not do its work, so a broken peer never shows up as a fast one. */
function checked(tool: string, run: ToolRun): ToolRun {
  if (run.exitCode !== 0) {
    throw new Error(`${tool} exited ${run.exitCode}: ${run.stderr.slice(-500)}`);
  }
  return run;
}

/** wrk GET of one blob URL: the near-ceiling of raw HTTP reads (no hashing, no protocol logic). */
export async function wrkPull(url: string, size: number, connections: number, seconds: number, workDir: string): Promise<BenchRow> {
  const run = checked(
    'wrk',
    await runTool('wrk', ['-t', '2', '-c', String(connections), '-d', `${seconds}s`, url], {
      timeoutMs: (seconds + 30) * 1000,
      workDir,
    }),
  );
  const match = /(\d+) requests in ([\d.]+)(ms|s|m)/.exec(run.stdout);
  if (match === null) {
    throw new Error(`cannot parse wrk output: ${run.stdout}`);
  }
  const requests = Number(match[1]);
  const elapsed = Number(match[2]) * (match[3] === 'ms' ? 0.001 : match[3] === 'm' ? 60 : 1);
  const bytes = requests * size;
  return {
    group: `blob pull ${size / 2 ** 20} MiB × ${connections}`,
    tool: 'wrk',
    rate: bytes / 1e6 / elapsed,
    unit: 'MB/s',
    bytes,
    cpuSeconds: run.cpuSeconds,
    peakRssBytes: run.peakRssBytes,
    note: 'raw GET, no digest check',
  };
}

/**
 * autocannon GET of one manifest URL (separate process, like the other peers). GET, not HEAD: autocannon waits for
 * the body a HEAD response's Content-Length announces, and counts no request at all. It sends regatta's Accept header
 * (the four manifest types, as docker and containerd do): the registry's work per request depends on it.
 */
export async function autocannonGet(
  url: string,
  connections: number,
  seconds: number,
  workDir: string,
  autocannonBin: string,
): Promise<BenchRow> {
  const run = checked(
    'autocannon',
    await runTool(
      process.execPath,
      [autocannonBin, '-m', 'GET', '-c', String(connections), '-d', String(seconds), '-j', '-H', `accept=${manifestAcceptTypes.join(', ')}`, url],
      { timeoutMs: (seconds + 30) * 1000, workDir },
    ),
  );
  const result = JSON.parse(run.stdout) as { requests: { total: number }; duration: number; non2xx: number; errors: number };
  return {
    group: `manifest GET × ${connections}`,
    tool: 'autocannon',
    rate: result.requests.total / result.duration,
    unit: 'req/s',
    bytes: 0,
    cpuSeconds: run.cpuSeconds,
    peakRssBytes: run.peakRssBytes,
    note: `non2xx ${result.non2xx}, errors ${result.errors}`,
  };
}

/** Configures regctl (config under `home`) for a plain-HTTP registry. */
export async function regctlSetup(regctl: string, host: string, home: string, workDir: string): Promise<void> {
  await mkdir(home, { recursive: true });
  checked('regctl', await runTool(regctl, ['registry', 'set', '--tls', 'disabled', host], { timeoutMs: 30_000, workDir, env: { HOME: home } }));
}

/** `regctl blob put` of each file, `parallel` processes at a time; CPU summed, RSS of the peak wave summed. */
export async function regctlPush(
  regctl: string,
  repository: string,
  files: readonly { path: string; size: number }[],
  parallel: number,
  home: string,
  workDir: string,
  group: string,
): Promise<BenchRow> {
  const started = performance.now();
  let cpu = 0;
  let peakRss = 0;
  for (let index = 0; index < files.length; index += parallel) {
    const wave = files.slice(index, index + parallel);
    const runs = await Promise.all(
      wave.map(async (file) =>
        checked('regctl', await runTool(regctl, ['blob', 'put', repository], { timeoutMs: 600_000, workDir, env: { HOME: home }, stdinFile: file.path })),
      ),
    );
    cpu += runs.reduce((sum, run) => sum + run.cpuSeconds, 0);
    peakRss = Math.max(peakRss, runs.reduce((sum, run) => sum + run.peakRssBytes, 0));
  }
  const seconds = (performance.now() - started) / 1000;
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  return { group, tool: 'regctl blob put', rate: bytes / 1e6 / seconds, unit: 'MB/s', bytes, cpuSeconds: cpu, peakRssBytes: peakRss };
}

/**
 * An OCI layout holding one image whose single uncompressed layer is `layerPath` (moved into the layout), for
 * `skopeo copy oci:` (which pushes it without recompressing).
 */
export async function writeOciLayout(dir: string, layer: { path: string; digest: string; size: number }): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const { rename } = await import('node:fs/promises');
  await rename(layer.path, join(blobs, layer.digest.slice('sha256:'.length)));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  const configDigest = digestOf(config);
  await writeFile(join(blobs, configDigest.slice(7)), config);
  const manifest = Buffer.from(
    JSON.stringify(
      imageManifestDocument({ mediaType: MediaType.ociConfig, digest: configDigest, size: config.byteLength }, [
        { mediaType: MediaType.ociLayerTar, digest: layer.digest, size: layer.size },
      ]),
    ),
  );
  const manifestDigest = digestOf(manifest);
  await writeFile(join(blobs, manifestDigest.slice(7)), manifest);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify(
      indexDocument([
        {
          mediaType: MediaType.ociManifest,
          digest: manifestDigest,
          size: manifest.byteLength,
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ]),
    ),
  );
}

/** `skopeo copy oci:DIR:latest docker://…`: a whole-image push (blob upload dominated by the one big layer). */
export async function skopeoPush(layoutDir: string, destination: string, bytes: number, workDir: string, group: string): Promise<BenchRow> {
  const run = checked(
    'skopeo',
    await runTool('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layoutDir}:latest`, `docker://${destination}`], {
      timeoutMs: 600_000,
      workDir,
    }),
  );
  return {
    group,
    tool: 'skopeo copy',
    rate: bytes / 1e6 / run.wallSeconds,
    unit: 'MB/s',
    bytes,
    cpuSeconds: run.cpuSeconds,
    peakRssBytes: run.peakRssBytes,
    note: 'includes process start and manifest',
  };
}
