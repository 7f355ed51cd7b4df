import { expect, test } from '@playwright/test';
import { basePathOf, startServer, WorkerControl } from './worker-support.ts';

test('the worker serves discovery and JWKS under <base>server/, and they survive a stopped worker', async ({
  page,
  context,
  baseURL,
}) => {
  const base = basePathOf(baseURL);
  await startServer(page, base);
  const origin = new URL(page.url()).origin;
  const issuer = `${origin}${base}server/`;
  // The worker is the app's own, scoped to the base path.
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
    `${origin}${base}sw.js`,
  );
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(
    `${origin}${base}`,
  );

  const discovery = await page.evaluate(async (url) => {
    const res = await fetch(url);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  }, `${issuer}.well-known/openid-configuration`);
  expect(discovery.status).toBe(200);
  expect(discovery.type).toContain('application/json');
  expect(discovery.body.issuer).toBe(issuer);
  expect(discovery.body.authorization_endpoint).toBe(`${issuer}authorize`);
  expect(discovery.body.token_endpoint).toBe(`${issuer}oauth/token`);
  expect(discovery.body.code_challenge_methods_supported).toEqual(['S256', 'plain']);

  const jwks = () =>
    page.evaluate(async (url) => (await fetch(url)).json(), `${issuer}.well-known/jwks.json`) as Promise<{
      keys: { kid: string; alg: string; use: string; d?: string }[];
    }>;
  const first = await jwks();
  expect(first.keys).toHaveLength(1);
  expect(first.keys[0]).toMatchObject({ alg: 'RS256', use: 'sig' });
  expect(first.keys[0].d).toBeUndefined();

  // The signing key lives in IndexedDB, not in the worker's memory.
  const workers = await WorkerControl.attach(context, page);
  await workers.stopAll();
  expect(await jwks()).toEqual(first);
});

test('an unknown server path is a JSON 404 from the worker, not the app shell', async ({ page, baseURL }) => {
  const base = basePathOf(baseURL);
  await startServer(page, base);
  const res = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, body: await r.text() };
  }, `${base}server/nope`);
  expect(res.status).toBe(404);
  expect(JSON.parse(res.body)).toEqual({
    error: 'not_found',
    error_description: 'There is no endpoint at this path.',
  });
});

test('every exchange the worker handles is traced on the BroadcastChannel', async ({ page, baseURL }) => {
  const base = basePathOf(baseURL);
  await startServer(page, base);
  const exchange = await page.evaluate(async (scope) => {
    const channel = new BroadcastChannel('oauth-playground-trace');
    // Earlier exchanges (start-up probes) may still arrive: wait for this request's record.
    const received = new Promise<unknown>((resolve) => {
      channel.onmessage = (event) => {
        const headers: [string, string][] = event.data?.request?.headers ?? [];
        if (headers.some(([name]) => name === 'x-probe')) resolve(event.data);
      };
    });
    await fetch(`${scope}server/.well-known/openid-configuration`, { headers: { 'X-Probe': 'trace' } });
    const data = await received;
    channel.close();
    return data;
  }, base);
  expect(exchange).toMatchObject({
    source: 'worker',
    type: 'exchange',
    kind: 'fetch',
    request: { method: 'GET', body: null },
    response: { status: 200 },
  });
  const record = exchange as {
    request: { url: string; headers: [string, string][] };
    response: { headers: [string, string][]; body: string };
    durationMs: number;
  };
  expect(record.request.url).toMatch(/server\/\.well-known\/openid-configuration$/);
  expect(record.request.headers).toContainEqual(['x-probe', 'trace']);
  expect(record.response.headers).toContainEqual(['content-type', 'application/json']);
  expect(JSON.parse(record.response.body).issuer).toMatch(/server\/$/);
  expect(record.durationMs).toBeGreaterThanOrEqual(0);
});
