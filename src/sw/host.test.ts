import { afterEach, describe, expect, it } from 'vitest';
import { TRACE_CHANNEL, type TraceExchange } from '../shared/trace.ts';
import { answerFormPost } from './callback.ts';
import { hostPaths, isServerPath } from './scope.ts';
import { traced } from './trace.ts';

describe('hostPaths', () => {
  it('derives the issuer, app URL and paths from the scope', () => {
    expect(hostPaths('https://app.example/')).toEqual({
      base: '/',
      issuer: 'https://app.example/server/',
      appUrl: 'https://app.example',
      serverPath: '/server/',
      callbackPath: '/callback',
    });
    expect(hostPaths('http://localhost:4173/playground/')).toEqual({
      base: '/playground/',
      issuer: 'http://localhost:4173/playground/server/',
      appUrl: 'http://localhost:4173/playground',
      serverPath: '/playground/server/',
      callbackPath: '/playground/callback',
    });
  });

  it('routes only the server prefix to the server', () => {
    const paths = hostPaths('http://localhost/playground/');
    expect(isServerPath(paths, '/playground/server/authorize')).toBe(true);
    expect(isServerPath(paths, '/playground/server')).toBe(true);
    expect(isServerPath(paths, '/playground/serverless')).toBe(false);
    expect(isServerPath(paths, '/server/authorize')).toBe(false);
    expect(isServerPath(paths, '/playground/callback')).toBe(false);
  });
});

describe('answerFormPost', () => {
  it('answers 303 to the callback with the posted fields in the fragment', async () => {
    const request = new Request('http://localhost/callback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'code=abc&state=s%20%26%3D1',
    });
    const response = await answerFormPost(request, 'http://localhost/callback');
    expect(response.status).toBe(303);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.href.startsWith('http://localhost/callback#')).toBe(true);
    expect(location.search).toBe('');
    const fields = new URLSearchParams(location.hash.slice(1));
    expect([...fields]).toEqual([
      ['code', 'abc'],
      ['state', 's &=1'],
    ]);
  });

  it('a body that is not a form is a 400, not a redirect', async () => {
    const request = new Request('http://localhost/callback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"code":"abc"}',
    });
    const response = await answerFormPost(request, 'http://localhost/callback');
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('traced', () => {
  const listeners: BroadcastChannel[] = [];
  afterEach(() => {
    for (const channel of listeners.splice(0)) channel.close();
  });

  function nextExchange(): Promise<TraceExchange> {
    const channel = new BroadcastChannel(TRACE_CHANNEL);
    listeners.push(channel);
    return new Promise((resolve) => {
      channel.onmessage = (event: MessageEvent<TraceExchange>) => resolve(event.data);
    });
  }

  it('reports the request and the response, bodies included, and returns the response unread', async () => {
    const received = nextExchange();
    const pending: Promise<unknown>[] = [];
    const request = new Request('http://localhost/server/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=c1',
    });
    const response = await traced(
      request,
      async (r) => {
        expect(await r.text()).toBe('grant_type=authorization_code&code=c1');
        return new Response('{"access_token":"at"}', {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      },
      (work) => pending.push(work),
    );
    expect(await response.json()).toEqual({ access_token: 'at' });
    await Promise.all(pending);
    const exchange = await received;
    expect(exchange).toMatchObject({
      source: 'worker',
      type: 'exchange',
      kind: 'fetch',
      request: {
        method: 'POST',
        url: 'http://localhost/server/oauth/token',
        body: 'grant_type=authorization_code&code=c1',
      },
      response: { status: 200, body: '{"access_token":"at"}' },
    });
    expect(exchange.request.headers).toContainEqual(['content-type', 'application/x-www-form-urlencoded']);
    expect(exchange.response.headers).toContainEqual(['content-type', 'application/json']);
    expect(exchange.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('summarises binary bodies and passes them through untouched', async () => {
    const received = nextExchange();
    const pending: Promise<unknown>[] = [];
    const response = await traced(
      new Request('http://localhost/server/x'),
      async () =>
        new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { 'Content-Type': 'image/png' } }),
      (work) => pending.push(work),
    );
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    await Promise.all(pending);
    const exchange = await received;
    expect(exchange.request.body).toBeNull();
    expect(exchange.response.body).toBe('[binary body, 3 bytes, image/png]');
  });
});
