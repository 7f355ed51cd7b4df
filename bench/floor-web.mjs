/**
 * The floor of bench/floor.mjs behind the contract the playground's core keeps: the same work
 * (bench/floor-token.mjs), but as a Web-standard handler `(Request) => Promise<Response>` (undici's
 * Request, Headers and Response, as Node ships them), adapted to node:http the way any such host
 * must: a Request built from the incoming message, the Response's body read back and written.
 * Nothing else is added, so the difference to the floor is the price of the Web-standard contract.
 *
 * Usage: node bench/floor-web.mjs --port N   (prints "listening on http://localhost:N/")
 */
import { createServer } from 'node:http';
import { floorAnswer, floorHeaders } from './floor-token.mjs';

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || process.env.PORT || 4601);
const issuer = `http://localhost:${port}/`;

/** The whole server, Web-standard. */
async function handle(request) {
  const { status, body } = await floorAnswer(
    issuer,
    request.headers.get('authorization'),
    await request.text(),
  );
  return new Response(JSON.stringify(body), { status, headers: floorHeaders });
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(new URL(req.url ?? '/', issuer), {
      method: req.method,
      headers,
      body: Buffer.concat(chunks),
    });
    const response = await handle(request);
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(body);
  });
});

server.listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
process.on('SIGINT', () => server.close(() => process.exit(0)));
