import type { Server } from 'node:http';

/**
 * How long the lab's Node servers keep an idle connection open: longer than any client of the lab keeps one (regatta's
 * pools hold them 30 s), as Go's registries do (no idle timeout by default), so the client always closes first.
 * With Node's 5 s default, a client whose event loop lags under load can send a request on a connection the server is
 * closing at that moment; a POST there fails with ECONNRESET and cannot be retried, which made a mimic test flaky.
 */
const idleConnectionMs = 65_000;

/** Makes `server` keep idle keep-alive connections open longer than the lab's clients do; returns it. */
export function holdIdleConnections<S extends Server>(server: S): S {
  server.keepAliveTimeout = idleConnectionMs;
  return server;
}
