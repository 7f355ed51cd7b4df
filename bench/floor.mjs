/**
 * The floor for client_credentials: what any server must do at least per request, and nothing
 * else. A bare node:http server that reads the form body, checks the client secret
 * (client_secret_basic, `m2m:m2m-secret`) and signs one RS256 JWT access token with jose; the key
 * is generated and imported once at start. No routing, no store, no tenant, no validation library.
 * The answer has the same shape and about the same size as the playground's.
 *
 * Usage: node bench/floor.mjs --port N   (prints "listening on http://localhost:N/")
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { generateKeyPair, SignJWT } from 'jose';

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || process.env.PORT || 4600);
const issuer = `http://localhost:${port}/`;
const expected = Buffer.from(`Basic ${Buffer.from('m2m:m2m-secret').toString('base64')}`);
const { privateKey } = await generateKeyPair('RS256', { extractable: false });
const header = { alg: 'RS256', kid: 'floor', typ: 'at+jwt' };

function answer(res, status, body) {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      return answer(res, 401, { error: 'invalid_client', error_description: 'Wrong client credentials.' });
    }
    const params = new URLSearchParams(Buffer.concat(chunks).toString());
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
    answer(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 86400, scope });
  });
});

server.listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
process.on('SIGINT', () => server.close(() => process.exit(0)));
