import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthorizationServer } from '../server/app.ts';
import { MAX_BODY_BYTES } from '../server/params.ts';
import { MemoryStore } from '../server/store/memory.ts';
import type { Store } from '../server/store/types.ts';
import type { TenantInput } from '../server/tenant/schema.ts';
import { toRequest, writeResponse } from './adapter.ts';
import { allowedHosts, checkHost } from './host-check.ts';

export const DEFAULT_PORT = 4000;

export interface NodeHost {
  /** `http://localhost:PORT/`: the issuer. */
  url: string;
  port: number;
  /** The addresses listened on, e.g. `['127.0.0.1', '::1']`. */
  addresses: string[];
  close(): Promise<void>;
}

export interface NodeHostOptions {
  /** 0 picks a free port. */
  port: number;
  /**
   * The one address to listen on. Without it, the loopback addresses: 127.0.0.1, and ::1 where
   * the machine has IPv6, so that `localhost` reaches this server whichever address a client
   * resolves it to first.
   */
  host?: string;
  store?: Store;
  /** The tenant in force until one is saved through /admin/tenant (default: the demo tenant). */
  tenant?: TenantInput;
}

function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

/**
 * Serves the core over HTTP: issuer `http://localhost:PORT/`, state in memory, the login session
 * in an HttpOnly cookie. Only requests for this server's own names get through (see checkHost).
 */
export async function startNodeHost(options: NodeHostOptions = { port: DEFAULT_PORT }): Promise<NodeHost> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { connection: 'close' }).end();
  };
  const servers: Server[] = [];
  const addresses: string[] = [];
  const open = async (address: string, port: number) => {
    const server = createServer((req, res) => handle(req, res));
    const bound = await listen(server, port, address);
    servers.push(server);
    addresses.push(address);
    return bound;
  };
  let port: number;
  try {
    port = await open(options.host ?? '127.0.0.1', options.port);
    if (options.host === undefined) {
      await open('::1', port).catch((error: NodeJS.ErrnoException) => {
        // No IPv6 on this machine: `localhost` then resolves to 127.0.0.1 only.
        if (error.code !== 'EADDRNOTAVAIL' && error.code !== 'EAFNOSUPPORT') throw error;
      });
    }
  } catch (error) {
    await Promise.all(servers.map(close));
    throw error;
  }

  const origin = `http://localhost:${port}`;
  const core = createAuthorizationServer({
    store: options.store ?? new MemoryStore(),
    issuer: `${origin}/`,
    appUrl: origin,
    sessionMode: 'cookie',
    tenant: options.tenant,
  });
  const hosts = allowedHosts(port, options.host);
  handle = (req, res) => {
    const refused = checkHost(req.headers.host, hosts);
    (refused
      ? writeResponse(req, res, refused)
      : toRequest(req, origin, MAX_BODY_BYTES)
          .then((request) => core.fetch(request))
          .then((response) => writeResponse(req, res, response))
    ).catch(() => {
      // A broken connection (client gone mid-body): nothing to answer.
      if (!res.headersSent) res.writeHead(400, { connection: 'close' });
      res.end();
    });
  };
  return {
    url: `${origin}/`,
    port,
    addresses,
    close: async () => {
      await Promise.all(servers.map(close));
    },
  };
}
