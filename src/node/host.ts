import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthorizationServer } from '../server/app.ts';
import { MAX_BODY_BYTES } from '../server/params.ts';
import { MemoryStore } from '../server/store/memory.ts';
import type { Store } from '../server/store/types.ts';
import { toRequest, writeResponse } from './adapter.ts';

export const DEFAULT_PORT = 4000;

/**
 * The port the Node host listens on: `--port N` or `--port=N`, else `PORT`, else 4000 (SPEC.md,
 * "One core, two hosts"). Throws on anything that is not a TCP port.
 */
export function portFrom(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): number {
  const i = argv.indexOf('--port');
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  const raw = flag ?? env.PORT ?? String(DEFAULT_PORT);
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Invalid port: ${raw === '' ? '(empty)' : raw}`);
  }
  return port;
}

export interface NodeHost {
  /** `http://localhost:PORT/`: the issuer. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the core over HTTP on loopback: issuer `http://localhost:PORT/`, state in memory, the
 * login session in an HttpOnly cookie.
 */
export function startNodeHost(
  options: { port: number; hostname?: string; store?: Store } = { port: DEFAULT_PORT },
): Promise<NodeHost> {
  const origin = `http://localhost:${options.port}`;
  const server = createAuthorizationServer({
    store: options.store ?? new MemoryStore(),
    issuer: `${origin}/`,
    appUrl: origin,
    sessionMode: 'cookie',
  });
  const listener = createServer((req, res) => {
    toRequest(req, origin, MAX_BODY_BYTES)
      .then((request) => server.fetch(request))
      .then((response) => writeResponse(req, res, response))
      .catch(() => {
        // A broken connection (client gone mid-body): nothing to answer.
        if (!res.headersSent) res.writeHead(400, { connection: 'close' });
        res.end();
      });
  });
  return new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port, options.hostname ?? '127.0.0.1', () => {
      listener.off('error', reject);
      const { port } = listener.address() as AddressInfo;
      resolve({
        url: `${origin}/`,
        port,
        close: () =>
          new Promise<void>((done) => {
            listener.close(() => done());
            listener.closeAllConnections();
          }),
      });
    });
  });
}
