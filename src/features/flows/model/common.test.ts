import { describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../shared/trace.ts';
import { authorizeOutcome, clientFormDraft, parseExtraParams, tokenResponseOutcome } from './common.ts';
import type { FlowContext } from './types.ts';

const endpoints = {
  issuer: 'http://localhost/server/',
  authorization: 'http://localhost/server/authorize',
  token: 'http://localhost/server/oauth/token',
  deviceAuthorization: 'http://localhost/server/oauth/device/code',
  userinfo: 'http://localhost/server/userinfo',
  revocation: 'http://localhost/server/oauth/revoke',
  introspection: 'http://localhost/server/oauth/introspect',
  jwks: 'http://localhost/server/.well-known/jwks.json',
  logout: 'http://localhost/server/v2/logout',
  messages: 'http://localhost/server/api/messages',
};
const context = (params: Record<string, string>, values: Record<string, string> = {}): FlowContext => ({
  endpoints,
  redirectUri: 'http://localhost/callback',
  appUrl: 'http://localhost/',
  params,
  values,
  tokens: {},
});

function exchange(status: number, body: unknown): HttpExchange {
  return {
    type: 'exchange',
    id: '1',
    source: 'app',
    startedAt: 0,
    durationMs: 1,
    kind: 'fetch',
    request: { method: 'POST', url: endpoints.token, headers: [], body: null },
    response: { status, statusText: '', headers: [], body: JSON.stringify(body) },
  };
}

describe('extra parameters', () => {
  it('reads key=value lines and & pairs, ignoring the rest', () => {
    expect(parseExtraParams('resource=https://x\nfoo=bar&baz=\n=nothing\njunk')).toEqual([
      ['resource', 'https://x'],
      ['foo', 'bar'],
      ['baz', ''],
    ]);
  });
});

describe('client authentication', () => {
  it('client_secret_basic form-encodes id and secret before Base64 (RFC 6749 §2.3.1)', () => {
    const draft = clientFormDraft(
      context({ client_id: 'a b', client_secret: 's:é', client_auth: 'client_secret_basic' }),
      endpoints.token,
      { grant_type: 'client_credentials' },
    );
    expect(draft.headers[0]).toEqual(['Authorization', `Basic ${btoa('a+b:s%3A%C3%A9')}`]);
    expect(draft.body).toBe('grant_type=client_credentials');
  });

  it('client_secret_post puts both in the body, none only the id, and extras are appended', () => {
    const post = clientFormDraft(
      context({
        client_id: 'm2m',
        client_secret: 'm2m-secret',
        client_auth: 'client_secret_post',
        extra: 'x=1',
      }),
      endpoints.token,
      { grant_type: 'client_credentials', scope: '' },
    );
    expect(post.body).toBe('grant_type=client_credentials&client_id=m2m&client_secret=m2m-secret&x=1');
    const none = clientFormDraft(context({ client_id: 'spa', client_auth: 'none' }), endpoints.token, {});
    expect(none.body).toBe('client_id=spa');
  });
});

describe('the authorize result', () => {
  const result = (params: Record<string, string>) => ({
    params,
    responseMode: 'query' as const,
    displayUrl: '',
  });
  const sent = (query: string) => ({
    method: 'GET',
    url: `https://as.example.com/authorize?response_type=code&${query}`,
    headers: [],
    body: null,
  });

  it('rejects a state that was not sent (RFC 6749 §10.12)', () => {
    const outcome = authorizeOutcome(context({}), result({ code: 'c', state: 'theirs' }), sent('state=mine'));
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('does not match the one sent ("mine")');
  });

  it('shows the server error', () => {
    const outcome = authorizeOutcome(
      context({}),
      result({ error: 'access_denied', error_description: 'declined', state: 's' }),
      sent('state=s'),
    );
    expect(outcome).toEqual({ ok: false, message: 'The server answered access_denied: declined' });
  });

  it('keeps the code for the next step', () => {
    const outcome = authorizeOutcome(context({}), result({ code: 'the-code', state: 's' }), sent('state=s'));
    expect(outcome.ok).toBe(true);
    expect(outcome.values).toEqual({ code: 'the-code' });
  });

  it('keeps the nonce sent, for the ID token check, and names a form_post delivered in the fragment', () => {
    const outcome = authorizeOutcome(
      context({ audience: 'https://api.example.com' }),
      { params: { id_token: 'x.y.z', state: 's' }, responseMode: 'fragment', displayUrl: '' },
      sent('state=s&nonce=n-1&response_mode=form_post'),
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toBe('State matches. Received id_token by form_post.');
    expect(outcome.values).toEqual({ sent_nonce: 'n-1' });
    expect(outcome.expect).toEqual({ audience: 'https://api.example.com', nonce: 'n-1' });
  });
});

describe('the token response', () => {
  it('collects the tokens on 200 (RFC 6749 §5.1)', () => {
    const outcome = tokenResponseOutcome(
      exchange(200, { access_token: 'at', refresh_token: 'rt', scope: 'openid' }),
      { access_token: 'at', refresh_token: 'rt', scope: 'openid' },
    );
    expect(outcome).toMatchObject({ ok: true, tokens: { access_token: 'at', refresh_token: 'rt' } });
    expect(outcome.message).toBe('Tokens received: access_token, refresh_token. Scope granted: openid.');
  });

  it('quotes the OAuth error (RFC 6749 §5.2)', () => {
    const body = { error: 'invalid_grant', error_description: 'The code was already used.' };
    expect(tokenResponseOutcome(exchange(400, body), body)).toEqual({
      ok: false,
      message: '400 invalid_grant: The code was already used.',
    });
  });
});
