/**
 * The floor for client_credentials: what any server must do at least per request, and nothing
 * else. A bare node:http server that reads the form body, checks the client secret
 * (client_secret_basic, `m2m:m2m-secret`) and signs one RS256 JWT access token with jose
 * (bench/floor-token.mjs); the key is generated and imported once at start. No routing, no store,
 * no tenant, no validation library. The answer has the same shape and about the same size as the
 * playground's.
 *
 * Usage: node bench/floor.mjs --port N   (prints "listening on http://localhost:N/")
 */
import { createServer } from 'node:http';
import { floorAnswer, floorHeaders } from './floor-token.mjs';

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || process.env.PORT || 4600);
const issuer = `http://localhost:${port}/`;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const { status, body } = await floorAnswer(
      issuer,
      req.headers.authorization,
      Buffer.concat(chunks).toString(),
    );
    res.writeHead(status, floorHeaders);
    res.end(JSON.stringify(body));
  });
});

server.listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
process.on('SIGINT', () => server.close(() => process.exit(0)));
