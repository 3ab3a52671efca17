/**
 * A registry made slower on purpose, for `npm run compare:lab`'s "candidate 20 % slower" fixture: a loopback proxy
 * before a real lab registry that holds every answer back by a fixed delay. The baseline's proxy waits a base latency;
 * the candidate's waits that plus an extra wait that compare:lab tunes until each request of a one-VU closed loop
 * takes 1.25 times as long as through the baseline's: 20 % fewer operations and bytes a second. (A delay
 * proportional to the registry's own time does not do it on a loaded box, where most of a request's time is the
 * client's and the proxy's queueing.) Both pay the same extra hop. Answers are buffered before the wait (bench
 * fixtures pull small blobs); speed is measured by the script that uses it, never asserted in tests.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { endToEndHeaders } from '../lab/mimic/http-proxy.js';

/** A running slowdown proxy. */
export interface SlowdownProxy {
  /** `http://127.0.0.1:PORT`: the target to bench. */
  readonly url: string;
  /** Changes the delay for the requests that arrive from now on. */
  setDelayMs(delayMs: number): void;
  stop(): Promise<void>;
}

/**
 * Waits `delayMs` to a fraction of a millisecond: a timer for all but the last 1.5 ms, then event-loop turns until the
 * deadline. A timer alone fires on whole milliseconds, which made a wanted 6.8 ms wait 7 or 8 ms: the candidate came
 * out 13 % or 29 % slower, never the 20 % the fixture is for.
 */
async function waitPrecisely(delayMs: number): Promise<void> {
  const deadline = performance.now() + delayMs;
  if (delayMs > 1.5) {
    await sleep(delayMs - 1.5);
  }
  while (performance.now() < deadline) {
    await nextTurn();
  }
}

/** Forwards one request and answers it `delayMs` after the registry's answer ended. */
function relay(request: IncomingMessage, response: ServerResponse, upstream: URL, agent: Agent, delayMs: number): void {
  const outgoing = httpRequest({
    host: upstream.hostname,
    port: upstream.port,
    method: request.method,
    path: request.url,
    headers: endToEndHeaders(request.headers),
    agent,
  });
  outgoing.on('response', (answer) => {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('error', () => response.destroy());
    answer.on('end', () => {
      void waitPrecisely(delayMs).then(() => {
        const body = Buffer.concat(chunks);
        // The registry's framing is replaced by a length, the body being complete here; a HEAD keeps the registry's.
        const length = request.method === 'HEAD' ? {} : { 'content-length': String(body.length) };
        response.writeHead(answer.statusCode ?? 502, { ...endToEndHeaders(answer.headers), ...length });
        response.end(request.method === 'HEAD' ? undefined : body);
      });
    });
  });
  outgoing.on('error', (error) => {
    if (!response.headersSent) {
      response.writeHead(502, { 'content-type': 'text/plain' });
    }
    response.end(`slowdown proxy: the registry did not answer: ${error.message}\n`);
  });
  request.pipe(outgoing);
}

/** Checks a delay: 0 to 10 s. */
function checkedDelay(delayMs: number): number {
  if (!(delayMs >= 0 && delayMs <= 10_000)) {
    throw new RangeError(`slowdown delay must be within 0..10000 ms, not ${delayMs}`);
  }
  return delayMs;
}

/** Starts a slowdown proxy on a free 127.0.0.1 port before `registryUrl` (a loopback lab registry). */
export async function startSlowdownProxy(registryUrl: string, delayMs: number): Promise<SlowdownProxy> {
  let delay = checkedDelay(delayMs);
  const upstream = new URL(registryUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer((request, response) => relay(request, response, upstream, agent, delay));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDelayMs: (next) => {
      delay = checkedDelay(next);
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
