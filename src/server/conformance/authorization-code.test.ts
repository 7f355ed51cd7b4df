import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import {
  ALICE,
  API,
  authorize,
  authorizeUrl,
  type Conformance,
  callbackParams,
  clientAuth,
  REDIRECT_URI,
  setup,
} from './client.ts';

const sorted = (scope: string | undefined) => (scope ?? '').split(' ').filter(Boolean).sort();

describe.each(Object.entries(storeFactories))(
  'conformance: authorization code (%s store)',
  (_name, makeStore) => {
    let c: Conformance;
    beforeEach(async () => {
      c = await setup(makeStore);
    });

    it('web-app: login, consent, code, tokens; signatures verify against the JWKS', async () => {
      const ua = c.browser();
      const state = oauth.generateRandomState();
      const nonce = oauth.generateRandomNonce();
      const result = await authorize(c, ua, {
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: REDIRECT_URI,
        scope: 'openid profile email offline_access read:messages',
        audience: API,
        state,
        nonce,
      });
      expect(result.sawLogin).toBe(true);
      expect(result.sawConsent).toBe(true);
      // RFC 6749 §4.1.2: back to the redirect URI, in the query, with the state.
      expect(`${result.url.origin}${result.url.pathname}`).toBe(REDIRECT_URI);
      expect(result.url.hash).toBe('');
      const client = c.client('web-app');
      const params = oauth.validateAuthResponse(c.as, client, result.url, state);
      const response = await oauth.authorizationCodeGrantRequest(
        c.as,
        client,
        clientAuth('web-app'),
        params,
        REDIRECT_URI,
        oauth.nopkce,
        c.http,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
      const raw = await response.clone().json();
      expect(raw.token_type).toBe('Bearer');
      expect(raw.expires_in).toBe(86400);
      const tokens = await oauth.processAuthorizationCodeResponse(c.as, client, response, {
        expectedNonce: nonce,
        requireIdToken: true,
      });
      expect(sorted(tokens.scope)).toEqual(['email', 'offline_access', 'openid', 'profile', 'read:messages']);
      expect(tokens.refresh_token).toEqual(expect.any(String));

      const idClaims = oauth.getValidatedIdTokenClaims(tokens);
      expect(idClaims).toMatchObject({ sub: ALICE.id, aud: 'web-app', nonce, iss: c.server.issuer });
      const idToken = await c.verify(tokens.id_token ?? '', { audience: 'web-app' });
      expect(idToken).toMatchObject({
        name: 'Alice Liddell',
        email: 'alice@example.com',
        email_verified: true,
        nickname: 'alice',
      });
      expect(idToken.auth_time).toEqual(expect.any(Number));
      expect(idToken.updated_at).toEqual(expect.any(Number)); // OIDC Core §5.1: seconds since the epoch
      expect(idToken.exp).toBe((idToken.iat ?? 0) + 36000);

      // RFC 9068: a JWT access token for the API (and userinfo, since openid was granted).
      const accessToken = await c.verify(tokens.access_token, { audience: API, typ: 'at+jwt' });
      expect(accessToken).toMatchObject({ sub: ALICE.id, azp: 'web-app', client_id: 'web-app' });
      expect(accessToken.aud).toEqual([API, c.as.userinfo_endpoint]);
      expect(sorted(accessToken.scope as string)).toEqual(sorted(tokens.scope));
      const claims = await oauth.validateJwtAccessToken(
        c.as,
        new Request(`${API}/api/messages`, { headers: { Authorization: `Bearer ${tokens.access_token}` } }),
        API,
        c.http,
      );
      expect(claims.sub).toBe(ALICE.id);
    });

    it('a code is single use: the second redemption is invalid_grant and revokes what the first issued', async () => {
      const ua = c.browser();
      const { url } = await authorize(c, ua, {
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: REDIRECT_URI,
        scope: 'openid offline_access read:messages',
        audience: API,
        state: 's1',
      });
      const client = c.client('web-app');
      const params = oauth.validateAuthResponse(c.as, client, url, 's1');
      const redeem = () =>
        oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          clientAuth('web-app'),
          params,
          REDIRECT_URI,
          oauth.nopkce,
          c.http,
        );
      const first = await oauth.processAuthorizationCodeResponse(c.as, client, await redeem());
      const second = await redeem();
      expect(second.status).toBe(400);
      expect((await second.json()).error).toBe('invalid_grant'); // RFC 6749 §4.1.2
      // The refresh token issued from the code no longer works.
      const refresh = await oauth.refreshTokenGrantRequest(
        c.as,
        client,
        clientAuth('web-app'),
        first.refresh_token ?? '',
        c.http,
      );
      expect(refresh.status).toBe(400);
      expect((await refresh.json()).error).toBe('invalid_grant');
    });

    it('the token request must repeat the redirect_uri and be made by the client the code was issued to', async () => {
      const ua = c.browser();
      const { url } = await authorize(c, ua, {
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        state: 's',
      });
      const params = oauth.validateAuthResponse(c.as, c.client('web-app'), url, 's');
      const wrongUri = await oauth.authorizationCodeGrantRequest(
        c.as,
        c.client('web-app'),
        clientAuth('web-app'),
        params,
        'https://oauth.pstmn.io/v1/callback',
        oauth.nopkce,
        c.http,
      );
      expect(wrongUri.status).toBe(400);
      expect((await wrongUri.json()).error).toBe('invalid_grant'); // RFC 6749 §4.1.3
    });

    it('wrong client secret: 401 invalid_client with WWW-Authenticate: Basic', async () => {
      const response = await oauth.clientCredentialsGrantRequest(
        c.as,
        c.client('web-app'),
        oauth.ClientSecretBasic('nope'),
        { audience: API },
        c.http,
      );
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect((await response.json()).error).toBe('invalid_client');
    });

    it('a wrong password shows the form again with an error; the interaction survives', async () => {
      const ua = c.browser();
      await ua.navigate(
        authorizeUrl(c, {
          response_type: 'code',
          client_id: 'web-app',
          redirect_uri: REDIRECT_URI,
          scope: 'openid',
          state: 'x',
        }),
      );
      expect(ua.hasField('Email')).toBe(true);
      const again = await ua.fill('Email', ALICE.email).fill('Password', 'not-it').press('Log in');
      expect([200, 400, 401]).toContain(again.status);
      expect(ua.text).toContain('Wrong email or password.');
      expect(ua.hasField('Password')).toBe(true);
      await ua.fill('Email', ALICE.email).fill('Password', ALICE.password).press('Log in');
      if (ua.hasButton('Accept')) await ua.press('Accept');
      const params = callbackParams(ua.page?.url ?? new URL('about:blank'));
      expect(params.get('code')).toEqual(expect.any(String));
      expect(params.get('state')).toBe('x');
    });

    it('SSO: the next /authorize skips the login form; prompt=login shows it; the cookie is HttpOnly, SameSite=Lax', async () => {
      const ua = c.browser();
      const request = {
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: REDIRECT_URI,
        scope: 'openid profile',
        state: 'a',
      };
      const first = await authorize(c, ua, request);
      expect(first.sawLogin).toBe(true);
      expect(ua.setCookieHeaders.some((h) => /httponly/i.test(h) && /samesite=lax/i.test(h))).toBe(true);
      const second = await authorize(c, ua, request);
      expect(second.sawLogin).toBe(false);
      expect(second.sawConsent).toBe(false); // the same scope is not asked again
      expect(callbackParams(second.url).get('code')).toEqual(expect.any(String));
      const forced = await authorize(c, ua, { ...request, prompt: 'login' });
      expect(forced.sawLogin).toBe(true);
      expect(callbackParams(forced.url).get('code')).toEqual(expect.any(String));
    });

    it('consent is asked again when the scope asks for more, not when it is the same', async () => {
      const ua = c.browser();
      const base = { response_type: 'code', client_id: 'web-app', redirect_uri: REDIRECT_URI, audience: API };
      expect(
        (await authorize(c, ua, { ...base, scope: 'openid read:messages', state: '1' })).sawConsent,
      ).toBe(true);
      expect(
        (await authorize(c, ua, { ...base, scope: 'openid read:messages', state: '2' })).sawConsent,
      ).toBe(false);
      const wider = await authorize(c, ua, {
        ...base,
        scope: 'openid read:messages write:messages',
        state: '3',
      });
      expect(wider.sawConsent).toBe(true);
      expect(
        (await authorize(c, ua, { ...base, scope: 'openid write:messages', state: '4' })).sawConsent,
      ).toBe(false);
    });

    it('max_age: the login form comes back once the login is older; auth_time says when it was', async () => {
      const ua = c.browser();
      const base = {
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
      };
      await authorize(c, ua, { ...base, state: '0' });
      const loggedInAt = c.now();
      c.advance(120);
      const recent = await authorize(c, ua, { ...base, state: '1', max_age: '3600' });
      expect(recent.sawLogin).toBe(false);
      const client = c.client('web-app');
      const tokens = await oauth.processAuthorizationCodeResponse(
        c.as,
        client,
        await oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          clientAuth('web-app'),
          oauth.validateAuthResponse(c.as, client, recent.url, '1'),
          REDIRECT_URI,
          oauth.nopkce,
          c.http,
        ),
        { maxAge: 3600 }, // OIDC Core §3.1.2.1: auth_time is REQUIRED when max_age was sent
      );
      expect(oauth.getValidatedIdTokenClaims(tokens)?.auth_time).toBe(loggedInAt);
      // OIDC Core §3.1.2.1: older than max_age, the user must log in again.
      const stale = await authorize(c, ua, { ...base, state: '2', max_age: '60' });
      expect(stale.sawLogin).toBe(true);
      expect(callbackParams(stale.url).get('code')).toEqual(expect.any(String));
    });

    it('prompt=consent asks again even for a scope already granted', async () => {
      const ua = c.browser();
      const base = {
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
      };
      expect((await authorize(c, ua, { ...base, state: '1' })).sawConsent).toBe(true);
      expect((await authorize(c, ua, { ...base, state: '2' })).sawConsent).toBe(false);
      expect((await authorize(c, ua, { ...base, state: '3', prompt: 'consent' })).sawConsent).toBe(true);
    });

    it('prompt=none: login_required without a session, consent_required for a scope not granted yet', async () => {
      const ua = c.browser();
      const base = {
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: REDIRECT_URI,
        prompt: 'none',
      };
      const noSession = await ua.navigate(authorizeUrl(c, { ...base, scope: 'openid', state: 'n1' }));
      expect(noSession.status).toBe(0);
      expect(callbackParams(noSession.url).get('error')).toBe('login_required'); // OIDC Core §3.1.2.6
      expect(callbackParams(noSession.url).get('state')).toBe('n1');
      await authorize(c, ua, { ...base, prompt: 'login', scope: 'openid', state: 'n2' });
      const silent = await ua.navigate(authorizeUrl(c, { ...base, scope: 'openid', state: 'n3' }));
      expect(callbackParams(silent.url).get('code')).toEqual(expect.any(String));
      const more = await ua.navigate(authorizeUrl(c, { ...base, scope: 'openid email', state: 'n4' }));
      expect(callbackParams(more.url).get('error')).toBe('consent_required');
    });

    it('declining consent redirects with access_denied and the state', async () => {
      const ua = c.browser();
      const result = await authorize(
        c,
        ua,
        {
          response_type: 'code',
          client_id: 'web-app',
          redirect_uri: REDIRECT_URI,
          scope: 'openid',
          state: 'd',
        },
        { consent: 'Decline' },
      );
      expect(result.sawConsent).toBe(true);
      const params = callbackParams(result.url);
      expect(params.get('error')).toBe('access_denied');
      expect(params.get('state')).toBe('d');
      expect(params.get('code')).toBeNull();
    });

    it('response_mode=form_post answers a page that posts the code and state to the redirect URI', async () => {
      const ua = c.browser();
      await authorize(c, ua, {
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        state: 'fp',
        response_mode: 'form_post',
      });
      expect(ua.page?.status).toBe(200);
      const [form] = ua.forms;
      expect(form.action.href).toBe(REDIRECT_URI);
      expect(form.method).toBe('POST');
      const fields = Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
      expect(fields.state).toBe('fp');
      expect(fields.code).toEqual(expect.any(String));
    });

    it('an unregistered redirect_uri or unknown client gets an HTML error page, never a redirect', async () => {
      const ua = c.browser();
      for (const params of [
        {
          response_type: 'code',
          client_id: 'web-app',
          redirect_uri: 'https://evil.example/cb',
          scope: 'openid',
        },
        { response_type: 'code', client_id: 'nobody', redirect_uri: REDIRECT_URI, scope: 'openid' },
      ]) {
        const page = await ua.navigate(authorizeUrl(c, params));
        expect(page.redirects).toEqual([]); // RFC 6749 §4.1.2.1
        expect(page.status).toBe(400);
        expect(page.headers.get('content-type')).toContain('text/html');
      }
    });

    it('errors after the client is known go to the redirect URI with error and state', async () => {
      const ua = c.browser();
      const cases: [Record<string, string>, string][] = [
        [{ response_type: 'banana', client_id: 'web-app' }, 'unsupported_response_type'],
        [{ response_type: 'token', client_id: 'web-app' }, 'unauthorized_client'],
        [{ response_type: 'code', client_id: 'spa' }, 'invalid_request'], // PKCE required for spa
        [
          {
            response_type: 'code',
            client_id: 'spa',
            code_challenge: 'x'.repeat(43),
            code_challenge_method: 'S512',
          },
          'invalid_request',
        ],
      ];
      for (const [params, error] of cases) {
        const page = await ua.navigate(
          authorizeUrl(c, { ...params, redirect_uri: REDIRECT_URI, scope: 'openid', state: 'e' }),
        );
        const got = callbackParams(page.url);
        expect(`${page.url.origin}${page.url.pathname}`).toBe(REDIRECT_URI);
        expect(got.get('error'), JSON.stringify(params)).toBe(error);
        expect(got.get('error_description')).toEqual(expect.any(String));
        expect(got.get('state')).toBe('e');
      }
    });

    it('spa: code + PKCE (S256) as a public client; a wrong verifier is invalid_grant', async () => {
      const ua = c.browser();
      const client = c.client('spa');
      const verifier = oauth.generateRandomCodeVerifier();
      const challenge = await oauth.calculatePKCECodeChallenge(verifier);
      const code = async (state: string) => {
        const { url } = await authorize(c, ua, {
          response_type: 'code',
          client_id: 'spa',
          redirect_uri: REDIRECT_URI,
          scope: 'openid offline_access read:messages',
          audience: API,
          state,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        });
        return oauth.validateAuthResponse(c.as, client, url, state);
      };
      const wrong = await oauth.authorizationCodeGrantRequest(
        c.as,
        client,
        oauth.None(),
        await code('p1'),
        REDIRECT_URI,
        oauth.generateRandomCodeVerifier(),
        c.http,
      );
      expect(wrong.status).toBe(400);
      expect((await wrong.json()).error).toBe('invalid_grant'); // RFC 7636 §4.6
      const response = await oauth.authorizationCodeGrantRequest(
        c.as,
        client,
        oauth.None(),
        await code('p2'),
        REDIRECT_URI,
        verifier,
        c.http,
      );
      const tokens = await oauth.processAuthorizationCodeResponse(c.as, client, response, {
        requireIdToken: true,
      });
      expect(tokens.refresh_token).toEqual(expect.any(String));
      await c.verify(tokens.access_token, { audience: API, typ: 'at+jwt' });
      await c.verify(tokens.id_token ?? '', { audience: 'spa' });
    });

    it('spa: the plain method works, and a missing verifier is refused', async () => {
      const ua = c.browser();
      const client = c.client('spa');
      const verifier = oauth.generateRandomCodeVerifier();
      const get = async (state: string) =>
        oauth.validateAuthResponse(
          c.as,
          client,
          (
            await authorize(c, ua, {
              response_type: 'code',
              client_id: 'spa',
              redirect_uri: REDIRECT_URI,
              scope: 'openid',
              state,
              code_challenge: verifier,
              code_challenge_method: 'plain',
            })
          ).url,
          state,
        );
      const missing = await oauth.authorizationCodeGrantRequest(
        c.as,
        client,
        oauth.None(),
        await get('m1'),
        REDIRECT_URI,
        oauth.nopkce,
        c.http,
      );
      expect(missing.status).toBe(400);
      // RFC 7636 §4.6 (oidc-provider answers invalid_grant; a missing parameter may be invalid_request).
      expect(['invalid_grant', 'invalid_request']).toContain((await missing.json()).error);
      const ok = await oauth.authorizationCodeGrantRequest(
        c.as,
        client,
        oauth.None(),
        await get('m2'),
        REDIRECT_URI,
        verifier,
        c.http,
      );
      expect(ok.status).toBe(200);
      await oauth.processAuthorizationCodeResponse(c.as, client, ok);
    });
  },
);
