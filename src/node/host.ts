import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createAuthorizationServer } from '../server/app.ts';
import { MemoryStore } from '../server/store/memory.ts';
import type { Store } from '../server/store/types.ts';

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
  return new Promise((resolve, reject) => {
    const listener = serve(
      { fetch: server.fetch, port: options.port, hostname: options.hostname ?? '127.0.0.1' },
      (info: AddressInfo) => {
        listener.off('error', reject);
        resolve({
          url: `${origin}/`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              listener.close(() => done());
              if ('closeAllConnections' in listener) listener.closeAllConnections();
            }),
        });
      },
    );
    listener.once('error', reject);
  });
}
