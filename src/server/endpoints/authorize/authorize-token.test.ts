import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../../testing/harness.ts';
import {
  CALLBACK,
  CHALLENGE,
  codeRequest,
  DEMO_API,
  responseParams,
  TestBrowser,
  VERIFIER,
} from './browser-testing.ts';

const WEB_APP = { Authorization: `Basic ${btoa('web-app:web-app-secret')}` };

describe.each(Object.entries(storeFactories))(
  '/authorize then /oauth/token (%s store)',
  (_name, makeStore) => {
    it('spa: code + PKCE S256 redeems for tokens whose auth_time and nonce come from the login', async () => {
      const server = createTestServer({ makeStore });
      const browser = new TestBrowser(server);
      const loginTime = Math.floor(server.clock.ms / 1000);
      const res = await browser.authorize(
        codeRequest({
          client_id: 'spa',
          audience: DEMO_API,
          scope: 'openid profile offline_access read:messages',
          nonce: 'n-abc',
          code_challenge: CHALLENGE,
          code_challenge_method: 'S256',
        }),
      );
      server.clock.ms += 30_000;
      const token = await server.post('oauth/token', {
        grant_type: 'authorization_code',
        client_id: 'spa',
        code: responseParams(res).get('code') ?? '',
        redirect_uri: CALLBACK,
        code_verifier: VERIFIER,
      });
      const body = await token.json();
      expect(token.status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 86400,
        scope: 'openid profile offline_access read:messages',
      });
      expect(body.refresh_token).toEqual(expect.any(String));
      const jwks = createLocalJWKSet(await (await server.fetch('.well-known/jwks.json')).json());
      const { payload } = await jwtVerify(body.id_token, jwks, {
        issuer: 'http://localhost:4000/',
        audience: 'spa',
        currentDate: new Date(server.clock.ms),
      });
      expect(payload).toMatchObject({ nonce: 'n-abc', auth_time: loginTime, name: 'Alice Liddell' });
    });

    it('web-app: the SSO session gives a second code without a login, with the first auth_time', async () => {
      const server = createTestServer({ makeStore });
      const browser = new TestBrowser(server);
      const loginTime = Math.floor(server.clock.ms / 1000);
      await browser.authorize(codeRequest());
      server.clock.ms += 60_000;
      const res = await browser.get(`authorize?${new URLSearchParams(codeRequest())}`);
      expect(res.status).toBe(302);
      const token = await server.post(
        'oauth/token',
        {
          grant_type: 'authorization_code',
          code: responseParams(res).get('code') ?? '',
          redirect_uri: CALLBACK,
        },
        WEB_APP,
      );
      expect(token.status).toBe(200);
      const body = await token.json();
      const jwks = createLocalJWKSet(await (await server.fetch('.well-known/jwks.json')).json());
      const { payload } = await jwtVerify(body.id_token, jwks, { currentDate: new Date(server.clock.ms) });
      expect(payload.auth_time).toBe(loginTime);
      expect(body.refresh_token).toBeUndefined();
    });
  },
);
