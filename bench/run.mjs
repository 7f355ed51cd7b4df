/**
 * npm run bench: token requests per second of the playground's Node host and of node-oidc-provider,
 * configured the same way, in one run, on loopback. Writes bench/RESULTS.md.
 *
 * What is measured, on both servers alike:
 * - client_credentials: POST /token with client_secret_basic (`m2m`), for https://api.example.com
 *   (`audience` on ours, `resource` on oidc-provider: RFC 8707), scope `read:messages write:messages`;
 *   the answer is one RS256 JWT access token.
 * - authorization_code: POST /token redeeming a code with client_secret_basic (`web-app`), the
 *   redirect_uri and a PKCE S256 code_verifier; scope `openid read:messages` for the API; the answer
 *   is an RS256 JWT access token and an RS256 ID token. The codes are created beforehand (not timed)
 *   through each server's real /authorize with a login session cookie.
 * Each phase: a warm-up, then BENCH_REQUESTS requests with BENCH_CONCURRENCY in flight (keep-alive
 * connections, node:http), one server at a time. Any non-200 answer is counted as an error.
 *
 * Environment: BENCH_REQUESTS (default 2000), BENCH_ROUNDS (4), BENCH_CONCURRENCY (8); BENCH_PROFILE=1
 * writes a CPU profile of the playground host (node --cpu-prof) under node_modules/.tmp/bench-profiles
 * instead of RESULTS.md (summarise it with bench/profile-summary.mjs); BENCH_GRANTS and BENCH_TARGETS
 * narrow the run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { CookieJar, keepAliveAgent, load, send, summarize } from './http.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const API = 'https://api.example.com';
const REDIRECT_URI = 'http://localhost:3000/callback';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** JIT warm-up: a few hundred requests leave both servers partly unoptimised (measured: -20 % CPU after 1000). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const PROFILE = process.env.BENCH_PROFILE === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
/** BENCH_GRANTS=client_credentials and BENCH_TARGETS=ours narrow a run (for profiling). */
const GRANTS = (process.env.BENCH_GRANTS ?? 'client_credentials,authorization_code').split(',');
const TARGETS = (process.env.BENCH_TARGETS ?? 'ours,theirs').split(',');
const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

async function freePort() {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  await once(probe, 'close');
  return port;
}

/** Starts a server process and waits for its "listening on" line. */
async function start(name, args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => {
    const text = d.toString();
    if (!/WARNING/.test(text)) process.stderr.write(`[${name}] ${text}`);
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      output += d.toString();
      if (output.includes('listening on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output}`)));
  });
  return child;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGINT');
  await once(child, 'exit');
}

const pkce = (() => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
})();

/** The servers, described by what differs between them. */
function targets(oursPort, theirsPort) {
  return [
    {
      name: 'playground (Node host)',
      key: 'ours',
      origin: `http://localhost:${oursPort}`,
      tokenPath: '/oauth/token',
      authorizePath: '/authorize',
      resourceParam: 'audience',
    },
    {
      name: 'node-oidc-provider',
      key: 'theirs',
      origin: `http://localhost:${theirsPort}`,
      tokenPath: '/token',
      authorizePath: '/auth',
      resourceParam: 'resource',
    },
  ];
}

function authorizeUrl(target) {
  const url = new URL(target.authorizePath, target.origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'web-app',
    redirect_uri: REDIRECT_URI,
    scope: 'openid read:messages',
    [target.resourceParam]: API,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: 'bench',
  }).toString();
  return url.href;
}

/**
 * Runs /authorize as a browser would (cookies, redirects; on our server, the login and consent
 * forms) until the redirect to the client, and returns the code.
 */
async function obtainCode(agent, jar, target) {
  let url = authorizeUrl(target);
  let init = {};
  for (let step = 0; step < 12; step++) {
    const response = await send(agent, url, { ...init, headers: { ...init.headers, Cookie: jar.header() } });
    jar.remember(response.headers);
    init = {};
    if (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.location, url);
      if (location.href.startsWith(REDIRECT_URI)) {
        const code = location.searchParams.get('code');
        if (!code) throw new Error(`${target.name}: no code in ${location.href}`);
        return code;
      }
      url = location.href;
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(response.body)?.[1]?.replaceAll('&amp;', '&');
    if (response.status !== 200 || !action) {
      throw new Error(
        `${target.name}: unexpected ${response.status} at ${url}: ${response.body.slice(0, 200)}`,
      );
    }
    url = new URL(action, url).href;
    const body = /name="password"/.test(response.body)
      ? 'email=alice%40example.com&password=wonderland'
      : 'decision=accept';
    init = { method: 'POST', headers: form, body };
  }
  throw new Error(`${target.name}: too many steps`);
}

async function obtainCodes(target, count) {
  const agent = keepAliveAgent(1);
  const jar = new CookieJar();
  const codes = [];
  for (let i = 0; i < count; i++) codes.push(await obtainCode(agent, jar, target));
  agent.destroy();
  return codes;
}

function clientCredentials(target) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    [target.resourceParam]: API,
    scope: 'read:messages write:messages',
  }).toString();
  const url = new URL(target.tokenPath, target.origin).href;
  const headers = { ...form, Authorization: basic('m2m', 'm2m-secret') };
  return () => ({ url, method: 'POST', headers, body });
}

function codeRedemption(target, codes) {
  const url = new URL(target.tokenPath, target.origin).href;
  const headers = { ...form, Authorization: basic('web-app', 'web-app-secret') };
  return (i) => ({
    url,
    method: 'POST',
    headers,
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: codes[i],
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce.verifier,
    }).toString(),
  });
}

/** Checks that a server answers what the bench claims to measure (RS256 JWTs for the API). */
async function checkAnswer(target, request, expectIdToken) {
  const agent = keepAliveAgent(1);
  const { url, ...init } = request(0);
  const response = await send(agent, url, init);
  agent.destroy();
  if (response.status !== 200) throw new Error(`${target.name}: ${response.status} ${response.body}`);
  const body = JSON.parse(response.body);
  const header = JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString());
  const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
  if (header.alg !== 'RS256' || [claims.aud].flat()[0] !== API) {
    throw new Error(`${target.name}: not an RS256 JWT for ${API}: ${JSON.stringify({ header, claims })}`);
  }
  if (expectIdToken && !body.id_token) throw new Error(`${target.name}: no ID token`);
}

/**
 * CPU time (user + system, all threads, ms) a server process has used so far, from /proc (Linux).
 * Unlike req/s, CPU ms per request barely depends on what else runs on the machine.
 */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function main() {
  const outDir = 'node_modules/.tmp/bench-node';
  console.log('building the Node host (vite build --ssr)...');
  execFileSync(
    `${root}node_modules/.bin/vite`,
    ['build', '--ssr', 'src/node/server.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      env: { ...process.env, OUT_DIR_NODE: outDir },
      stdio: 'inherit',
    },
  );
  const [oursPort, theirsPort] = [await freePort(), await freePort()];
  const profileArgs = PROFILE ? ['--cpu-prof', '--cpu-prof-dir=node_modules/.tmp/bench-profiles'] : [];
  const ours = await start('playground', [...profileArgs, `${outDir}/server.js`, '--port', String(oursPort)]);
  const theirs = await start('oidc-provider', ['bench/oidc-provider.mjs', '--port', String(theirsPort)]);
  const pids = { ours: ours.pid, theirs: theirs.pid };
  const all = targets(oursPort, theirsPort).filter((t) => TARGETS.includes(t.key));
  const results = [];
  const loadAvg = os.loadavg();
  try {
    for (const target of all) await checkAnswer(target, clientCredentials(target), false);
    const perRound = Math.ceil(REQUESTS / ROUNDS);
    if (GRANTS.includes('client_credentials')) {
      const runs = new Map(all.map((t) => [t.key, []]));
      const agents = new Map(all.map((t) => [t.key, keepAliveAgent(CONCURRENCY)]));
      for (const target of all) {
        await load({
          agent: agents.get(target.key),
          total: WARMUP,
          concurrency: CONCURRENCY,
          next: clientCredentials(target),
        });
      }
      // Rounds alternate the servers (and their order), so that a busy moment of the machine hits both.
      for (let round = 0; round < ROUNDS; round++) {
        for (const target of round % 2 ? [...all].reverse() : all) {
          const agent = agents.get(target.key);
          const cpu0 = cpuMs(pids[target.key]);
          const run = await load({
            agent,
            total: perRound,
            concurrency: CONCURRENCY,
            next: clientCredentials(target),
          });
          runs.get(target.key).push({ ...run, cpuMs: cpuMs(pids[target.key]) - cpu0 });
        }
      }
      for (const target of all) {
        agents.get(target.key).destroy();
        results.push({ grant: 'client_credentials', target, ...summarize(runs.get(target.key)) });
      }
    }
    if (GRANTS.includes('authorization_code')) {
      const codes = new Map();
      for (const target of all) {
        console.log(`creating ${perRound * ROUNDS + WARMUP + 1} codes on ${target.name} (not timed)...`);
        const list = await obtainCodes(target, perRound * ROUNDS + WARMUP + 1);
        await checkAnswer(target, codeRedemption(target, list.splice(-1)), true);
        codes.set(target.key, list);
      }
      const runs = new Map(all.map((t) => [t.key, []]));
      const agents = new Map(all.map((t) => [t.key, keepAliveAgent(CONCURRENCY)]));
      const take = (target, n) => codeRedemption(target, codes.get(target.key).splice(0, n));
      for (const target of all) {
        await load({
          agent: agents.get(target.key),
          total: WARMUP,
          concurrency: CONCURRENCY,
          next: take(target, WARMUP),
        });
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const target of round % 2 ? [...all].reverse() : all) {
          const agent = agents.get(target.key);
          const cpu0 = cpuMs(pids[target.key]);
          const run = await load({
            agent,
            total: perRound,
            concurrency: CONCURRENCY,
            next: take(target, perRound),
          });
          runs.get(target.key).push({ ...run, cpuMs: cpuMs(pids[target.key]) - cpu0 });
        }
      }
      for (const target of all) {
        agents.get(target.key).destroy();
        results.push({ grant: 'authorization_code', target, ...summarize(runs.get(target.key)) });
      }
    }
  } finally {
    await stop(ours);
    await stop(theirs);
  }
  for (const r of results) {
    console.log(
      `${r.grant} ${r.target.name}: ${fmt(r.rps)} req/s (rounds ${r.roundsRps.map((x) => fmt(x, 0)).join(', ')}), p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, server CPU ${fmt(r.cpuPerRequest, 3)} ms/request, errors ${r.errors}`,
    );
    if (r.errors) console.error(`  first error: ${r.firstError}`);
  }
  if (PROFILE) {
    console.log('CPU profile of the playground host written under node_modules/.tmp/bench-profiles');
    return;
  }
  writeFileSync(new URL('RESULTS.md', import.meta.url), report(results, loadAvg));
  console.log('wrote bench/RESULTS.md');
}

function report(results, loadAvg) {
  const row = (r) =>
    `| ${r.grant} | ${r.target.name} | ${r.requests} | ${r.errors} | ${fmt(r.rps)} | ${r.roundsRps.map((x) => fmt(x, 0)).join(', ')} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.cpuPerRequest, 3)} |`;
  const pick = (grant, key) => results.find((r) => r.grant === grant && r.target.key === key);
  const verdict = (grant) => {
    const ours = pick(grant, 'ours');
    const theirs = pick(grant, 'theirs');
    if (!ours || !theirs) return `| ${grant} | n/a | n/a | n/a | n/a |`;
    const ratio = ours.rps / theirs.rps;
    const met = ratio >= 1.5 && ours.p99 <= theirs.p99 ? 'met' : 'not met';
    return `| ${grant} | ${fmt(ratio, 2)}x | ${fmt(theirs.cpuPerRequest / ours.cpuPerRequest, 2)}x | ${fmt(ours.p99, 2)} vs ${fmt(theirs.p99, 2)} ms | ${grant === 'client_credentials' ? met : '(no target)'} |`;
  };
  const cpus = os.cpus();
  return `# Benchmark: token requests per second

Generated by \`npm run bench\` (bench/run.mjs). Do not edit by hand; run it again. Where the time
goes, and why the target is or is not met: [NOTES.md](NOTES.md).

- Date: ${new Date().toISOString()}
- Machine: ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}
- Node ${process.version}; node-oidc-provider ${theirsVersion()}; load generator in the same machine (shares the CPUs)
- ${REQUESTS} timed requests per row in ${ROUNDS} rounds that alternate the servers, after ${WARMUP} warm-up requests; ${CONCURRENCY} in flight, keep-alive, 127.0.0.1 only
- Load average when the run started (other work on the machine): ${loadAvg.map((x) => x.toFixed(2)).join(', ')}

## What is measured
- **client_credentials**: \`POST\` token endpoint, \`client_secret_basic\` (\`m2m\`), scope
  \`read:messages write:messages\` for \`https://api.example.com\` (\`audience\` on the playground,
  \`resource\` on oidc-provider, RFC 8707). Answer: one RS256 JWT access token.
- **authorization_code**: \`POST\` token endpoint redeeming a code, \`client_secret_basic\` (\`web-app\`),
  \`redirect_uri\` and a PKCE S256 \`code_verifier\`; scope \`openid read:messages\` for the API. Answer:
  an RS256 JWT access token and an RS256 ID token. The codes are created beforehand, untimed, through
  each server's real \`/authorize\` with a login session cookie.
- The playground host is built as \`npm run build:server\` does (\`vite build --ssr src/node/server.ts\`, into
  node_modules/.tmp/bench-node) and started as \`node server.js --port N\`; oidc-provider runs bench/oidc-provider.mjs.
- Both servers keep state in memory. Latency is measured per request by the client (p50, p99).
- Server CPU ms/request: user + system time of the server process (all threads) during the timed rounds,
  from /proc, divided by the requests; it depends less on other load on the machine than req/s.

## Figures
| grant | server | requests | errors | req/s | req/s per round | p50 ms | p99 ms | server CPU ms/request |
|---|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}

## Against the target (issue 3: at least 1.5x oidc-provider's req/s on client_credentials, p99 no worse)
| grant | req/s ratio (playground / oidc-provider) | CPU efficiency ratio (their CPU ms / ours) | p99 (playground vs oidc-provider) | target |
|---|---|---|---|---|
${verdict('client_credentials')}
${verdict('authorization_code')}
`;
}

function theirsVersion() {
  try {
    return JSON.parse(
      execFileSync('node', ['-p', "JSON.stringify(require('oidc-provider/package.json'))"], {
        cwd: root,
      }).toString(),
    ).version;
  } catch {
    return 'unknown';
  }
}

await main();
