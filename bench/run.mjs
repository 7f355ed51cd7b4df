/**
 * npm run bench: token requests per second of the playground's Node host, of node-oidc-provider,
 * configured the same way, and of the floor (bench/floor.mjs: node:http and one jose signature per
 * request), in one run, on loopback. Writes bench/RESULTS.md.
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
 * Environment: BENCH_REQUESTS (default 3000), BENCH_ROUNDS (6), BENCH_CONCURRENCY (16); BENCH_PROFILE=1
 * writes a CPU profile of the playground host (node --cpu-prof) under node_modules/.tmp/bench-profiles
 * instead of RESULTS.md (summarise it with bench/profile-summary.mjs); BENCH_GRANTS and BENCH_TARGETS
 * narrow the run; BENCH_BASELINE=path/to/server.js adds another build of the Node host (client_credentials).
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
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** JIT warm-up: a few hundred requests leave both servers partly unoptimised (measured: -20 % CPU after 1000). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const PROFILE = process.env.BENCH_PROFILE === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
/** BENCH_GRANTS=client_credentials and BENCH_TARGETS=ours narrow a run (for profiling). */
const GRANTS = (process.env.BENCH_GRANTS ?? 'client_credentials,authorization_code').split(',');
const TARGETS = (process.env.BENCH_TARGETS ?? 'ours,theirs,floor,floorweb').split(',');
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
function targets(oursPort, theirsPort, floorPort, floorWebPort) {
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
    {
      name: 'floor (node:http + jose)',
      key: 'floor',
      origin: `http://localhost:${floorPort}`,
      tokenPath: '/oauth/token',
      resourceParam: 'audience',
      /** Only client_credentials: the floor does nothing else. */
      clientCredentialsOnly: true,
    },
    {
      name: 'floor as a Web-standard handler (Request => Response)',
      key: 'floorweb',
      origin: `http://localhost:${floorWebPort}`,
      tokenPath: '/oauth/token',
      resourceParam: 'audience',
      clientCredentialsOnly: true,
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
  const [oursPort, theirsPort, floorPort, floorWebPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const profileArgs = PROFILE ? ['--cpu-prof', '--cpu-prof-dir=node_modules/.tmp/bench-profiles'] : [];
  const ours = await start('playground', [...profileArgs, `${outDir}/server.js`, '--port', String(oursPort)]);
  const theirs = await start('oidc-provider', ['bench/oidc-provider.mjs', '--port', String(theirsPort)]);
  const floor = await start('floor', ['bench/floor.mjs', '--port', String(floorPort)]);
  const floorWeb = await start('floor-web', ['bench/floor-web.mjs', '--port', String(floorWebPort)]);
  const pids = { ours: ours.pid, theirs: theirs.pid, floor: floor.pid, floorweb: floorWeb.pid };
  const allTargets = targets(oursPort, theirsPort, floorPort, floorWebPort).filter((t) =>
    TARGETS.includes(t.key),
  );
  // BENCH_BASELINE=path/to/server.js: another build of the Node host (e.g. an older commit's) as a
  // fourth client_credentials row in the same run, for a before/after that shares the machine's state.
  let baseline;
  if (process.env.BENCH_BASELINE) {
    const port = await freePort();
    baseline = await start('baseline', [process.env.BENCH_BASELINE, '--port', String(port)]);
    pids.base = baseline.pid;
    allTargets.push({
      name: 'Node host, baseline build',
      key: 'base',
      origin: `http://localhost:${port}`,
      tokenPath: '/oauth/token',
      resourceParam: 'audience',
      clientCredentialsOnly: true,
    });
  }
  const all = allTargets;
  /** Round r starts with server r mod n: every server goes first, middle and last as often. */
  const order = (list, round) => list.map((_, i) => list[(i + round) % list.length]);
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
      // Rounds interleave the servers (rotating their order), so that a busy moment of the machine hits all.
      for (let round = 0; round < ROUNDS; round++) {
        for (const target of order(all, round)) {
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
      const all = allTargets.filter((t) => !t.clientCredentialsOnly);
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
        for (const target of order(all, round)) {
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
    await stop(floor);
    await stop(floorWeb);
    if (baseline) await stop(baseline);
  }
  for (const r of results) {
    console.log(
      `${r.grant} ${r.target.name}: ${fmt(r.rps)} req/s (rounds ${r.roundsRps.map((x) => fmt(x, 0)).join(', ')}), p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, server CPU ${fmt(r.cpuPerRequest, 3)} ms/request, errors ${r.errors}`,
    );
    if (r.errors) console.error(`  first error: ${r.firstError}`);
  }
  console.log(`\n${threeWay(results)}\n`);
  if (PROFILE) {
    console.log('CPU profile of the playground host written under node_modules/.tmp/bench-profiles');
    return;
  }
  writeFileSync(new URL('RESULTS.md', import.meta.url), report(results, loadAvg));
  console.log('wrote bench/RESULTS.md');
}

/** The three-way client_credentials table (also printed to the console). */
function threeWay(results) {
  const cc = results.filter((r) => r.grant === 'client_credentials');
  const floor = cc.find((r) => r.target.key === 'floor');
  const lines = [
    '| server | req/s | x floor req/s | x floor, median of rounds | p50 ms | p99 ms | CPU ms/request | req/s per round | errors |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of cc) {
    const perRound = floor ? r.roundsRps.map((x, i) => x / floor.roundsRps[i]) : [];
    lines.push(
      `| ${r.target.name} | ${fmt(r.rps)} | ${floor ? `${fmt(r.rps / floor.rps, 2)}x` : 'n/a'} | ${floor ? `${fmt(median(perRound), 2)}x` : 'n/a'} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.cpuPerRequest, 3)} | ${r.roundsRps.map((x) => fmt(x, 0)).join(', ')} | ${r.errors} |`,
    );
  }
  return lines.join('\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function report(results, loadAvg) {
  const row = (r) =>
    `| ${r.grant} | ${r.target.name} | ${r.requests} | ${r.errors} | ${fmt(r.rps)} | ${r.roundsRps.map((x) => fmt(x, 0)).join(', ')} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.cpuPerRequest, 3)} |`;
  const pick = (grant, key) => results.find((r) => r.grant === grant && r.target.key === key);
  const ours = pick('client_credentials', 'ours');
  const theirs = pick('client_credentials', 'theirs');
  const floor = pick('client_credentials', 'floor');
  const floorWeb = pick('client_credentials', 'floorweb');
  const target = () => {
    if (!ours || !theirs || !floor) return '(not all three servers were run)';
    const ratio = ours.rps / floor.rps;
    const perRound = median(ours.roundsRps.map((x, i) => x / floor.roundsRps[i]));
    const rpsMet = ratio >= 0.8;
    const p99Met = ours.p99 <= theirs.p99;
    return [
      `- req/s: Node host / floor = **${fmt(ratio, 2)}x** over the whole run (median of the rounds: ${fmt(perRound, 2)}x); target >= 0.8x: **${rpsMet ? 'met' : 'not met'}**`,
      `- p99: Node host ${fmt(ours.p99, 2)} ms vs oidc-provider ${fmt(theirs.p99, 2)} ms; target no worse: **${p99Met ? 'met' : 'not met'}**`,
      `- CPU per request: Node host ${fmt(ours.cpuPerRequest, 3)} ms, floor ${fmt(floor.cpuPerRequest, 3)} ms, oidc-provider ${fmt(theirs.cpuPerRequest, 3)} ms (${fmt(floor.cpuPerRequest / ours.cpuPerRequest, 2)}x the floor's efficiency)`,
      `- Node host / oidc-provider req/s: ${fmt(ours.rps / theirs.rps, 2)}x`,
      ...(floorWeb
        ? [
            `- The floor as a Web-standard handler (bench/floor-web.mjs: the same work behind \`(Request) => Promise<Response>\`, the core's contract): ${fmt(floorWeb.rps / floor.rps, 2)}x the floor (median of the rounds ${fmt(median(floorWeb.roundsRps.map((x, i) => x / floor.roundsRps[i])), 2)}x), CPU ${fmt(floorWeb.cpuPerRequest, 3)} ms/request; Node host / that floor: ${fmt(ours.rps / floorWeb.rps, 2)}x`,
          ]
        : []),
    ].join('\n');
  };
  const codeVerdict = () => {
    const a = pick('authorization_code', 'ours');
    const b = pick('authorization_code', 'theirs');
    if (!a || !b) return '';
    return `\nauthorization_code, Node host / oidc-provider: ${fmt(a.rps / b.rps, 2)}x req/s, p99 ${fmt(a.p99, 2)} vs ${fmt(b.p99, 2)} ms, CPU ${fmt(a.cpuPerRequest, 3)} vs ${fmt(b.cpuPerRequest, 3)} ms/request.\n`;
  };
  const cpus = os.cpus();
  return `# Benchmark: token requests per second

Generated by \`npm run bench\` (bench/run.mjs). Do not edit by hand; run it again. Where the time
goes: [NOTES.md](NOTES.md).

- Date: ${new Date().toISOString()}
- Machine: ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}
- Node ${process.version}; node-oidc-provider ${theirsVersion()}; load generator in the same machine (shares the CPUs)
- ${REQUESTS} timed requests per row in ${ROUNDS} interleaved rounds (the servers take turns, the order rotating each round), after ${WARMUP} warm-up requests per server; ${CONCURRENCY} connections, keep-alive, 127.0.0.1 only
- Load average when the run started (other work on the machine): ${loadAvg.map((x) => x.toFixed(2)).join(', ')}
- Grants: ${GRANTS.join(', ')}${process.env.BENCH_BASELINE ? `; baseline build (BENCH_BASELINE): ${process.env.BENCH_BASELINE}` : ''}

## What is measured
- **client_credentials**: \`POST\` token endpoint, \`client_secret_basic\` (\`m2m\`), scope
  \`read:messages write:messages\` for \`https://api.example.com\` (\`audience\` on the playground and the
  floor, \`resource\` on oidc-provider, RFC 8707). Answer: one RS256 JWT access token.
- **The floor** (bench/floor.mjs): a bare \`node:http\` server that reads the form body, checks the client
  secret and signs one RS256 JWT with jose (key imported once); nothing else. What any server must pay.
- **The floor as a Web-standard handler** (bench/floor-web.mjs): the same work behind the contract the
  core keeps, \`(Request) => Promise<Response>\` with Node's own undici Request, Headers and Response,
  adapted to node:http as plainly as possible. Its distance to the floor is the price of that contract.
- **authorization_code**: \`POST\` token endpoint redeeming a code, \`client_secret_basic\` (\`web-app\`),
  \`redirect_uri\` and a PKCE S256 \`code_verifier\`; scope \`openid read:messages\` for the API. Answer:
  an RS256 JWT access token and an RS256 ID token. The codes are created beforehand, untimed, through
  each server's real \`/authorize\` with a login session cookie. (Not on the floor.)
- The playground host is built as \`npm run build:server\` does (\`vite build --ssr src/node/server.ts\`, into
  node_modules/.tmp/bench-node) and started as \`node server.js --port N\`; oidc-provider runs bench/oidc-provider.mjs.
- All servers keep state in memory. Latency is measured per request by the client (p50, p99).
- Server CPU ms/request: user + system time of the server process (all threads) during the timed rounds,
  from /proc, divided by the requests; it depends less on other load on the machine than req/s.
- "x floor, median of rounds": the ratio of req/s to the floor's within each round (the rounds of one
  server and the floor are minutes apart at most), then the median: less exposed to the machine's noise.

## client_credentials, three-way
${threeWay(results)}

## Against the target (Node host at >= 0.8x the floor's req/s, p99 no worse than oidc-provider's)
${target()}

## Every row
| grant | server | requests | errors | req/s | req/s per round | p50 ms | p99 ms | server CPU ms/request |
|---|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}
${codeVerdict()}`;
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
