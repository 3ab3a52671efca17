/**
 * The fixed part of every exported k6 script (TypeScript, k6 >= 0.57 runs it as is): registry access with Basic,
 * Bearer-token and token-service auth from `__ENV`, the blob and manifest operations, and the per-(operation, bucket)
 * latency Counters. Written without template literals so it can live in a string here; the scenario-specific part is
 * rendered around it (render-k6-script.ts). Only `k6/*` modules are imported.
 */
export const k6ScriptRuntime = `
// ---- registry access (never writes a credential anywhere: they come from __ENV) ----
const target: string = (__ENV.REGATTA_TARGET || '').replace(/\\/+$/, '');
const runId: string = __ENV.REGATTA_RUN_ID || 'k6';
const namespace: string = (__ENV.REGATTA_NAMESPACE || '').replace(/^\\/+|\\/+$/g, '');
const repository: string = (namespace === '' ? '' : namespace + '/') + 'regatta-' + runId + '/' + scenarioId;
const pullScope: string = 'repository:' + repository + ':pull';
const pushScope: string = 'repository:' + repository + ':pull,push';
const tokens: { [scope: string]: string } = {};

function basicAuthorization(): string | undefined {
  const username = __ENV.REGATTA_USERNAME || '';
  return username === '' ? undefined : 'Basic ' + encoding.b64encode(username + ':' + (__ENV.REGATTA_PASSWORD || ''));
}

function authorization(scope: string): string | undefined {
  const token = __ENV.REGATTA_TOKEN || '';
  if (token !== '') {
    return 'Bearer ' + token;
  }
  return tokens[scope] || basicAuthorization();
}

/** Answers a Bearer challenge at its token service (distribution token auth); false when it is no such challenge. */
function fetchToken(challenge: string, scope: string): boolean {
  if (!/^bearer /i.test(challenge)) {
    return false;
  }
  const fields: { [name: string]: string } = {};
  const pattern = /(\\w+)="([^"]*)"/g;
  let match = pattern.exec(challenge);
  while (match !== null) {
    fields[String(match[1])] = String(match[2]);
    match = pattern.exec(challenge);
  }
  const realm = fields['realm'] || '';
  if (realm === '') {
    return false;
  }
  const url = realm + (realm.indexOf('?') >= 0 ? '&' : '?') + 'service=' + encodeURIComponent(fields['service'] || '') + '&scope=' + encodeURIComponent(fields['scope'] || scope);
  const basic = basicAuthorization();
  const response = http.get(url, { headers: basic === undefined ? {} : { Authorization: basic }, tags: { name: 'token' } });
  if (response.status !== 200 || typeof response.body !== 'string') {
    return false;
  }
  const body = JSON.parse(response.body) as { token?: string; access_token?: string };
  const token = body.token || body.access_token || '';
  if (token === '') {
    return false;
  }
  tokens[scope] = 'Bearer ' + token;
  return true;
}

type Sent = { status: number; headers: { [name: string]: string }; body: ArrayBuffer | string | null; ms: number };

/** One request, authenticated, retried once after a token challenge; ms = the time k6 measured for it. */
function send(method: string, pathOrUrl: string, body: ArrayBuffer | string | null, headers: { [name: string]: string }, scope: string, name: string, binary: boolean): Sent {
  const url = pathOrUrl.indexOf('://') > 0 ? pathOrUrl : target + pathOrUrl;
  const attempt = (): Sent => {
    const auth = authorization(scope);
    const all: { [name: string]: string } = Object.assign({}, headers);
    if (auth !== undefined) {
      all['Authorization'] = auth;
    }
    const response = http.request(method, url, body, { headers: all, tags: { name: name }, redirects: 10, responseType: binary ? 'binary' : 'text' });
    const t = response.timings;
    return { status: response.status, headers: response.headers, body: response.body, ms: t.blocked + t.connecting + t.tls_handshaking + t.duration };
  };
  const first = attempt();
  if (first.status === 401 && (__ENV.REGATTA_TOKEN || '') === '' && fetchToken(first.headers['Www-Authenticate'] || '', scope)) {
    const second = attempt();
    second.ms += first.ms;
    return second;
  }
  return first;
}

/** The absolute URL of an upload Location. */
function locationOf(sent: Sent): string {
  const location = sent.headers['Location'] || '';
  return location.indexOf('://') > 0 ? location : target + location;
}

function withDigest(location: string, digest: string): string {
  return location + (location.indexOf('?') >= 0 ? '&' : '?') + 'digest=' + encodeURIComponent(digest);
}

function sha256Digest(data: ArrayBuffer | string): string {
  return 'sha256:' + crypto.sha256(data, 'hex');
}

// ---- measurements: one Counter per (operation, latency bucket), created here in the init context ----
const latencyCounters: { [operation: string]: Counter[] } = {};
const operationErrors: { [operation: string]: Counter } = {};
const operationBytes: { [operation: string]: Counter } = {};
for (const operation of operations) {
  const counters: Counter[] = [];
  for (let bucket = 0; bucket < bucketCount; bucket += 1) {
    counters.push(new Counter('regatta_lat_' + operation.replace(/-/g, '_') + '_' + bucket));
  }
  latencyCounters[operation] = counters;
  operationErrors[operation] = new Counter('regatta_err_' + operation.replace(/-/g, '_'));
  operationBytes[operation] = new Counter('regatta_bytes_' + operation.replace(/-/g, '_'));
}
const bytesMoved = new Counter('regatta_bytes');
const failedIterations = new Counter('regatta_failed_iterations');
const completedIterations = new Counter('regatta_completed_iterations');
const errors = new Rate('regatta_errors');

function latencyBucket(ms: number): number {
  if (!(ms > bucketMinMs)) {
    return 0;
  }
  return Math.min(bucketCount - 1, 1 + Math.floor(Math.log(ms / bucketMinMs) / Math.log(bucketFactor)));
}

/** Records one operation: its latency when it succeeded, an error when not; returns whether it succeeded. */
function record(operation: string, ms: number, ok: boolean, bytes: number): boolean {
  const counters = latencyCounters[operation];
  const errorCounter = operationErrors[operation];
  const byteCounter = operationBytes[operation];
  if (counters === undefined || errorCounter === undefined || byteCounter === undefined) {
    // Set-up and teardown are not measured.
    return ok;
  }
  if (ok) {
    counters[latencyBucket(ms)].add(1);
    byteCounter.add(bytes);
    bytesMoved.add(bytes);
  } else {
    errorCounter.add(1);
  }
  return ok;
}

/** The outcome of one operation: whether it succeeded and how long its requests took. */
type Outcome = { ok: boolean; ms: number };

/** Pushes a blob (POST, then one PATCH, chunked PATCHes or a monolithic PUT, then PUT ?digest=). */
function pushBlob(data: ArrayBuffer | string, digest: string, operation: string): Outcome {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  const started = send('POST', '/v2/' + repository + '/blobs/uploads/', null, { 'Content-Length': '0' }, pushScope, operation, false);
  let ms = started.ms;
  if (started.status !== 202) {
    return { ok: record(operation, ms, false, 0), ms: ms };
  }
  let location = locationOf(started);
  if (pushStrategy === 'monolithic') {
    const put = send('PUT', withDigest(location, digest), data, { 'Content-Type': 'application/octet-stream' }, pushScope, operation, false);
    ms += put.ms;
    return { ok: record(operation, ms, put.status === 201, size), ms: ms };
  }
  const chunk = pushStrategy === 'chunked' ? chunkBytes : size;
  for (let offset = 0; offset < size; offset += chunk) {
    const end = Math.min(size, offset + chunk);
    const headers: { [name: string]: string } = { 'Content-Type': 'application/octet-stream' };
    if (pushStrategy === 'chunked') {
      headers['Content-Range'] = offset + '-' + (end - 1);
    }
    const patched = send('PATCH', location, data.slice(offset, end), headers, pushScope, operation, false);
    ms += patched.ms;
    if (patched.status !== 202) {
      return { ok: record(operation, ms, false, 0), ms: ms };
    }
    location = locationOf(patched);
  }
  const done = send('PUT', withDigest(location, digest), null, { 'Content-Length': '0' }, pushScope, operation, false);
  ms += done.ms;
  return { ok: record(operation, ms, done.status === 201, size), ms: ms };
}

/** Pulls a blob by digest (redirects followed), hashing the body when verifying. */
function pullBlob(digest: string, size: number): Outcome {
  const pulled = send('GET', '/v2/' + repository + '/blobs/' + digest, null, {}, pullScope, 'blob-pull', true);
  const body = pulled.body;
  const ok = pulled.status === 200 && body !== null && typeof body !== 'string' && body.byteLength === size && (!verify || sha256Digest(body) === digest);
  return { ok: record('blob-pull', pulled.ms, ok, ok ? size : 0), ms: pulled.ms };
}

/** PUTs a manifest under a tag; its digest when the registry took it. */
function putManifest(tag: string, manifest: string, operation: string): { digest: string | undefined; ms: number } {
  const put = send('PUT', '/v2/' + repository + '/manifests/' + tag, manifest, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, pushScope, operation, false);
  const ok = record(operation, put.ms, put.status === 201, manifest.length);
  return { digest: ok ? sha256Digest(manifest) : undefined, ms: put.ms };
}

/** An image config listing the layers' diff IDs (uncompressed layers: the diff ID is the layer digest). */
function imageConfig(layerDigests: string[]): string {
  return JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: layerDigests } });
}

/** The OCI manifest of a config and its layers, with optional annotations. */
function imageManifest(config: string, layers: { digest: string; size: number }[], annotations: { [key: string]: string } | undefined): string {
  const manifest: { [key: string]: unknown } = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.length },
    layers: layers.map((layer) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer.digest, size: layer.size })),
  };
  if (annotations !== undefined) {
    manifest['annotations'] = annotations;
  }
  return JSON.stringify(manifest);
}

/** Pushes an image as docker push does: the layers, then the config, then the manifest (random, so unique). */
function pushImage(tag: string, layerSizes: number[], measured: boolean): { ok: boolean; ms: number; digest: string } {
  const blobOperation = measured ? 'blob-push' : 'setup';
  let ms = 0;
  let bytes = 0;
  const layers: { digest: string; size: number }[] = [];
  for (const size of layerSizes) {
    const data = crypto.randomBytes(size);
    const digest = sha256Digest(data);
    const pushed = pushBlob(data, digest, blobOperation);
    ms += pushed.ms;
    if (!pushed.ok) {
      return { ok: measured ? record('image-push', ms, false, 0) : false, ms: ms, digest: '' };
    }
    bytes += size;
    layers.push({ digest: digest, size: size });
  }
  const config = imageConfig(layers.map((layer) => layer.digest));
  const configPushed = pushBlob(config, sha256Digest(config), blobOperation);
  ms += configPushed.ms;
  const manifest = imageManifest(config, layers, undefined);
  const put = configPushed.ok ? putManifest(tag, manifest, measured ? 'manifest-put' : 'setup') : { digest: undefined, ms: 0 };
  ms += put.ms;
  const ok = put.digest !== undefined;
  bytes += config.length + manifest.length;
  return { ok: measured ? record('image-push', ms, ok, ok ? bytes : 0) : ok, ms: ms, digest: put.digest || '' };
}

/** Pulls an image as a runtime does: the manifest by tag, then its config and every layer, each digest-checked. */
function pullImage(tag: string, digest: string): Outcome {
  const got = send('GET', '/v2/' + repository + '/manifests/' + tag, null, { Accept: 'application/vnd.oci.image.manifest.v1+json' }, pullScope, 'manifest-get', false);
  const text = typeof got.body === 'string' ? got.body : '';
  const manifestOk = got.status === 200 && (!verify || sha256Digest(text) === digest);
  record('manifest-get', got.ms, manifestOk, manifestOk ? text.length : 0);
  let ms = got.ms;
  if (!manifestOk) {
    return { ok: record('image-pull', ms, false, 0), ms: ms };
  }
  const manifest = JSON.parse(text) as { config: { digest: string; size: number }; layers: { digest: string; size: number }[] };
  let bytes = text.length;
  for (const blob of [manifest.config].concat(manifest.layers)) {
    const pulled = pullBlob(blob.digest, blob.size);
    ms += pulled.ms;
    if (!pulled.ok) {
      return { ok: record('image-pull', ms, false, 0), ms: ms };
    }
    bytes += blob.size;
  }
  return { ok: record('image-pull', ms, true, bytes), ms: ms };
}

/** Deletes what set-up made (teardown); what the registry refuses stays for its garbage collection. */
function remove(path: string): void {
  send('DELETE', '/v2/' + repository + path, null, {}, pushScope, 'teardown', false);
}

/** Ends an iteration: its latency (the sum of its operations), and its error when one failed. */
function finishIteration(outcome: Outcome): void {
  errors.add(!outcome.ok);
  if (outcome.ok) {
    record('iteration', outcome.ms, true, 0);
    completedIterations.add(1);
  } else {
    failedIterations.add(1);
  }
}
`;
