import { describe, expect, it } from 'vitest';
import { checkCors } from './cors-check.ts';
import { checkIssuerUrl, checkManualEndpoints, discoverProvider, oauthMetadataUrl } from './discovery.ts';

const ISSUER = 'https://idp.example.com/tenant1';
const metadata = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
  userinfo_endpoint: `${ISSUER}/me`,
  scopes_supported: ['openid', 'profile'],
};

type Handler = (url: string, init?: RequestInit) => Response | 'network-error';
function fakeFetch(handler: Handler) {
  const calls: string[] = [];
  const fetchImpl = async (url: string, init?: RequestInit) => {
    calls.push(`${init?.mode === 'no-cors' ? 'no-cors ' : ''}${init?.method ?? 'GET'} ${url}`);
    const result = handler(url, init);
    if (result === 'network-error') throw new TypeError('Failed to fetch');
    return result;
  };
  return { fetchImpl, calls };
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('provider discovery', () => {
  it('reads the endpoints from /.well-known/openid-configuration', async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(metadata));
    const result = await discoverProvider(ISSUER, fetchImpl);
    if (!result.ok) throw new Error(result.problem.detail);
    expect(calls).toEqual([`GET ${ISSUER}/.well-known/openid-configuration`]);
    expect(result.metadata.endpoints).toEqual({
      issuer: ISSUER,
      authorization: `${ISSUER}/authorize`,
      token: `${ISSUER}/token`,
      deviceAuthorization: '',
      userinfo: `${ISSUER}/me`,
      revocation: '',
      introspection: '',
      jwks: `${ISSUER}/jwks`,
      logout: '',
    });
    expect(result.metadata.scopesSupported).toEqual(['openid', 'profile']);
  });

  it('falls back to RFC 8414 metadata, with the well-known segment before the path', async () => {
    expect(oauthMetadataUrl(new URL(ISSUER))).toBe(
      'https://idp.example.com/.well-known/oauth-authorization-server/tenant1',
    );
    const { fetchImpl, calls } = fakeFetch((url) =>
      url.includes('openid-configuration') ? new Response('no', { status: 404 }) : json(metadata),
    );
    const result = await discoverProvider(ISSUER, fetchImpl);
    expect(result.ok).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('tells a CORS failure (server answers no-cors) from an unreachable host', async () => {
    const cors = fakeFetch((_url, init) => (init?.mode === 'no-cors' ? new Response(null) : 'network-error'));
    const corsResult = await discoverProvider(ISSUER, cors.fetchImpl);
    expect(corsResult.ok ? null : corsResult.problem).toMatchObject({
      kind: 'cors',
      url: `${ISSUER}/.well-known/openid-configuration`,
      title: 'The discovery document does not allow this origin (CORS)',
    });
    expect(corsResult.ok ? '' : corsResult.problem.detail).toContain(
      'without the header Access-Control-Allow-Origin',
    );

    const down = fakeFetch(() => 'network-error');
    const downResult = await discoverProvider(ISSUER, down.fetchImpl);
    expect(downResult.ok ? null : downResult.problem).toMatchObject({
      kind: 'unreachable',
      title: 'Nothing answered at idp.example.com',
    });
  });

  it('says when the URL is not an OpenID provider', async () => {
    const html = fakeFetch(() => new Response('<html></html>', { headers: { 'content-type': 'text/html' } }));
    const htmlResult = await discoverProvider('https://example.com', html.fetchImpl);
    expect(htmlResult.ok ? '' : htmlResult.problem.detail).toBe(
      'https://example.com/.well-known/openid-configuration answered with text/html that is not JSON metadata (a web page: is this the provider’s website rather than its issuer?).',
    );
    const missing = fakeFetch(() => new Response('nope', { status: 404 }));
    const missingResult = await discoverProvider('https://example.com/', missing.fetchImpl);
    expect(missingResult.ok ? null : missingResult.problem).toMatchObject({
      kind: 'not-oidc',
      title: 'No provider metadata here',
    });
    const partial = fakeFetch(() => json({ issuer: ISSUER }));
    const partialResult = await discoverProvider(ISSUER, partial.fetchImpl);
    expect(partialResult.ok ? '' : partialResult.problem.detail).toContain(
      'lacks authorization_endpoint, token_endpoint',
    );
  });

  it('rejects metadata whose issuer differs (OIDC Discovery §4.3)', async () => {
    const { fetchImpl } = fakeFetch(() => json({ ...metadata, issuer: 'https://evil.example.com' }));
    const result = await discoverProvider(ISSUER, fetchImpl);
    expect(result.ok ? null : result.problem.kind).toBe('issuer-mismatch');
  });

  it('checks issuer URLs and hand-entered endpoints', () => {
    expect(checkIssuerUrl('idp.example.com').ok).toBe(false);
    expect(checkIssuerUrl('https://idp.example.com/?a=1').ok).toBe(false);
    expect(checkIssuerUrl('javascript:alert(1)').ok).toBe(false);
    const manual = checkManualEndpoints({
      issuer: 'https://idp.example.com',
      authorization: '',
      token: 'not a url',
      deviceAuthorization: '',
      userinfo: 'ftp://x/',
      revocation: '',
      introspection: '',
      jwks: '',
      logout: '',
    });
    expect(manual.ok ? null : manual.errors).toEqual({
      authorization: 'required',
      token: 'must be an absolute URL',
      userinfo: 'must be an http(s) URL',
    });
  });
});

describe('CORS check', () => {
  it('names the endpoint and the missing preflight header', async () => {
    const endpoints = {
      issuer: ISSUER,
      authorization: `${ISSUER}/authorize`,
      token: `${ISSUER}/token`,
      deviceAuthorization: '',
      userinfo: `${ISSUER}/me`,
      revocation: '',
      introspection: '',
      jwks: `${ISSUER}/jwks`,
      logout: '',
    };
    // Simple requests pass; anything with an Authorization header fails its preflight.
    const { fetchImpl } = fakeFetch((_url, init) => {
      const headers = new Headers(init?.headers);
      if (init?.mode !== 'no-cors' && headers.has('authorization')) return 'network-error';
      return json({ error: 'invalid_grant' }, 400);
    });
    const checks = await checkCors(endpoints, 'my-client', fetchImpl);
    expect(checks.map((c) => [c.name, c.ok, c.status ?? c.problem?.kind])).toEqual([
      ['JWKS', true, 400],
      ['Token endpoint', true, 400],
      ['Token endpoint with client_secret_basic', false, 'cors'],
      ['Userinfo endpoint', false, 'cors'],
    ]);
    expect(checks[2].problem?.detail).toContain('Access-Control-Allow-Headers including Authorization');
  });
});
