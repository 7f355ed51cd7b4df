import { describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../shared/trace.ts';
import { callbackLocation, popupSharesServer } from './server-window.ts';

const exchange = (status: number, location?: string): HttpExchange => ({
  type: 'exchange',
  id: '1',
  startedAt: 0,
  durationMs: 1,
  kind: 'navigate',
  request: { method: 'POST', url: 'http://localhost:4207/server/u/consent/abc', headers: [], body: null },
  response: { status, statusText: '', headers: location ? [['Location', location]] : [], body: null },
});

describe('callback from the trace', () => {
  const callback = 'http://localhost:4207/callback';
  it('finds the redirect to the app callback, absolute or relative', () => {
    expect(callbackLocation(exchange(303, 'http://localhost:4207/callback?code=c&state=s'), callback)).toBe(
      'http://localhost:4207/callback?code=c&state=s',
    );
    expect(callbackLocation(exchange(302, '/callback#access_token=t'), callback)).toBe(
      'http://localhost:4207/callback#access_token=t',
    );
  });
  it('ignores other redirects and non-redirects', () => {
    expect(callbackLocation(exchange(302, 'http://localhost:3000/callback?code=c'), callback)).toBeNull();
    expect(callbackLocation(exchange(302, '/server/u/login/abc'), callback)).toBeNull();
    expect(callbackLocation(exchange(200), callback)).toBeNull();
  });
});

describe('popupSharesServer', () => {
  it('allows a popup only when every framing page is on the same host', () => {
    expect(popupSharesServer(['http://localhost:4307'], 'localhost')).toBe(true);
    expect(popupSharesServer(['http://127.0.0.1:4307'], 'localhost')).toBe(false);
    expect(popupSharesServer(['https://docs.example.com'], 'playground.example.com')).toBe(false);
    expect(popupSharesServer(['http://localhost:1', 'https://other.example'], 'localhost')).toBe(false);
    expect(popupSharesServer([], 'localhost')).toBe(false);
    expect(popupSharesServer(['null'], 'localhost')).toBe(false);
  });
});
