/**
 * The floor of bench/floor.mjs behind the contract the playground's core keeps: the same work, but
 * as a Web-standard handler `(Request) => Promise<Response>` (undici's Request, Headers and Response,
 * as Node ships them), adapted to node:http the way any such host must: a Request built from the
 * incoming message, the Response's body read back and written. Nothing else is added, so the
 * difference to the floor is the price of the Web-standard contract alone.
 *
 * Usage: node bench/floor-web.mjs --port N   (prints "listening on http://localhost:N/")
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { generateKeyPair, SignJWT } from 'jose';

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || process.env.PORT || 4601);
const issuer = `http://localhost:${port}/`;
const expected = Buffer.from(`Basic ${Buffer.from('m2m:m2m-secret').toString('base64')}`);
const { privateKey } = await generateKeyPair('RS256', { extractable: false });
const header = { alg: 'RS256', kid: 'floor', typ: 'at+jwt' };
const jsonHeaders = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' };

const answer = (status, body) => new Response(JSON.stringify(body), { status, headers: jsonHeaders });

/** The whole server, Web-standard. */
async function handle(request) {
  const auth = Buffer.from(request.headers.get('authorization') ?? '');
  if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
    return answer(401, { error: 'invalid_client', error_description: 'Wrong client credentials.' });
  }
  const params = new URLSearchParams(await request.text());
  const now = Math.floor(Date.now() / 1000);
  const scope = params.get('scope') ?? '';
  const accessToken = await new SignJWT({
    iss: issuer,
    sub: 'm2m@clients',
    aud: params.get('audience') ?? '',
    iat: now,
    exp: now + 86400,
    scope,
    jti: randomBytes(16).toString('base64url'),
    client_id: 'm2m',
    azp: 'm2m',
    gty: 'client-credentials',
  })
    .setProtectedHeader(header)
    .sign(privateKey);
  return answer(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 86400, scope });
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
