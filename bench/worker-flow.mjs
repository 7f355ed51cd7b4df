/**
 * The in-browser server against the Node host, in one run, driven by Playwright in Chromium:
 * - the full Authorization Code + PKCE flow (`spa`): /authorize, login form, consent, redirect to the
 *   callback, token request; timed from the authorize navigation to the token response, median of
 *   BENCH_FLOW_RUNS (default 10) runs per host, alternating hosts, no typing delays (fill);
 * - the worker's cold start: registration of <base>sw.js to the first discovery response (install
 *   with the precache download, activation, claim, IndexedDB open), in a fresh browser context.
 *
 * Both hosts get the same treatment: a fresh browser context per run (no login session), and, untimed
 * through the admin endpoints, no consent yet, signing keys created, and the callback of a tiny local
 * page registered for `spa`; the token request is made with fetch by a page of the server's origin.
 *
 * `node bench/worker-flow.mjs` runs it alone and writes bench/RESULTS-worker.md; bench/run.mjs could
 * import `benchWorkerFlow()` and use the returned markdown section.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
const API = 'https://api.example.com';
const ALICE = { email: 'alice@example.com', password: 'wonderland' };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));

async function freePort() {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  await once(probe, 'close');
  return port;
}

/** Starts a process and resolves when `ready(output)` says so. */
async function startProcess(name, args, env, ready) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'pipe' });
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (d) => {
      output += d.toString();
      if (ready(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output}`)));
  });
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round1 = (n) => Math.round(n * 10) / 10;

/** The app a developer would run: its /callback is a tiny page (same for both hosts). */
async function startCallbackServer() {
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>callback</title><p>callback</p>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, redirectUri: `http://127.0.0.1:${server.address().port}/callback` };
}

/** Untimed setup through the admin endpoints: the callback registered for `spa`, no consent yet. */
async function prepareServer(page, issuer, redirectUri) {
  const status = await page.evaluate(
    async ({ issuer, redirectUri }) => {
      const tenant = await (await fetch(`${issuer}admin/tenant`)).json();
      const spa = tenant.clients.find((c) => c.clientId === 'spa');
      if (!spa.redirectUris.includes(redirectUri)) spa.redirectUris.push(redirectUri);
      const put = await fetch(`${issuer}admin/tenant`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(tenant),
      });
      // Consents live in the server, not the browser: forget them so consent is asked every run.
      const consents = await fetch(`${issuer}admin/consents`, { method: 'DELETE' });
      await (await fetch(`${issuer}.well-known/jwks.json`)).json(); // signing key created beforehand
      return [put.status, consents.status];
    },
    { issuer, redirectUri },
  );
  if (status[0] !== 200 || status[1] !== 204) throw new Error(`admin setup of ${issuer}: ${status}`);
}

/**
 * Registers the worker from a page of the app's origin that runs no app code (sw.js shown as text;
 * no Playwright routing, which would put every request of the context through the test runner).
 */
async function registerWorker(context, appOrigin) {
  const page = await context.newPage();
  await page.goto(`${appOrigin}/sw.js`);
  const ms = await page.evaluate(async () => {
    const started = performance.now();
    const sw = navigator.serviceWorker;
    const controlled = new Promise((resolve) => {
      if (sw.controller) resolve();
      else sw.addEventListener('controllerchange', () => resolve(), { once: true });
    });
    await sw.register('/sw.js', { type: 'module', scope: '/', updateViaCache: 'none' });
    await controlled;
    const res = await fetch('/server/.well-known/openid-configuration');
    if (!res.ok) throw new Error(`discovery: ${res.status}`);
    await res.json();
    return performance.now() - started;
  });
  return { page, ms };
}

/** One full flow; `app` is a page of the server's origin (it sends the token request). */
async function flow(context, app, issuer, redirectUri) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('base64url');
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'spa',
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access read:messages',
    audience: API,
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(`${issuer}authorize?${params}`);
  await page.getByLabel('Email').fill(ALICE.email);
  await page.getByLabel('Password').fill(ALICE.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${redirectUri}?`));
  const callback = new URL(page.url()).searchParams;
  if (callback.get('state') !== state) throw new Error(`state mismatch: ${page.url()}`);
  const result = await app.evaluate(
    async ({ url, body }) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
      return { status: res.status, body: await res.json() };
    },
    {
      url: `${issuer}oauth/token`,
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'spa',
        code: callback.get('code') ?? '',
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }).toString(),
    },
  );
  const ms = performance.now() - started;
  if (result.status !== 200 || !result.body.access_token) {
    throw new Error(`token request: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return ms;
}

/** Builds both hosts into bench/.tmp, serves them, and runs the flows. */
export async function benchWorkerFlow({
  runs = Number(process.env.BENCH_FLOW_RUNS ?? 10),
  log = console.log,
} = {}) {
  const outDir = 'bench/.tmp/dist-worker';
  const nodeOutDir = 'bench/.tmp/dist-node-worker';
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, OUT_DIR: outDir, BASE_PATH: '/' },
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [vite, 'build', '--ssr', 'src/node/server.ts', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, OUT_DIR_NODE: nodeOutDir },
    stdio: 'inherit',
  });
  const [appPort, nodePort] = [await freePort(), await freePort()];
  const appOrigin = `http://localhost:${appPort}`;
  const nodeOrigin = `http://localhost:${nodePort}`;
  let preview;
  let nodeHost;
  let browser;
  let callback;
  try {
    preview = await startProcess(
      'vite preview',
      [vite, 'preview', '--port', String(appPort), '--strictPort'],
      { OUT_DIR: outDir, BASE_PATH: '/' },
      (out) => out.includes(`localhost:${appPort}`),
    );
    nodeHost = await startProcess(
      'node host',
      [`${nodeOutDir}/server.js`, '--port', String(nodePort)],
      {},
      (out) => out.includes('listening on'),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    callback = await startCallbackServer();
    const { redirectUri } = callback;
    const hosts = {
      worker: {
        issuer: `${appOrigin}/server/`,
        async prepare(context) {
          const { page } = await registerWorker(context, appOrigin);
          await prepareServer(page, this.issuer, redirectUri);
          return page;
        },
      },
      node: {
        issuer: `${nodeOrigin}/`,
        async prepare(context) {
          const page = await context.newPage();
          await page.goto(`${nodeOrigin}/.well-known/openid-configuration`);
          await prepareServer(page, this.issuer, redirectUri);
          return page;
        },
      },
    };

    const samples = { worker: [], node: [], coldStart: [] };
    // One untimed warm-up flow each (Chromium and both servers' code paths).
    for (const [name, host] of Object.entries(hosts)) {
      const context = await browser.newContext();
      await flow(context, await host.prepare(context), host.issuer, redirectUri);
      await context.close();
      log(`warm-up ${name} done`);
    }
    for (let i = 0; i < runs; i++) {
      for (const name of i % 2 ? ['node', 'worker'] : ['worker', 'node']) {
        const host = hosts[name];
        const context = await browser.newContext();
        const app = await host.prepare(context);
        const ms = await flow(context, app, host.issuer, redirectUri).catch((error) => {
          throw new Error(`${name} run ${i + 1}: ${error.message}`);
        });
        samples[name].push(ms);
        await context.close();
      }
      const context = await browser.newContext();
      samples.coldStart.push((await registerWorker(context, appOrigin)).ms);
      await context.close();
      log(
        `run ${i + 1}/${runs}: worker ${round1(samples.worker.at(-1))} ms, node ${round1(samples.node.at(-1))} ms, cold start ${round1(samples.coldStart.at(-1))} ms`,
      );
    }
    const figures = {
      runs,
      chromium: browser.version(),
      workerMedian: median(samples.worker),
      nodeMedian: median(samples.node),
      coldStartMedian: median(samples.coldStart),
      samples,
    };
    figures.ratio = figures.workerMedian / figures.nodeMedian;
    return { ...figures, markdown: report(figures) };
  } finally {
    await browser?.close();
    callback?.server.close();
    await stop(preview);
    await stop(nodeHost);
  }
}

function report(f) {
  const list = (values) => values.map((v) => Math.round(v)).join(', ');
  const verdict = f.ratio <= 1.25 ? 'met' : 'not met';
  return `## In-browser server: Authorization Code + PKCE flow and cold start

- Chromium ${f.chromium} (headless), ${f.runs} timed runs per host after one warm-up each, hosts alternating
- Load average when the run ended (other work on the machine): ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')}

| measure | median ms | samples ms |
|---|---|---|
| full flow, in-browser server (service worker, IndexedDB) | ${round1(f.workerMedian)} | ${list(f.samples.worker)} |
| full flow, Node host on loopback (memory store) | ${round1(f.nodeMedian)} | ${list(f.samples.node)} |
| worker cold start: register to first discovery response | ${round1(f.coldStartMedian)} | ${list(f.samples.coldStart)} |

Worker / Node flow median: **${f.ratio.toFixed(2)}x** (issue 4 target: at most 1.25x, ${verdict}).

The flow is timed from the navigation to \`/authorize\` to the token response: login form, POST
credentials, consent, POST Accept, redirect to the callback (a tiny page served by a local HTTP server,
registered for \`spa\` on both hosts), and the token request by \`fetch\` from a page of the
server's origin. Each run uses a fresh browser context (no login session); consents are deleted and
signing keys exist before the clock starts. The cold start includes downloading \`sw.js\`, the install (precache of
the built app), activation, \`clients.claim()\`, and the first request (IndexedDB opened, tenant read).
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchWorkerFlow();
  const header = `# Benchmark: the in-browser server

Generated by \`node bench/worker-flow.mjs\` (run by \`npm run bench\`). Do not edit by hand; run it again.

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}

`;
  writeFileSync(new URL('RESULTS-worker.md', import.meta.url), header + result.markdown);
  console.log('wrote bench/RESULTS-worker.md');
}
