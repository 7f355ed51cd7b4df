import { describe, expect, it } from 'vitest';
import { findFlow, serverEndpoints } from '../../flows/index.ts';
import { newRun, parseRun, type RunEnvironment, serializeRun, tokenCheckExpectations } from './run-record.ts';
import { createRunStore } from './run-store.ts';
import { publicParams, searchFromParams } from './url-state.ts';

const environment: RunEnvironment = {
  server: 'built-in',
  endpoints: serverEndpoints('http://localhost:4173/server/'),
  redirectUri: 'http://localhost:4173/callback',
  appUrl: 'http://localhost:4173/',
};

function flow(id: string) {
  const found = findFlow(id);
  if (!found) throw new Error(`no flow ${id}`);
  return found;
}

function tokenResponse(body: Record<string, unknown>) {
  return async (draft: {
    method: string;
    url: string;
    headers: [string, string][];
    body: string | null;
  }) => ({
    type: 'exchange' as const,
    source: 'app' as const,
    id: crypto.randomUUID(),
    startedAt: Date.now(),
    durationMs: 1,
    kind: 'fetch' as const,
    request: draft,
    response: {
      status: 200,
      statusText: 'OK',
      headers: [['Content-Type', 'application/json']] as [string, string][],
      body: JSON.stringify(body),
    },
  });
}

describe('the run record', () => {
  it('starts with the flow defaults and fresh generated values', () => {
    const run = newRun({ flow: flow('auth-code-pkce'), environment });
    expect(run.params.client_id).toBe('spa');
    expect(run.params.redirect_uri).toBe('http://localhost:4173/callback');
    expect(run.params.code_verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(run.params.state).not.toBe(newRun({ flow: flow('auth-code-pkce'), environment }).params.state);
  });

  it('round-trips through storage, tokens and their provenance included', async () => {
    const definition = flow('client-credentials');
    const store = createRunStore({
      flow: definition,
      initial: newRun({ flow: definition, environment }),
      send: tokenResponse({ access_token: 'at-123', token_type: 'Bearer', scope: 'read:messages' }),
    });
    await store.runStep('token');
    const run = store.get();
    expect(run.status).toBe('done');
    expect(run.tokens.access_token?.provenance).toMatchObject({
      flowId: 'client-credentials',
      client: { client_id: 'm2m', client_auth: 'client_secret_post', client_secret: 'm2m-secret' },
      issuer: 'http://localhost:4173/server/',
      server: 'built-in',
      audience: 'https://api.example.com',
    });
    expect(parseRun(serializeRun(run))).toEqual(run);
  });

  it('refuses a stored text that is not a run (corrupt, tampered or from another version)', () => {
    const run = newRun({ flow: flow('device'), environment });
    expect(parseRun('{not json')).toBeUndefined();
    expect(parseRun(JSON.stringify({ ...run, version: 2 }))).toBeUndefined();
    expect(parseRun(JSON.stringify({ ...run, tokens: { access_token: 'bare' } }))).toBeUndefined();
    expect(parseRun(null)).toBeUndefined();
  });

  it('checks a token against the client and issuer it came from, not the page it is shown on', async () => {
    const pkce = flow('auth-code-pkce');
    const store = createRunStore({
      flow: pkce,
      initial: newRun({ flow: pkce, environment }),
      send: tokenResponse({ access_token: 'at', id_token: 'a.b.c', refresh_token: 'rt' }),
    });
    store.start();
    store.receiveCallback(
      {
        params: { code: 'the-code', state: store.get().params.state ?? '' },
        responseMode: 'query',
        displayUrl: '',
      },
      'authorize',
    );
    await store.runStep('token');
    // The tokens go on to a page of another flow and client.
    const exchange = flow('token-exchange');
    const later = newRun({ flow: exchange, environment, tokens: store.get().tokens });
    expect(later.params.client_id).toBe('web-app');
    expect(tokenCheckExpectations(later.tokens, 'id_token')).toEqual({
      issuer: 'http://localhost:4173/server/',
      clientId: 'spa',
      nonce: store.get().params.nonce,
      accessToken: 'at',
      audience: undefined,
    });
    expect(tokenCheckExpectations(later.tokens, 'access_token').clientId).toBe('spa');
  });

  it('keeps secrets out of the URL: secret parameters and secret lines of the extra parameters', () => {
    const definition = flow('client-credentials');
    const run = newRun({
      flow: definition,
      environment,
      params: {
        client_secret: 'typed-secret',
        extra: 'foo=bar\nclient_secret=s3cr3t\nclient_assertion=eyJx',
      },
    });
    const search = searchFromParams(definition, run.params, environment);
    expect(search).toBe('?extra=foo%3Dbar');
    expect(publicParams(definition, run.params, environment)).toEqual({ extra: 'foo=bar' });
  });
});
