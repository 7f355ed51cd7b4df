/**
 * Where a client_credentials token request's CPU time goes, layer by layer, measured as CPU time
 * (process.cpuUsage / /proc), which depends far less on other load on the machine than req/s:
 *   1. RS256 signing alone (jose SignJWT with the server's kind of key: a non-extractable CryptoKey);
 *   2. the core in-process: `fetch(new Request(...))` on /oauth/token, no HTTP;
 *   3. a bare node:http server answering a same-sized JSON (the HTTP floor of the load generator setup).
 * `npm run bench` gives the two servers' CPU ms/request over HTTP to compare with.
 * Usage: node bench/breakdown.mjs   (prints a Markdown table; the bench notes quote it)
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { keepAliveAgent, load } from './http.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const N = Number(process.env.BENCH_REQUESTS ?? 3000);
const outDir = 'node_modules/.tmp/bench-core';

execFileSync(
  `${root}node_modules/.bin/vite`,
  ['build', '--ssr', 'src/server/index.ts', '--logLevel', 'warn'],
  {
    cwd: root,
    env: { ...process.env, OUT_DIR_NODE: outDir },
    stdio: 'inherit',
  },
);
const core = await import(`${root}${outDir}/index.js`);
const { SignJWT, generateKeyPair } = await import('jose');

/** CPU ms per iteration of `step` (sequential; after a warm-up). */
async function cpuPer(step, n = N) {
  for (let i = 0; i < Math.min(300, n); i++) await step(i);
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await step(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / n;
}

const rows = [];
const { privateKey } = await generateKeyPair('RS256', { extractable: false });
rows.push([
  'RS256 signature of an access token (jose, CryptoKey)',
  await cpuPer(() =>
    new SignJWT({ sub: 'm2m@clients', scope: 'read:messages write:messages', jti: 'x'.repeat(22) })
      .setProtectedHeader({ alg: 'RS256', kid: 'k', typ: 'at+jwt' })
      .setIssuedAt()
      .setExpirationTime('1d')
      .sign(privateKey),
  ),
]);

const server = core.createAuthorizationServer({
  store: new core.MemoryStore(),
  issuer: 'http://localhost:4000/',
  appUrl: 'http://localhost:4000',
  sessionMode: 'cookie',
});
const ccRequest = () =>
  new Request('http://localhost:4000/oauth/token', {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from('m2m:m2m-secret').toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com&scope=read%3Amessages+write%3Amessages',
  });
rows.push([
  'core in-process: POST /oauth/token client_credentials (no HTTP)',
  await cpuPer(async () => {
    const response = await server.fetch(ccRequest());
    if (response.status !== 200) throw new Error(await response.text());
    await response.text();
  }),
]);
rows.push(['constructing the Web Request alone', await cpuPer(() => ccRequest())]);
rows.push([
  'core in-process: GET /.well-known/openid-configuration (routing, tenant, JSON)',
  await cpuPer(async () => {
    await (await server.fetch(new Request('http://localhost:4000/.well-known/openid-configuration'))).text();
  }),
]);

// The HTTP floor: a node:http server in its own process answering a fixed token-sized JSON.
const probe = createServer().listen(0, '127.0.0.1');
await once(probe, 'listening');
const { port } = probe.address();
probe.close();
await once(probe, 'close');
const body = JSON.stringify({ access_token: 'x'.repeat(700), token_type: 'Bearer', expires_in: 86400 });
const floor = spawn(
  process.execPath,
  [
    '-e',
    `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }); res.end(${JSON.stringify(body)}); }); }).listen(${port}, '127.0.0.1', () => console.log('listening'));`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
await once(floor.stdout, 'data');
const cpuOf = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
const agent = keepAliveAgent(8);
const next = () => ({
  url: `http://127.0.0.1:${port}/oauth/token`,
  method: 'POST',
  headers: {
    'Content-Type': 'application/x-www-form-urlencoded',
    Authorization: 'Basic bTJtOm0ybS1zZWNyZXQ=',
  },
  body: 'grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com&scope=read%3Amessages+write%3Amessages',
});
await load({ agent, total: 300, concurrency: 8, next });
const before = cpuOf(floor.pid);
await load({ agent, total: N, concurrency: 8, next });
rows.push([
  'bare node:http server, same request and answer size (HTTP floor)',
  (cpuOf(floor.pid) - before) / N,
]);
agent.destroy();
floor.kill();

console.log(`| layer (CPU ms per request, ${N} requests) | ms |\n|---|---|`);
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(3)} |`);
