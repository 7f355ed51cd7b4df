import { serve } from '@hono/node-server';
import { createAuthorizationServer } from '../server/app.ts';
import { MemoryStore } from '../server/store/memory.ts';

/** The Node host: the same core on loopback, state in memory, for curl, Postman and tests. */
function portFromArgs(argv: string[]): number {
  const i = argv.indexOf('--port');
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  const port = Number(flag ?? process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`Invalid port: ${flag ?? process.env.PORT}`);
    process.exit(2);
  }
  return port;
}

const port = portFromArgs(process.argv.slice(2));
const origin = `http://localhost:${port}`;
const server = createAuthorizationServer({
  store: new MemoryStore(),
  issuer: `${origin}/`,
  appUrl: origin,
  sessionMode: 'cookie',
});

const listener = serve({ fetch: server.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, () => {
  console.log(`listening on ${origin}/`);
});
const stop = () => listener.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
