import { portFrom, startNodeHost } from './host.ts';

/** `npm run server [-- --port N]`: the core on http://localhost:PORT/ for curl, Postman and apps. */
let port: number;
try {
  port = portFrom(process.argv.slice(2), process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

startNodeHost({ port, hostname: process.env.HOST }).then(
  (host) => {
    console.log(`listening on ${host.url}`);
    const stop = () => void host.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${port} is in use: try npm run server -- --port ${port + 1}`
        : `Could not start: ${error.message}`,
    );
    process.exit(1);
  },
);
