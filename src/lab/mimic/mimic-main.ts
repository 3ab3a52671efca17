/**
 * Entry of a mimic front process (`regatta lab up --mimic`): started by {@link spawnMimicFront} in its own process
 * group, so `lab up --detach` leaves it running and `lab down` stops it. Arguments are `--key=value` pairs; every
 * request it answers is appended to the `--requests` file as one JSON line. Without `--port`/`--storage-port` it
 * listens on ports the system picks and writes its URLs to `--ports-file` once it listens.
 */
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isMimicCloud } from './mimic-clouds.js';
import { startMimicFront } from './mimic-front.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cloud: { type: 'string' },
      upstream: { type: 'string' },
      port: { type: 'string' },
      'storage-port': { type: 'string' },
      requests: { type: 'string' },
      'ports-file': { type: 'string' },
      'budget-requests': { type: 'string' },
      'budget-window': { type: 'string' },
    },
    strict: true,
  });
  const cloud = values.cloud ?? '';
  if (!isMimicCloud(cloud) || values.upstream === undefined) {
    throw new Error('usage: mimic-main --cloud=dockerhub|ghcr|ecr|gar --upstream=URL [--port=N] [--storage-port=N] [--requests=FILE] [--ports-file=FILE]');
  }
  const requestsFile = values.requests;
  const budget =
    values['budget-requests'] === undefined
      ? undefined
      : { requests: Number(values['budget-requests']), windowSeconds: Number(values['budget-window'] ?? '1') };
  const front = await startMimicFront({
    cloud,
    upstream: values.upstream,
    ...(values.port === undefined ? {} : { port: Number(values.port) }),
    ...(values['storage-port'] === undefined ? {} : { storagePort: Number(values['storage-port']) }),
    ...(budget === undefined ? {} : { budget }),
    ...(requestsFile === undefined ? {} : { onRequest: (entry) => appendFileSync(requestsFile, `${JSON.stringify(entry)}\n`) }),
  });
  process.stdout.write(`mimic ${cloud}: front ${front.url}, storage ${front.storageUrl}, registry ${values.upstream}\n`);
  const portsFile = values['ports-file'];
  if (portsFile !== undefined) {
    // Written whole under another name, then renamed: whoever waits for the file never reads half of it.
    writeFileSync(`${portsFile}.partial`, JSON.stringify({ url: front.url, storageUrl: front.storageUrl }));
    renameSync(`${portsFile}.partial`, portsFile);
  }
  const stop = (): void => {
    void front.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`mimic: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
