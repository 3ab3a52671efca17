/**
 * Entry file of a load worker thread (`new Worker(<this file, compiled>)`): serves the main thread over `parentPort`.
 * Once served, no listener holds the port and the thread exits by itself (the main thread also terminates it).
 * Imported anywhere else it does nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveLoadWorker } from './serve-load-worker.js';
import type { LoadWorkerInput } from './worker-protocol.js';

if (parentPort !== null) {
  void serveLoadWorker(parentPort, workerData as LoadWorkerInput);
}
