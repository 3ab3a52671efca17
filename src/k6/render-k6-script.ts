/**
 * `regatta k6 export`: one self-contained k6 TypeScript script for a regatta scenario, for k6 users who run their own
 * k6 and k6-operator (k6 is AGPL and is never built or run by regatta). Named k6 scenario and thresholds in k6 syntax,
 * target and credentials from `__ENV`, `setup()` pushes the pools, `teardown()` deletes them, per-operation latency
 * counted into per-bucket Counters, and a `handleSummary` that writes k6's own summary JSON (plus regatta's settings)
 * to a file and as one `regatta-k6-summary` line on stdout, which `regatta import k6` reads and merges exactly.
 */
import type { Scenario } from '../load/define-scenario.js';
import { bucketCount, bucketFactor, bucketMinMs } from './latency-buckets.js';
import { k6Scenario, k6Thresholds } from './k6-options.js';
import { defaultMinIterations } from '../load/thresholds/completion.js';
import { k6ScriptRuntime } from './k6-script-runtime.js';

/** Marks the stdout line holding the summary (k6-operator runners: their log is all there is). */
export const k6SummaryLinePrefix = 'regatta-k6-summary ';

/** The settings an imported runner summary carries: what every runner of one run must agree on. */
export interface K6ScriptSettings {
  readonly regattaVersion: string;
  /** The scenario after overrides, as JSON. */
  readonly scenario: Scenario;
}

/** Flow-specific constants, operations and the setup/default/teardown functions (every regatta flow has a k6 rendering). */
function flowCode(scenario: Scenario): { operations: string[]; code: string } {
  const flow = scenario.flow;
  switch (flow.kind) {
    case 'push-blobs':
      return {
        operations: ['iteration', 'blob-push'],
        code: `const blobSize = ${flow.size};
const reuse = ${String(flow.reuse)};
const pushStrategy: string = '${flow.strategy}';
const chunkBytes = ${flow.chunkBytes ?? 5 * 1024 * 1024};
let reused: { data: ArrayBuffer; digest: string } | undefined;

/** A fresh random blob per iteration (the registry cannot deduplicate), or one per VU with reuse. */
function content(): { data: ArrayBuffer; digest: string } {
  if (reuse && reused !== undefined) {
    return reused;
  }
  const data = crypto.randomBytes(blobSize);
  const blob = { data: data, digest: sha256Digest(data) };
  if (reuse) {
    reused = blob;
  }
  return blob;
}

export default function (): void {
  const blob = content();
  finishIteration(pushBlob(blob.data, blob.digest, 'blob-push'));
}

export function teardown(): void {
  // Pushed blobs are referenced by no manifest, so they cannot be listed: the registry's garbage collection removes them.
}
`,
      };
    case 'pull-blobs':
      return {
        operations: ['iteration', 'blob-pull'],
        code: `const blobSize = ${flow.size};
const poolBlobs = ${flow.blobs};
const pushStrategy: string = 'stream';
const chunkBytes = 0;

type SetupData = { digests: string[] };

export function setup(): SetupData {
  const digests: string[] = [];
  for (let n = 0; n < poolBlobs; n += 1) {
    const data = crypto.randomBytes(blobSize);
    const digest = sha256Digest(data);
    if (!pushBlob(data, digest, 'setup').ok) {
      exec.test.abort('set-up could not push pool blob ' + n + ' to ' + repository);
    }
    digests.push(digest);
  }
  return { digests: digests };
}

export default function (data: SetupData): void {
  const digest = data.digests[exec.scenario.iterationInTest % data.digests.length];
  finishIteration(pullBlob(digest, blobSize));
}

export function teardown(data: SetupData): void {
  for (const digest of data.digests) {
    remove('/blobs/' + digest);
  }
}
`,
      };
    case 'manifest-storm':
      return {
        operations: ['iteration', 'manifest-head', 'manifest-get'],
        code: `const manifests = ${flow.manifests};
const method: string = '${flow.method}';
const pushStrategy: string = 'stream';
const chunkBytes = 0;
const ociManifest = 'application/vnd.oci.image.manifest.v1+json';

type SetupData = { tags: { tag: string; digest: string }[]; blobs: string[] };

export function setup(): SetupData {
  const layer = crypto.randomBytes(256);
  const layerDigest = sha256Digest(layer);
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [layerDigest] } });
  const configDigest = sha256Digest(config);
  if (!pushBlob(layer, layerDigest, 'setup').ok || !pushBlob(config, configDigest, 'setup').ok) {
    exec.test.abort('set-up could not push the layer and config to ' + repository);
  }
  const tags: { tag: string; digest: string }[] = [];
  for (let index = 0; index < manifests; index += 1) {
    // Manifests that differ only by an annotation: distinct without more blobs.
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: ociManifest,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: 256 }],
      annotations: { 'org.regatta.load.manifest': String(index) },
    });
    const digest = putManifest('m-' + index, manifest, 'setup').digest;
    if (digest === undefined) {
      exec.test.abort('set-up could not put manifest m-' + index + ' to ' + repository);
    }
    tags.push({ tag: 'm-' + index, digest: digest || '' });
  }
  return { tags: tags, blobs: [layerDigest, configDigest] };
}

export default function (data: SetupData): void {
  const iteration = exec.scenario.iterationInTest;
  const entry = data.tags[iteration % data.tags.length];
  const useGet = method === 'GET' || (method === 'both' && iteration % 2 === 1);
  const path = '/v2/' + repository + '/manifests/' + entry.tag;
  if (useGet) {
    const got = send('GET', path, null, { Accept: ociManifest }, pullScope, 'manifest-get', false);
    const body = typeof got.body === 'string' ? got.body : '';
    const ok = got.status === 200 && (!verify || sha256Digest(body) === entry.digest);
    finishIteration({ ok: record('manifest-get', got.ms, ok, ok ? body.length : 0), ms: got.ms });
  } else {
    const head = send('HEAD', path, null, { Accept: ociManifest }, pullScope, 'manifest-head', false);
    const ok = head.status === 200 && (!verify || head.headers['Docker-Content-Digest'] === entry.digest);
    finishIteration({ ok: record('manifest-head', head.ms, ok, 0), ms: head.ms });
  }
}

export function teardown(data: SetupData): void {
  for (const entry of data.tags) {
    remove('/manifests/' + entry.digest);
  }
  for (const digest of data.blobs) {
    remove('/blobs/' + digest);
  }
}
`,
      };
    case 'push-image':
      return {
        operations: ['iteration', 'image-push', 'blob-push', 'manifest-put'],
        code: `const layerSizes: number[] = ${JSON.stringify(flow.layers)};
const pushStrategy: string = 'stream';
const chunkBytes = 0;

export default function (): void {
  // A new image per iteration (fresh random layers), tagged it-<n> like regatta's push-image.
  const pushed = pushImage('it-' + exec.scenario.iterationInTest, layerSizes, true);
  finishIteration({ ok: pushed.ok, ms: pushed.ms });
}

export function teardown(): void {
  // Pushed images are left to the run's repository: delete it, or let the registry's garbage collection remove them.
}
`,
      };
    case 'pull-image':
      return {
        operations: ['iteration', 'image-pull', 'manifest-get', 'blob-pull'],
        code: `const layerSizes: number[] = ${JSON.stringify(flow.layers)};
const poolImages = ${flow.images};
const pushStrategy: string = 'stream';
const chunkBytes = 0;

type SetupData = { images: { tag: string; digest: string }[] };

export function setup(): SetupData {
  const images: { tag: string; digest: string }[] = [];
  for (let index = 0; index < poolImages; index += 1) {
    const pushed = pushImage('pool-' + index, layerSizes, false);
    if (!pushed.ok) {
      exec.test.abort('set-up could not push pool image ' + index + ' to ' + repository);
    }
    images.push({ tag: 'pool-' + index, digest: pushed.digest });
  }
  return { images: images };
}

export default function (data: SetupData): void {
  const image = data.images[exec.scenario.iterationInTest % data.images.length];
  finishIteration(pullImage(image.tag, image.digest));
}

export function teardown(data: SetupData): void {
  for (const image of data.images) {
    remove('/manifests/' + image.digest);
  }
}
`,
      };
    case 'mixed':
      return {
        operations: ['iteration', 'image-pull', 'image-push', 'manifest-get', 'manifest-put', 'blob-pull', 'blob-push'],
        code: `const readRatio = ${flow.readRatio};
const medianBytes = ${flow.medianBytes};
const p90Bytes = ${flow.p90Bytes};
const sizeScale = ${flow.scale};
const maxLayerBytes = ${flow.maxLayerBytes};
const layersPerImage = ${flow.layersPerImage};
const poolImages = ${flow.images};
const pushStrategy: string = 'stream';
const chunkBytes = 0;

/**
 * Layer sizes from the log-normal distribution regatta's mixed flow uses (mu = ln median, sigma = (ln p90 - mu) /
 * 1.2816, the 90th-percentile z-score), times the scale, clamped to [1 KiB, max]. k6's Math.random draws them, so the
 * sizes follow the same distribution, not regatta's exact seeded sequence.
 */
function sampleLayerSizes(): number[] {
  const mu = Math.log(medianBytes);
  const sigma = (Math.log(p90Bytes) - mu) / 1.2815515655446004;
  const sizes: number[] = [];
  for (let layer = 0; layer < layersPerImage; layer += 1) {
    const normal = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
    sizes.push(Math.min(maxLayerBytes, Math.max(1024, Math.round(Math.exp(mu + sigma * normal) * sizeScale))));
  }
  return sizes;
}

type SetupData = { images: { tag: string; digest: string }[] };

export function setup(): SetupData {
  const images: { tag: string; digest: string }[] = [];
  for (let index = 0; index < poolImages; index += 1) {
    const pushed = pushImage('pool-' + index, sampleLayerSizes(), false);
    if (!pushed.ok) {
      exec.test.abort('set-up could not push pool image ' + index + ' to ' + repository);
    }
    images.push({ tag: 'pool-' + index, digest: pushed.digest });
  }
  return { images: images };
}

export default function (data: SetupData): void {
  if (Math.random() < readRatio) {
    const image = data.images[Math.floor(Math.random() * data.images.length)];
    finishIteration(pullImage(image.tag, image.digest));
    return;
  }
  const pushed = pushImage('it-' + exec.scenario.iterationInTest, sampleLayerSizes(), true);
  finishIteration({ ok: pushed.ok, ms: pushed.ms });
}

export function teardown(data: SetupData): void {
  // The pool's manifests; images pushed by iterations stay for the run repository's deletion or garbage collection.
  for (const image of data.images) {
    remove('/manifests/' + image.digest);
  }
}
`,
      };
  }
}

/** Renders the script. */
export function renderK6Script(scenario: Scenario, settings: K6ScriptSettings): string {
  const { operations, code } = flowCode(scenario);
  const { thresholds, unexpressed } = k6Thresholds(scenario.thresholds, scenario.minIterations ?? defaultMinIterations(scenario.executor));
  const options = {
    scenarios: { [scenario.id]: k6Scenario(scenario.executor) },
    thresholds,
    setupTimeout: '10m',
    teardownTimeout: '10m',
  };
  return `/**
 * ${scenario.id}: ${scenario.description}
 * Written by \`regatta k6 export\` (regatta ${settings.regattaVersion}) for k6 >= 0.57, which runs TypeScript as is:
 *   REGATTA_TARGET=https://registry.example.com k6 run ${scenario.id}.k6.ts
 * Environment: REGATTA_TARGET (required), REGATTA_USERNAME + REGATTA_PASSWORD (Basic, also sent to a Bearer token
 * service), REGATTA_TOKEN (a Bearer token), REGATTA_NAMESPACE (repository prefix), REGATTA_RUN_ID (repository
 * regatta-<id>/${scenario.id}), REGATTA_SUMMARY (summary file, default regatta-k6-summary.json).
 * Latencies are the sums of the requests' k6 timings (blocked, connecting, TLS, sending, waiting, receiving); body
 * hashing is not timed. \`regatta import k6 SUMMARY...\` turns the summaries of one or several runners into one result.
 */
import http from 'k6/http';
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';
import exec from 'k6/execution';
import { Counter, Rate } from 'k6/metrics';
import type { Options } from 'k6/options';

const scenarioId = '${scenario.id}';
const verify = ${String(scenario.verify)};
const operations: string[] = ${JSON.stringify(operations)};
const bucketMinMs = ${bucketMinMs};
const bucketFactor = ${bucketFactor};
const bucketCount = ${bucketCount};
const settings = ${JSON.stringify(settings)};

${unexpressed.map((line) => `// Not a k6 threshold: ${line}\n`).join('')}export const options: Options = ${JSON.stringify(options, null, 2)};
${k6ScriptRuntime}
// ---- the scenario's flow ----
${code}
/** k6's summary JSON with regatta's settings: to a file, and as one line on stdout for runners whose log is all there is. */
export function handleSummary(data: { [key: string]: unknown }): { [output: string]: string } {
  const summary = JSON.stringify(Object.assign({}, data, { regatta: { format: 1, runId: runId, target: target, endedAt: new Date().toISOString(), settings: settings } }));
  const file = __ENV.REGATTA_SUMMARY || 'regatta-k6-summary.json';
  const outputs: { [output: string]: string } = {};
  outputs[file] = summary;
  outputs['stdout'] = '${k6SummaryLinePrefix}' + summary + '\\n';
  return outputs;
}
`;
}
