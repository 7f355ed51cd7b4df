import { decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import {
  ALICE,
  API,
  BOB,
  type Conformance,
  clientAuth,
  REALM_GRANT,
  secrets,
  setup,
  TOKEN_EXCHANGE_GRANT,
} from './client.ts';

const sorted = (scope: string | undefined) => (scope ?? '').split(' ').filter(Boolean).sort();

describe.each(Object.entries(storeFactories))('conformance: direct grants (%s store)', (_name, makeStore) => {
  let c: Conformance;
  beforeEach(async () => {
    c = await setup(makeStore);
  });

  const password = (clientId: string, params: Record<string, string>, grant = 'password') =>
    oauth.genericTokenEndpointRequest(c.as, c.client(clientId), clientAuth(clientId), grant, params, c.http);

  describe('client_credentials', () => {
    it('m2m gets a JWT for the API with its granted scopes, no refresh token, no ID token', async () => {
      const client = c.client('m2m');
      const response = await oauth.clientCredentialsGrantRequest(
        c.as,
        client,
        oauth.ClientSecretBasic(secrets.m2m),
        { audience: API },
        c.http,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const tokens = await oauth.processClientCredentialsResponse(c.as, client, response);
      expect(sorted(tokens.scope)).toEqual(['read:messages', 'write:messages']);
      expect(tokens.refresh_token).toBeUndefined();
      expect(tokens.id_token).toBeUndefined();
      const claims = await c.verify(tokens.access_token, { audience: API, typ: 'at+jwt' });
      expect(claims).toMatchObject({ sub: 'm2m@clients', azp: 'm2m', gty: 'client-credentials' });
      expect(claims.exp).toBe((claims.iat ?? 0) + 86400);
    });

    it('client_secret_post works too, and a narrower scope is honoured', async () => {
      const client = c.client('m2m');
      const response = await oauth.clientCredentialsGrantRequest(
        c.as,
        client,
        oauth.ClientSecretPost(secrets.m2m),
        { audience: API, scope: 'read:messages' },
        c.http,
      );
      const tokens = await oauth.processClientCredentialsResponse(c.as, client, response);
      expect(tokens.scope).toBe('read:messages');
    });

    it('audience is required (Auth0); a client without the grant is unauthorized_client', async () => {
      const noAudience = await oauth.clientCredentialsGrantRequest(
        c.as,
        c.client('m2m'),
        oauth.ClientSecretBasic(secrets.m2m),
        {},
        c.http,
      );
      expect(noAudience.status).toBe(400);
      expect((await noAudience.json()).error).toBe('invalid_request');
      const webApp = await oauth.clientCredentialsGrantRequest(
        c.as,
        c.client('web-app'),
        clientAuth('web-app'),
        { audience: API },
        c.http,
      );
      expect(webApp.status).toBe(400);
      expect((await webApp.json()).error).toBe('unauthorized_client'); // RFC 6749 §5.2
    });
  });

  describe('password and password-realm', () => {
    it('password: tokens for the user, with an ID token and a refresh token for offline_access', async () => {
      const response = await password('web-app', {
        username: ALICE.email,
        password: ALICE.password,
        scope: 'openid profile email offline_access read:messages',
        audience: API,
      });
      expect(response.status).toBe(200);
      const tokens = await oauth.processGenericTokenEndpointResponse(c.as, c.client('web-app'), response);
      expect(tokens.refresh_token).toEqual(expect.any(String));
      const id = await c.verify(tokens.id_token ?? '', { audience: 'web-app' });
      expect(id).toMatchObject({ sub: ALICE.id, email: ALICE.email, name: 'Alice Liddell' });
      const at = await c.verify(tokens.access_token, { audience: API, typ: 'at+jwt' });
      expect(at.sub).toBe(ALICE.id);
      expect(at.gty).toBe('password');
    });

    it('password: a wrong password is invalid_grant; an unknown scope is dropped', async () => {
      const wrong = await password('web-app', { username: ALICE.email, password: 'x', audience: API });
      // SPEC.md and RFC 6749 §5.2: 400 (Auth0 itself answers 403).
      expect(wrong.status).toBe(400);
      const body = await wrong.json();
      expect(body.error).toBe('invalid_grant');
      expect(body.error_description).toEqual(expect.any(String));
      const dropped = await password('web-app', {
        username: BOB.email,
        password: BOB.password,
        scope: 'openid frobnicate',
        audience: API,
      });
      const tokens = await oauth.processGenericTokenEndpointResponse(c.as, c.client('web-app'), dropped);
      expect(tokens.scope).toBe('openid'); // RFC 6749 §3.3: the response says what was granted
      const id = await c.verify(tokens.id_token ?? '', { audience: 'web-app' });
      expect(id.sub).toBe(BOB.id);
    });

    it('password-realm: the realm is the connection', async () => {
      const response = await password(
        'web-app',
        {
          username: ALICE.email,
          password: ALICE.password,
          realm: 'Username-Password-Authentication',
          scope: 'openid',
          audience: API,
        },
        REALM_GRANT,
      );
      const tokens = await oauth.processGenericTokenEndpointResponse(c.as, c.client('web-app'), response);
      expect((await c.verify(tokens.access_token, { audience: API })).sub).toBe(ALICE.id);
      const wrongRealm = await password(
        'web-app',
        { username: ALICE.email, password: ALICE.password, realm: 'Nope', audience: API },
        REALM_GRANT,
      );
      expect(wrongRealm.status).toBe(400);
      expect(['invalid_grant', 'invalid_request']).toContain((await wrongRealm.json()).error);
    });

    it('spa may not use the password grant', async () => {
      const response = await password('spa', {
        username: ALICE.email,
        password: ALICE.password,
        audience: API,
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe('unauthorized_client');
    });
  });

  describe('token exchange (RFC 8693)', () => {
    it('exchanges an access token for one on the API, answering issued_token_type', async () => {
      const first = await oauth.processGenericTokenEndpointResponse(
        c.as,
        c.client('web-app'),
        await password('web-app', {
          username: ALICE.email,
          password: ALICE.password,
          scope: 'openid read:messages write:messages',
          audience: API,
        }),
      );
      const response = await oauth.genericTokenEndpointRequest(
        c.as,
        c.client('web-app'),
        clientAuth('web-app'),
        TOKEN_EXCHANGE_GRANT,
        {
          subject_token: first.access_token,
          subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          audience: API,
          scope: 'read:messages',
        },
        c.http,
      );
      expect(response.status).toBe(200);
      const raw = await response.clone().json();
      // RFC 8693 §2.2.1: issued_token_type is REQUIRED.
      expect(raw.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
      const tokens = await oauth.processGenericTokenEndpointResponse(c.as, c.client('web-app'), response);
      const claims = await c.verify(tokens.access_token, { audience: API, typ: 'at+jwt' });
      expect(claims.sub).toBe(ALICE.id);
      expect(claims.scope).toBe('read:messages');
    });

    it('exchanges an ID token of this server for an access token on the API', async () => {
      const first = await oauth.processGenericTokenEndpointResponse(
        c.as,
        c.client('web-app'),
        await password('web-app', {
          username: ALICE.email,
          password: ALICE.password,
          scope: 'openid',
          audience: API,
        }),
      );
      const response = await oauth.genericTokenEndpointRequest(
        c.as,
        c.client('web-app'),
        clientAuth('web-app'),
        TOKEN_EXCHANGE_GRANT,
        {
          subject_token: first.id_token ?? '',
          subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
          audience: API,
          scope: 'read:messages',
        },
        c.http,
      );
      expect(response.status).toBe(200);
      const tokens = await oauth.processGenericTokenEndpointResponse(c.as, c.client('web-app'), response);
      expect((await c.verify(tokens.access_token, { audience: API, typ: 'at+jwt' })).sub).toBe(ALICE.id);
    });

    it('an unsupported subject_token_type is refused', async () => {
      const response = await oauth.genericTokenEndpointRequest(
        c.as,
        c.client('web-app'),
        clientAuth('web-app'),
        TOKEN_EXCHANGE_GRANT,
        { subject_token: 'x', subject_token_type: 'urn:example:nope', audience: API },
        c.http,
      );
      expect(response.status).toBe(400);
      expect(['invalid_request', 'unsupported_token_type']).toContain((await response.json()).error);
    });

    it('a subject token this server did not issue is invalid_request (RFC 8693 §2.2.2)', async () => {
      const response = await oauth.genericTokenEndpointRequest(
        c.as,
        c.client('web-app'),
        clientAuth('web-app'),
        TOKEN_EXCHANGE_GRANT,
        {
          subject_token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
          subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          audience: API,
        },
        c.http,
      );
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe('invalid_request');
    });
  });

  it('after a key rotation the JWKS lists both keys: old tokens still verify, new ones use the new kid', async () => {
    const issue = async () =>
      oauth.processClientCredentialsResponse(
        c.as,
        c.client('m2m'),
        await oauth.clientCredentialsGrantRequest(
          c.as,
          c.client('m2m'),
          clientAuth('m2m'),
          { audience: API },
          c.http,
        ),
      );
    const before = await issue();
    const rotated = await c.server.fetch('admin/keys/rotate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(rotated.status).toBe(200);
    const jwks = await (await c.server.fetch('.well-known/jwks.json')).json();
    expect(jwks.keys).toHaveLength(2);
    const after = await issue();
    const kid = (jwt: string) => decodeProtectedHeader(jwt).kid;
    expect(kid(after.access_token)).toBe(jwks.keys[0].kid);
    expect(kid(before.access_token)).toBe(jwks.keys[1].kid);
    await c.verify(before.access_token, { audience: API });
    await c.verify(after.access_token, { audience: API });
  });

  it('an unknown grant type is unsupported_grant_type', async () => {
    const response = await oauth.genericTokenEndpointRequest(
      c.as,
      c.client('web-app'),
      clientAuth('web-app'),
      'urn:example:nope',
      {},
      c.http,
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('unsupported_grant_type');
  });
});
