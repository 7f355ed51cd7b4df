import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../../testing/harness.ts';
import { leftHalfHash } from '../../tokens/hash.ts';
import { authorizePath, CALLBACK, codeRequest, responseParams, TestBrowser } from './browser-testing.ts';

const HYBRID = { Authorization: `Basic ${btoa('hybrid-app:hybrid-app-secret')}` };
const hybrid = (overrides: Record<string, string> = {}) =>
  codeRequest({
    client_id: 'hybrid-app',
    nonce: 'n-1',
    scope: 'openid profile offline_access',
    ...overrides,
  });

describe.each(Object.entries(storeFactories))(
  'hybrid flow, OIDC Core §3.3 (%s store)',
  (_name, makeStore) => {
    const fresh = () => new TestBrowser(createTestServer({ makeStore }));

    it('is advertised in discovery', async () => {
      const doc = await (await fresh().server.fetch('.well-known/openid-configuration')).json();
      expect(doc.response_types_supported).toEqual(
        expect.arrayContaining(['code id_token', 'code token', 'code id_token token']),
      );
    });

    it('code id_token: a code and an ID token with c_hash and nonce in the fragment; the code redeems once', async () => {
      const browser = fresh();
      const res = await browser.authorize(hybrid({ response_type: 'code id_token' }));
      expect(res.headers.get('location')).toMatch(/^http:\/\/localhost:3000\/callback#code=/);
      const params = responseParams(res);
      expect([...params.keys()]).toEqual(['code', 'id_token', 'state', 'iss']);
      const code = params.get('code') ?? '';
      const idToken = decodeJwt(params.get('id_token') ?? '');
      expect(idToken).toMatchObject({ aud: 'hybrid-app', nonce: 'n-1', c_hash: await leftHalfHash(code) });
      expect(idToken.at_hash).toBeUndefined();
      const token = await browser.server.post(
        'oauth/token',
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
        HYBRID,
      );
      const body = await token.json();
      expect(token.status, JSON.stringify(body)).toBe(200);
      expect(body.refresh_token).toEqual(expect.any(String));
      expect(decodeJwt(body.id_token).nonce).toBe('n-1');
    });

    it('code token and code id_token token: an access token beside the code, at_hash and c_hash', async () => {
      const browser = fresh();
      const res = await browser.authorize(hybrid({ response_type: 'code token' }));
      const params = responseParams(res);
      expect([...params.keys()]).toEqual([
        'code',
        'access_token',
        'token_type',
        'expires_in',
        'scope',
        'state',
        'iss',
      ]);
      expect(params.get('scope')).toBe('openid profile');
      const both = responseParams(await browser.authorize(hybrid({ response_type: 'id_token code token' })));
      const idToken = decodeJwt(both.get('id_token') ?? '');
      expect(idToken.c_hash).toBe(await leftHalfHash(both.get('code') ?? ''));
      expect(idToken.at_hash).toBe(await leftHalfHash(both.get('access_token') ?? ''));
    });

    it('refuses response_mode=query, a missing nonce or openid, and a client without implicit', async () => {
      const browser = fresh();
      const query = await browser.get(
        authorizePath(hybrid({ response_type: 'code id_token', response_mode: 'query' })),
      );
      expect(query.headers.get('location')).toBe(
        `${CALLBACK}#error=invalid_request&error_description=response_mode+query+is+not+allowed+with+response_type+code+id_token.&state=xyz&iss=http%3A%2F%2Flocalhost%3A4000%2F`,
      );
      const { nonce: _, ...noNonce } = hybrid({ response_type: 'code token' });
      const missing = responseParams(await browser.get(authorizePath(noNonce)));
      expect(missing.get('error')).toBe('invalid_request');
      expect(missing.get('error_description')).toBe(
        'Missing required parameter: nonce (required for response_type code token).',
      );
      const noOpenid = responseParams(
        await browser.get(authorizePath(hybrid({ response_type: 'code token', scope: 'profile' }))),
      );
      expect(noOpenid.get('error')).toBe('invalid_scope');
      const webApp = responseParams(
        await browser.get(authorizePath(hybrid({ response_type: 'code id_token', client_id: 'web-app' }))),
      );
      expect(webApp.get('error')).toBe('unauthorized_client');
    });
  },
);
