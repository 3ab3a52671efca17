import { createServer } from 'node:net';

/** Binds `port` on 127.0.0.1 and releases it; resolves to the bound port, or rejects when it is taken. */
function bindOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A port on 127.0.0.1 that was free a moment ago (bind port 0, read it, release it). A registry may still lose the
 * race for it; the supervisor reports that as "port taken".
 */
export async function findFreePort(): Promise<number> {
  return bindOnce(0);
}

/** True when nothing listens on 127.0.0.1:`port`. */
export async function isPortFree(port: number): Promise<boolean> {
  return bindOnce(port).then(
    () => true,
    () => false,
  );
}
