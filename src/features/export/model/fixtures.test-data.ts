import type { HttpExchange } from '../../../shared/trace.ts';

/** A token request of the authorization code grant, with its response, as the worker traces it. */
export const ID_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhdXRoMHxhbGljZSIsIm5vbmNlIjoibiJ9.c2lnbmF0dXJlLWJ5dGVz';
export const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJhdXRoMHxhbGljZSIsInNjb3BlIjoib3BlbmlkIn0.c2lnLWF0';

export function tokenExchange(overrides: Partial<HttpExchange> = {}): HttpExchange {
  return {
    type: 'exchange',
    source: 'app',
    id: 'x1',
    startedAt: Date.UTC(2026, 0, 1, 12, 0, 0),
    durationMs: 42,
    kind: 'fetch',
    request: {
      method: 'POST',
      url: 'http://localhost:4173/server/oauth/token',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Authorization', `Basic ${btoa('web-app:web-app-secret')}`],
      ],
      body: 'grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri=http%3A%2F%2Flocalhost%3A4173%2Fcallback&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    },
    response: {
      status: 200,
      statusText: 'OK',
      headers: [
        ['Content-Type', 'application/json'],
        ['Cache-Control', 'no-store'],
      ],
      body: JSON.stringify({
        access_token: ACCESS_TOKEN,
        token_type: 'Bearer',
        expires_in: 86400,
        scope: 'openid profile',
        id_token: ID_TOKEN,
        refresh_token: 'v1.refresh-abcdef123456',
      }),
    },
    ...overrides,
  };
}

export function authorizeRedirect(): HttpExchange {
  return {
    type: 'exchange',
    source: 'worker',
    id: 'x0',
    startedAt: Date.UTC(2026, 0, 1, 11, 59, 58),
    durationMs: 7,
    kind: 'navigate',
    request: {
      method: 'GET',
      url: 'http://localhost:4173/server/authorize?client_id=spa&response_type=code&state=abc&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      headers: [['Accept', 'text/html']],
      body: null,
    },
    response: {
      status: 302,
      statusText: 'Found',
      headers: [['Location', 'http://localhost:4173/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=abc']],
      body: null,
    },
  };
}
