/** Tests only: a real HTTP server on 127.0.0.1 (a client's jwks_uri), on a free port of 12000-12999. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface LoopbackServer {
  url(path: string): string;
  close(): Promise<void>;
}

export async function startLoopbackServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LoopbackServer> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 12000 + Math.floor(Math.random() * 1000);
    const server: Server = createServer(handler);
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) {
      return {
        url: (path) => `http://127.0.0.1:${port}${path}`,
        close: () =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    }
  }
  throw new Error('no free port in 12000-12999');
}

/** A port in 12000-12999 where nothing listens (for "unreachable"). */
export async function closedPortUrl(path: string): Promise<string> {
  const server = await startLoopbackServer((_req, res) => res.end());
  const url = server.url(path);
  await server.close();
  return url;
}
