import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../testing/harness.ts';

describe.each(Object.entries(storeFactories))('discovery and JWKS (%s store)', (_name, makeStore) => {
  it('publishes every endpoint under the issuer', async () => {
    const server = createTestServer({ makeStore, basePath: '/server/' });
    const res = await server.fetch('.well-known/openid-configuration');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const doc = await res.json();
    expect(doc.issuer).toBe('http://localhost:4000/server/');
    expect(doc.token_endpoint).toBe('http://localhost:4000/server/oauth/token');
    expect(doc.jwks_uri).toBe('http://localhost:4000/server/.well-known/jwks.json');
    expect(doc.code_challenge_methods_supported).toEqual(['S256', 'plain']);
    expect(doc.token_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
      'none',
    ]);
    expect(doc.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS256', 'PS256', 'ES256']);
    expect(doc.registration_endpoint).toBe('http://localhost:4000/server/oidc/register');
    expect(doc.pushed_authorization_request_endpoint).toBe('http://localhost:4000/server/oauth/par');
    expect(doc.require_pushed_authorization_requests).toBe(false);
    expect(doc.request_parameter_supported).toBe(true);
    expect(doc.request_uri_parameter_supported).toBe(false);
    expect(doc.request_object_signing_alg_values_supported).toEqual(['RS256', 'PS256', 'ES256']);
    for (const endpoint of ['revocation', 'introspection']) {
      expect(doc[`${endpoint}_endpoint_auth_methods_supported`]).toContain('private_key_jwt');
      expect(doc[`${endpoint}_endpoint_auth_signing_alg_values_supported`]).toEqual([
        'RS256',
        'PS256',
        'ES256',
      ]);
    }
    expect(doc.response_modes_supported).toEqual(['query', 'fragment', 'form_post', 'web_message']);
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'read:messages', 'write:messages']),
    );
  });

  it('publishes what OpenID Connect Discovery §3 requires and the OIDC request features it supports', async () => {
    const server = createTestServer({ makeStore });
    const doc = await (await server.fetch('.well-known/openid-configuration')).json();
    // REQUIRED: issuer, authorization_endpoint, jwks_uri, response_types_supported, subject_types_supported,
    // id_token_signing_alg_values_supported (with RS256).
    expect(doc.issuer).toBe('http://localhost:4000/');
    expect(doc.authorization_endpoint).toBe('http://localhost:4000/authorize');
    expect(doc.userinfo_endpoint).toBe('http://localhost:4000/userinfo');
    expect(doc.response_types_supported).toEqual(
      expect.arrayContaining(['code', 'id_token', 'id_token token']),
    );
    expect(doc.subject_types_supported).toEqual(['public']);
    expect(doc.id_token_signing_alg_values_supported).toContain('RS256');
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']),
    );
    expect(doc.claims_parameter_supported).toBe(true);
    expect(doc.claim_types_supported).toEqual(['normal']);
    expect(doc.claims_supported).toEqual(
      expect.arrayContaining(['sub', 'address', 'phone_number', 'phone_number_verified', 'birthdate', 'acr']),
    );
    expect(doc.display_values_supported).toEqual(['page', 'popup', 'touch', 'wap']);
    expect(doc.ui_locales_supported).toEqual(['en']);
    expect(doc.claims_locales_supported).toEqual(['en']);
    expect(doc.acr_values_supported).toEqual(['0']);
    expect(doc.prompt_values_supported).toEqual(['none', 'login', 'consent']);
  });

  it('publishes one persisted RS256 key with kid, alg and use', async () => {
    const server = createTestServer({ makeStore });
    const first = await (await server.fetch('.well-known/jwks.json')).json();
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(first.keys[0].kid).toEqual(expect.any(String));
    expect(first.keys[0].d).toBeUndefined();
    // A second server on the same store (a restarted worker) publishes the same key.
    const again = createTestServer({ store: server.store });
    expect(await (await again.fetch('.well-known/jwks.json')).json()).toEqual(first);
  });

  it('answers 405 with Allow for a wrong method and a JSON 404 for an unknown path', async () => {
    const server = createTestServer({ makeStore });
    const wrong = await server.fetch('.well-known/jwks.json', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, OPTIONS');
    expect((await wrong.json()).error).toBe('method_not_allowed');
    const missing = await server.fetch('nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: 'not_found',
      error_description: 'There is no endpoint at this path.',
    });
  });

  it('keys sign tokens that verify against the JWKS', async () => {
    const server = createTestServer({ makeStore });
    const jwks = createLocalJWKSet(await (await server.fetch('.well-known/jwks.json')).json());
    // Forged with another key: must not verify.
    const { generateKeyPair } = await import('jose');
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'x' })
      .sign(other.privateKey);
    await expect(jwtVerify(forged, jwks)).rejects.toThrow();
  });
});
