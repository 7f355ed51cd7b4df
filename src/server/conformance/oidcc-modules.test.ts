/**
 * The OpenID Foundation's OP certification plans, module by module: Basic
 * (`oidcc-basic-certification-test-plan`), Implicit, Form Post (Basic and Implicit with
 * `response_mode=form_post`) and Config. Each test is named after the conformance-suite module and
 * asserts, with oauth4webapi and jose as the client, what that module checks of an OP with a
 * static client and discovery. Not here: the request-object modules (`oidcc-request-uri-unsigned-…`,
 * `oidcc-unsigned-request-object-…`, `oidcc-ensure-request-object-with-redirect-uri`), and the suite's
 * rule that every endpoint is https, which a loopback http server cannot meet.
 */
import type { JWTPayload } from 'jose';
import { decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import type { UserAgent } from './browser.ts';
import {
  ALICE,
  authorize,
  authorizeUrl,
  type Conformance,
  callbackParams,
  clientAuth,
  leftHalfSha256,
  REDIRECT_URI,
  setup,
} from './client.ts';

/** The claims of each scope, as the suite's VerifyScopesReturnedIn*Claims expects them (OIDC Core §5.4). */
const SCOPE_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: [
    'name',
    'given_name',
    'family_name',
    'middle_name',
    'nickname',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
    'preferred_username',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

const STRING_CLAIMS = [
  'sub',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'gender',
  'zoneinfo',
  'locale',
  'phone_number',
];

/** The suite's ValidateUserInfoStandardClaims / ValidateIdTokenStandardClaims (OIDC Core §5.1). */
function expectStandardClaims(claims: Record<string, unknown>) {
  for (const name of STRING_CLAIMS) {
    if (name in claims) {
      expect(typeof claims[name], name).toBe('string');
      expect(String(claims[name]).trim(), name).not.toBe('');
    }
  }
  for (const name of ['email_verified', 'phone_number_verified'])
    if (name in claims) expect(typeof claims[name], name).toBe('boolean');
  if ('updated_at' in claims) expect(Number.isInteger(claims.updated_at)).toBe(true);
  if ('birthdate' in claims) expect(claims.birthdate).toMatch(/^(\d{4}|\d{4}-\d{2}-\d{2})$/);
  if ('address' in claims) {
    const address = claims.address as Record<string, unknown>;
    expect(Object.keys(address).length).toBeGreaterThan(0);
    for (const [member, value] of Object.entries(address)) {
      expect(['formatted', 'street_address', 'locality', 'region', 'postal_code', 'country']).toContain(
        member,
      );
      expect(typeof value).toBe('string');
    }
  }
}

function expectScopeClaims(claims: Record<string, unknown>, scope: string) {
  const expected = scope.split(' ').flatMap((s) => SCOPE_CLAIMS[s] ?? []);
  expect(Object.keys(claims)).toEqual(expect.arrayContaining(expected));
}

/** The suite's ValidateIdToken: iss, aud, exp, iat (within 5 minutes), auth_time (within a year), nonce. */
function expectIdTokenBasics(c: Conformance, claims: JWTPayload, clientId: string, nonce?: string) {
  const now = c.now();
  expect(claims.iss).toBe(c.as.issuer);
  expect(claims.aud === clientId || (Array.isArray(claims.aud) && claims.aud.includes(clientId))).toBe(true);
  expect(claims.exp).toBeGreaterThan(now);
  expect(Math.abs((claims.iat ?? 0) - now)).toBeLessThanOrEqual(300);
  if (claims.auth_time !== undefined) {
    expect(claims.auth_time).toBeLessThanOrEqual(now + 300);
    expect(claims.auth_time).toBeGreaterThan(now - 365 * 86400);
  }
  if (nonce !== undefined) expect(claims.nonce).toBe(nonce);
  expect(typeof claims.sub).toBe('string');
}

/** The authorization response's parameters: from the query, the fragment, or a form_post page. */
function responseOf(ua: UserAgent, url: URL): { params: URLSearchParams; formPost: boolean } {
  const form = ua.page?.status === 200 ? ua.forms.find((f) => f.action.href === REDIRECT_URI) : undefined;
  if (form) {
    expect(form.method).toBe('POST');
    return { params: new URLSearchParams(form.fields.map((f) => [f.name, f.value])), formPost: true };
  }
  return { params: callbackParams(url), formPost: false };
}

interface CodeFlowOptions {
  auth?: 'client_secret_basic' | 'client_secret_post';
  formPost?: boolean;
  nonce?: boolean;
  user?: { email: string; password: string };
  maxAge?: number;
  method?: 'GET' | 'POST';
}

/** The Basic plan's flow: /authorize for web-app, the code at the token endpoint, the ID token validated. */
async function codeFlow(
  c: Conformance,
  ua: UserAgent,
  extra: Record<string, string>,
  options: CodeFlowOptions = {},
) {
  const state = oauth.generateRandomState();
  const nonce = options.nonce === false ? undefined : oauth.generateRandomNonce();
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: 'web-app',
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    state,
    ...(nonce ? { nonce } : {}),
    ...(options.formPost ? { response_mode: 'form_post' } : {}),
    ...extra,
  };
  let flow: Awaited<ReturnType<typeof authorize>>;
  if (options.method === 'POST') {
    // OIDC Core §3.1.2.1: the authorization endpoint MUST support POST with a form body.
    const url = new URL(c.as.authorization_endpoint ?? '');
    let page = await ua.navigate(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    const sawLogin = page.status === 200 && ua.hasField('Email');
    if (sawLogin) page = await ua.fill('Email', ALICE.email).fill('Password', ALICE.password).press('Log in');
    const sawConsent = page.status === 200 && ua.hasButton('Accept');
    if (sawConsent) page = await ua.press('Accept');
    flow = { url: page.url, sawLogin, sawConsent };
  } else {
    flow = await authorize(c, ua, params, { user: options.user });
  }
  const response = responseOf(ua, flow.url);
  expect(response.formPost).toBe(options.formPost === true);
  if (!response.formPost) expect(flow.url.hash).toBe('');
  const client = c.client('web-app');
  const callback = oauth.validateAuthResponse(c.as, client, response.params, state);
  const code = callback.get('code') ?? '';
  const auth =
    options.auth === 'client_secret_post' ? oauth.ClientSecretPost('web-app-secret') : clientAuth('web-app');
  const tokenResponse = await oauth.authorizationCodeGrantRequest(
    c.as,
    client,
    auth,
    callback,
    REDIRECT_URI,
    oauth.nopkce,
    c.http,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(c.as, client, tokenResponse, {
    expectedNonce: nonce ?? oauth.expectNoNonce,
    requireIdToken: true,
    ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}),
  });
  const idToken = tokens.id_token ?? '';
  const claims = await c.verify(idToken, { audience: 'web-app' });
  expectIdTokenBasics(c, claims, 'web-app', nonce);
  expectStandardClaims(claims);
  return { flow, tokens, claims, idToken, code, client, callback };
}

/** The Implicit plan's flow for spa: the ID token (and access token) from the fragment or a form_post page. */
async function implicitFlow(
  c: Conformance,
  ua: UserAgent,
  responseType: 'id_token' | 'id_token token',
  extra: Record<string, string> = {},
  options: { formPost?: boolean } = {},
) {
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const flow = await authorize(c, ua, {
    response_type: responseType,
    client_id: 'spa',
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    state,
    nonce,
    ...(options.formPost ? { response_mode: 'form_post' } : {}),
    ...extra,
  });
  const { params, formPost } = responseOf(ua, flow.url);
  expect(formPost).toBe(options.formPost === true);
  // OIDC Core §3.2.2.5: never in the query.
  expect(flow.url.search).toBe('');
  expect(params.get('state')).toBe(state);
  expect(params.get('error')).toBeNull();
  const idToken = params.get('id_token') ?? '';
  const claims = await c.verify(idToken, { audience: 'spa' });
  expectIdTokenBasics(c, claims, 'spa', nonce);
  expectStandardClaims(claims);
  const accessToken = params.get('access_token') ?? undefined;
  if (responseType === 'id_token token') {
    // OIDC Core §3.2.2.10: at_hash is REQUIRED with an access token.
    expect(claims.at_hash).toBe(await leftHalfSha256(accessToken ?? ''));
  } else {
    expect(accessToken).toBeUndefined();
  }
  return { flow, claims, idToken, accessToken };
}

async function userinfoGet(c: Conformance, accessToken: string, subject: string) {
  const response = await oauth.userInfoRequest(c.as, c.client('web-app'), accessToken, c.http);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  const claims = await oauth.processUserInfoResponse(c.as, c.client('web-app'), subject, response);
  expectStandardClaims(claims);
  return claims as Record<string, unknown>;
}

describe.each(Object.entries(storeFactories))(
  'OpenID conformance OP modules (%s store)',
  (_name, makeStore) => {
    let c: Conformance;
    let ua: UserAgent;
    beforeEach(async () => {
      c = await setup(makeStore);
      ua = c.browser();
    });

    describe('oidcc-basic-certification-test-plan (code, client_secret_basic)', () => {
      it('oidcc-server', async () => {
        const { flow, claims, tokens } = await codeFlow(c, ua, {});
        expect(flow.sawLogin).toBe(true);
        expect(claims.sub).toBe(ALICE.id);
        expect(tokens.token_type).toBe('bearer');
        // The access token works at the userinfo endpoint (the suite's protected resource).
        await userinfoGet(c, tokens.access_token, ALICE.id);
      });

      it('oidcc-response-type-missing', async () => {
        const page = await ua.navigate(
          authorizeUrl(c, {
            client_id: 'web-app',
            redirect_uri: REDIRECT_URI,
            scope: 'openid',
            state: 'rtm',
          }),
        );
        // Redirected back (in the query: no response_type says otherwise) with invalid_request and state.
        expect(`${page.url.origin}${page.url.pathname}`).toBe(REDIRECT_URI);
        expect(page.url.hash).toBe('');
        const params = page.url.searchParams;
        expect(params.get('error')).toBe('invalid_request');
        expect(params.get('state')).toBe('rtm');
        expect(params.get('code')).toBeNull();
        expect(params.get('error_description')).not.toMatch(/[\r\n\t]/);
      });

      it('oidcc-idtoken-signature', async () => {
        const { idToken } = await codeFlow(c, ua, {});
        const header = decodeProtectedHeader(idToken);
        expect(header.alg).toBe('RS256');
        const jwks = (await (await c.server.fetch('.well-known/jwks.json')).json()) as {
          keys: { kid: string }[];
        };
        // OIDCC-10.1: a kid that names exactly one key of the JWKS.
        expect(jwks.keys.filter((k) => k.kid === header.kid)).toHaveLength(1);
      });

      it('oidcc-idtoken-unsigned', async () => {
        // Skipped by the suite unless 'none' is advertised; it must not be, and ID tokens are signed.
        expect(c.as.id_token_signing_alg_values_supported).not.toContain('none');
        const { idToken } = await codeFlow(c, ua, {});
        expect(decodeProtectedHeader(idToken).alg).not.toBe('none');
      });

      it('oidcc-userinfo-get', async () => {
        const { tokens, claims } = await codeFlow(c, ua, {});
        expect((await userinfoGet(c, tokens.access_token, String(claims.sub))).sub).toBe(claims.sub);
      });

      it('oidcc-userinfo-post-header', async () => {
        const { tokens, claims } = await codeFlow(c, ua, {});
        const response = await oauth.protectedResourceRequest(
          tokens.access_token,
          'POST',
          new URL(c.as.userinfo_endpoint ?? ''),
          undefined,
          undefined,
          c.http,
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        const userinfo = await oauth.processUserInfoResponse(
          c.as,
          c.client('web-app'),
          String(claims.sub),
          response,
        );
        expect(userinfo.sub).toBe(ALICE.id);
      });

      it('oidcc-userinfo-post-body', async () => {
        const { tokens, claims } = await codeFlow(c, ua, {});
        // RFC 6750 §2.2: the access token as a form-encoded body parameter.
        const response = await c.server.post('userinfo', { access_token: tokens.access_token });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        const userinfo = await oauth.processUserInfoResponse(
          c.as,
          c.client('web-app'),
          String(claims.sub),
          response,
        );
        expect(userinfo.sub).toBe(ALICE.id);
      });

      it('oidcc-ensure-request-without-nonce-succeeds-for-code-flow', async () => {
        const { claims } = await codeFlow(c, ua, {}, { nonce: false });
        expect(claims.nonce).toBeUndefined();
      });

      for (const scope of ['profile', 'email', 'address', 'phone']) {
        it(`oidcc-scope-${scope}`, async () => {
          expect(c.as.scopes_supported).toContain(scope);
          const { tokens, claims } = await codeFlow(c, ua, { scope: `openid ${scope}` });
          expect(tokens.scope).toBe(`openid ${scope}`);
          expectScopeClaims(await userinfoGet(c, tokens.access_token, String(claims.sub)), `openid ${scope}`);
        });
      }

      it('oidcc-scope-all', async () => {
        const scope = 'openid email phone address profile';
        const { tokens, claims } = await codeFlow(c, ua, { scope });
        expectScopeClaims(await userinfoGet(c, tokens.access_token, String(claims.sub)), scope);
      });

      it('oidcc-alternate-happy-flow', async () => {
        // Scope values reversed, parameters in another order (RFC 6749 §3.3: order does not matter).
        const state = oauth.generateRandomState();
        const nonce = oauth.generateRandomNonce();
        const url = new URL(c.as.authorization_endpoint ?? '');
        for (const [name, value] of [
          ['nonce', nonce],
          ['state', state],
          ['scope', 'email openid'],
          ['redirect_uri', REDIRECT_URI],
          ['client_id', 'web-app'],
          ['response_type', 'code'],
        ])
          url.searchParams.set(name, value);
        let page = await ua.navigate(url);
        page = await ua.fill('Email', ALICE.email).fill('Password', ALICE.password).press('Log in');
        if (ua.hasButton('Accept')) page = await ua.press('Accept');
        const client = c.client('web-app');
        const callback = oauth.validateAuthResponse(c.as, client, page.url, state);
        const response = await oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          clientAuth('web-app'),
          callback,
          REDIRECT_URI,
          oauth.nopkce,
          c.http,
        );
        const tokens = await oauth.processAuthorizationCodeResponse(c.as, client, response, {
          expectedNonce: nonce,
        });
        expectScopeClaims(await userinfoGet(c, tokens.access_token, ALICE.id), 'openid email');
      });

      for (const display of ['page', 'popup']) {
        it(`oidcc-display-${display}`, async () => {
          const { flow, claims } = await codeFlow(c, ua, { display });
          expect(flow.sawLogin).toBe(true);
          expect(claims.sub).toBe(ALICE.id);
        });
      }

      it('oidcc-prompt-login', async () => {
        const first = await codeFlow(c, ua, {});
        c.advance(1);
        const second = await codeFlow(c, ua, { prompt: 'login' });
        // OIDC Core §3.1.2.1: the user is asked to log in again, and auth_time says when.
        expect(second.flow.sawLogin).toBe(true);
        expect(second.claims.auth_time).toBeGreaterThan(Number(first.claims.auth_time));
      });

      it('oidcc-prompt-none-not-logged-in', async () => {
        const state = 'S'.repeat(128);
        const page = await ua.navigate(
          authorizeUrl(c, {
            response_type: 'code',
            client_id: 'web-app',
            redirect_uri: REDIRECT_URI,
            scope: 'openid',
            state,
            nonce: 'n',
            prompt: 'none',
          }),
        );
        // OIDC Core §3.1.2.6: an error that needs a user interface, with the state intact, no code.
        const params = page.url.searchParams;
        expect([
          'login_required',
          'interaction_required',
          'consent_required',
          'account_selection_required',
        ]).toContain(params.get('error'));
        expect(params.get('state')).toBe(state);
        expect(params.get('code')).toBeNull();
        expect([...params.keys()].sort()).toEqual(['error', 'error_description', 'iss', 'state']);
        // RFC 9207: the issuer, as the suite's ValidateIssIfPresentInAuthorizationResponse checks.
        expect(params.get('iss')).toBe(c.as.issuer);
      });

      it('oidcc-prompt-none-logged-in', async () => {
        const first = await codeFlow(c, ua, {});
        const second = await codeFlow(c, ua, { prompt: 'none' });
        expect(second.flow.sawLogin).toBe(false);
        expect(second.flow.sawConsent).toBe(false);
        expect(second.claims.sub).toBe(first.claims.sub);
        expect(second.claims.auth_time).toBe(first.claims.auth_time);
      });

      it('oidcc-max-age-1', async () => {
        const first = await codeFlow(c, ua, {});
        c.advance(2);
        const second = await codeFlow(c, ua, { max_age: '1' }, { maxAge: 1 });
        expect(second.flow.sawLogin).toBe(true);
        expect(second.claims.auth_time).toBeGreaterThan(Number(first.claims.auth_time));
        expect(c.now() - Number(second.claims.auth_time)).toBeLessThanOrEqual(1);
      });

      it('oidcc-max-age-10000', async () => {
        const first = await codeFlow(c, ua, {});
        c.advance(2);
        const second = await codeFlow(c, ua, { max_age: '10000' }, { maxAge: 10000 });
        expect(second.flow.sawLogin).toBe(false);
        expect(second.claims.auth_time).toBe(first.claims.auth_time);
      });

      it('oidcc-ensure-request-with-unknown-parameter-succeeds', async () => {
        const { claims } = await codeFlow(c, ua, { extra: 'foobar' });
        expect(claims.sub).toBe(ALICE.id);
      });

      it('oidcc-id-token-hint', async () => {
        const first = await codeFlow(c, ua, {});
        const second = await codeFlow(c, ua, { prompt: 'none', id_token_hint: first.idToken });
        expect(second.flow.sawLogin).toBe(false);
        expect(second.claims.sub).toBe(first.claims.sub);
        expect(second.claims.auth_time).toBe(first.claims.auth_time);
      });

      it('oidcc-login-hint', async () => {
        const { claims } = await codeFlow(c, ua, { login_hint: 'buffy@localhost' });
        expect(claims.sub).toBe(ALICE.id);
      });

      it('oidcc-ui-locales', async () => {
        expect((await codeFlow(c, ua, { ui_locales: 'se' })).claims.sub).toBe(ALICE.id);
      });

      it('oidcc-claims-locales', async () => {
        expect((await codeFlow(c, ua, { claims_locales: 'se' })).claims.sub).toBe(ALICE.id);
      });

      it('oidcc-ensure-request-with-acr-values-succeeds', async () => {
        const acrValues = c.as.acr_values_supported ?? ['1', '2'];
        const { claims } = await codeFlow(c, ua, { acr_values: acrValues.join(' ') });
        // SHOULD: the acr claim is one of the requested values.
        expect(acrValues).toContain(claims.acr);
      });

      it('oidcc-codereuse', async () => {
        const { callback, client } = await codeFlow(c, ua, {});
        const again = await oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          clientAuth('web-app'),
          callback,
          REDIRECT_URI,
          oauth.nopkce,
          c.http,
        );
        expect(again.status).toBe(400);
        expect((await again.json()).error).toBe('invalid_grant');
      });

      it('oidcc-codereuse-30seconds', async () => {
        const { callback, client, tokens } = await codeFlow(c, ua, {});
        c.advance(30);
        const again = await oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          clientAuth('web-app'),
          callback,
          REDIRECT_URI,
          oauth.nopkce,
          c.http,
        );
        expect(again.status).toBe(400);
        expect((await again.json()).error).toBe('invalid_grant');
        // RFC 6749 §4.1.2: the tokens issued from the code are revoked.
        const userinfo = await oauth.userInfoRequest(c.as, client, tokens.access_token, c.http);
        expect(userinfo.status).toBe(401);
      });

      it('oidcc-ensure-registered-redirect-uri', async () => {
        const page = await ua.navigate(
          authorizeUrl(c, {
            response_type: 'code',
            client_id: 'web-app',
            redirect_uri: `${REDIRECT_URI}/unregistered`,
            scope: 'openid',
            state: 's',
          }),
        );
        // An error page on the server, never a redirect to the client.
        expect(page.redirects).toEqual([]);
        expect(page.status).toBe(400);
        expect(page.url.origin).toBe(new URL(c.server.issuer).origin);
      });

      it('oidcc-ensure-post-request-succeeds', async () => {
        const { flow, claims } = await codeFlow(c, ua, {}, { method: 'POST' });
        expect(flow.sawLogin).toBe(true);
        expect(claims.sub).toBe(ALICE.id);
      });

      it('oidcc-server-client-secret-post', async () => {
        expect(c.as.token_endpoint_auth_methods_supported).toContain('client_secret_post');
        const { claims } = await codeFlow(c, ua, {}, { auth: 'client_secret_post' });
        expect(claims.sub).toBe(ALICE.id);
      });

      it('oidcc-claims-essential', async () => {
        const claims = JSON.stringify({ userinfo: { name: { essential: true } } });
        const flow = await codeFlow(c, ua, { claims });
        const userinfo = await userinfoGet(c, flow.tokens.access_token, ALICE.id);
        expect(userinfo.name).toBe('Alice Liddell');
        // Asked for in userinfo only: not in the ID token.
        expect(flow.claims.name).toBeUndefined();
      });

      it('oidcc-refresh-token', async () => {
        expect(c.as.grant_types_supported).toContain('refresh_token');
        const { tokens, client, claims } = await codeFlow(c, ua, {
          scope: 'openid offline_access',
          prompt: 'consent',
        });
        expect(tokens.refresh_token).toMatch(/^[\x20-\x7e]+$/); // RFC 6749 A.17
        const refreshed = await oauth.refreshTokenGrantRequest(
          c.as,
          client,
          clientAuth('web-app'),
          tokens.refresh_token ?? '',
          c.http,
        );
        const next = await oauth.processRefreshTokenResponse(c.as, client, refreshed);
        expect(next.access_token).not.toBe(tokens.access_token);
        // OIDC Core §12.2: an ID token from a refresh keeps iss, sub, aud and auth_time.
        const renewed = oauth.getValidatedIdTokenClaims(next);
        expect(renewed?.sub).toBe(claims.sub);
        expect(renewed?.auth_time).toBe(claims.auth_time);
        // Bound to its client: another client cannot use it.
        const stolen = await oauth.refreshTokenGrantRequest(
          c.as,
          c.client('spa'),
          oauth.None(),
          next.refresh_token ?? tokens.refresh_token ?? '',
          c.http,
        );
        expect(stolen.status).toBe(400);
        expect((await stolen.json()).error).toBe('invalid_grant');
      });

      it('oidcc-ensure-request-with-valid-pkce-succeeds', async () => {
        const verifier = oauth.generateRandomCodeVerifier();
        const state = oauth.generateRandomState();
        const flow = await authorize(c, ua, {
          response_type: 'code',
          client_id: 'web-app',
          redirect_uri: REDIRECT_URI,
          scope: 'openid',
          state,
          code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        });
        const client = c.client('web-app');
        const callback = oauth.validateAuthResponse(c.as, client, flow.url, state);
        const response = await oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          clientAuth('web-app'),
          callback,
          REDIRECT_URI,
          verifier,
          c.http,
        );
        const tokens = await oauth.processAuthorizationCodeResponse(c.as, client, response);
        expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe(ALICE.id);
      });
    });

    describe('oidcc-implicit-certification-test-plan (id_token, id_token token)', () => {
      for (const responseType of ['id_token', 'id_token token'] as const) {
        describe(`response_type=${responseType}`, () => {
          it('oidcc-server', async () => {
            const { claims, accessToken } = await implicitFlow(c, ua, responseType);
            expect(claims.sub).toBe(ALICE.id);
            if (accessToken) await userinfoGet(c, accessToken, ALICE.id);
          });

          it('oidcc-idtoken-signature', async () => {
            const { idToken } = await implicitFlow(c, ua, responseType);
            expect(decodeProtectedHeader(idToken)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
          });

          it('oidcc-ensure-request-without-nonce-fails', async () => {
            const page = await ua.navigate(
              authorizeUrl(c, {
                response_type: responseType,
                client_id: 'spa',
                redirect_uri: REDIRECT_URI,
                scope: 'openid',
                state: 'nn',
              }),
            );
            // OIDC Core §3.2.2.1: nonce REQUIRED; the error in the fragment, never the query.
            expect(page.url.search).toBe('');
            const params = callbackParams(page.url);
            expect(params.get('error')).toBe('invalid_request');
            expect(params.get('state')).toBe('nn');
            expect(params.get('id_token')).toBeNull();
          });

          for (const scope of ['profile', 'email', 'address', 'phone', 'email phone address profile']) {
            const name = scope.includes(' ') ? 'all' : scope;
            it(`oidcc-scope-${name}`, async () => {
              const { claims, accessToken } = await implicitFlow(c, ua, responseType, {
                scope: `openid ${scope}`,
              });
              // With an access token the suite reads userinfo; without one, the ID token.
              const released = accessToken
                ? await userinfoGet(c, accessToken, ALICE.id)
                : (claims as Record<string, unknown>);
              expectScopeClaims(released, `openid ${scope}`);
            });
          }

          it('oidcc-prompt-none-logged-in', async () => {
            const first = await implicitFlow(c, ua, responseType);
            const second = await implicitFlow(c, ua, responseType, { prompt: 'none' });
            expect(second.flow.sawLogin).toBe(false);
            expect(second.claims.auth_time).toBe(first.claims.auth_time);
          });

          it('oidcc-max-age-1', async () => {
            const first = await implicitFlow(c, ua, responseType);
            c.advance(2);
            const second = await implicitFlow(c, ua, responseType, { max_age: '1' });
            expect(second.flow.sawLogin).toBe(true);
            expect(second.claims.auth_time).toBeGreaterThan(Number(first.claims.auth_time));
          });

          it('oidcc-id-token-hint', async () => {
            const first = await implicitFlow(c, ua, responseType);
            const second = await implicitFlow(c, ua, responseType, {
              prompt: 'none',
              id_token_hint: first.idToken,
            });
            expect(second.flow.sawLogin).toBe(false);
            expect(second.claims.sub).toBe(first.claims.sub);
          });

          it('oidcc-ensure-request-with-acr-values-succeeds', async () => {
            const acrValues = c.as.acr_values_supported ?? [];
            const { claims } = await implicitFlow(c, ua, responseType, { acr_values: acrValues.join(' ') });
            expect(acrValues).toContain(claims.acr);
          });

          it('oidcc-claims-essential', async () => {
            // For id_token the name is asked for in the ID token, otherwise in userinfo.
            const member = responseType === 'id_token' ? 'id_token' : 'userinfo';
            const claimsRequest = JSON.stringify({ [member]: { name: { essential: true } } });
            const { claims, accessToken } = await implicitFlow(c, ua, responseType, {
              claims: claimsRequest,
            });
            if (accessToken) {
              expect((await userinfoGet(c, accessToken, ALICE.id)).name).toBe('Alice Liddell');
              expect(claims.name).toBeUndefined();
            } else {
              expect(claims.name).toBe('Alice Liddell');
            }
          });

          it('oidcc-ensure-request-with-unknown-parameter-succeeds', async () => {
            expect((await implicitFlow(c, ua, responseType, { extra: 'foobar' })).claims.sub).toBe(ALICE.id);
          });

          it('oidcc-display-popup, oidcc-ui-locales, oidcc-claims-locales, oidcc-login-hint', async () => {
            const { claims } = await implicitFlow(c, ua, responseType, {
              display: 'popup',
              ui_locales: 'se',
              claims_locales: 'se',
              login_hint: 'buffy@localhost',
            });
            expect(claims.sub).toBe(ALICE.id);
          });
        });
      }
    });

    describe('oidcc-formpost-basic-certification-test-plan and oidcc-formpost-implicit-certification-test-plan', () => {
      it('oidcc-server (code, form_post)', async () => {
        const { claims } = await codeFlow(c, ua, {}, { formPost: true });
        expect(claims.sub).toBe(ALICE.id);
      });

      it('oidcc-server (id_token token, form_post)', async () => {
        const { claims, accessToken } = await implicitFlow(c, ua, 'id_token token', {}, { formPost: true });
        expect(claims.sub).toBe(ALICE.id);
        await userinfoGet(c, accessToken ?? '', ALICE.id);
      });

      it('oidcc-response-type-missing (form_post)', async () => {
        const page = await ua.navigate(
          authorizeUrl(c, {
            client_id: 'web-app',
            redirect_uri: REDIRECT_URI,
            scope: 'openid',
            state: 'fp',
            response_mode: 'form_post',
          }),
        );
        // The error is posted, never put in a redirect URL.
        expect(page.redirects).toEqual([]);
        const { params, formPost } = responseOf(ua, page.url);
        expect(formPost).toBe(true);
        expect(params.get('error')).toBe('invalid_request');
        expect(params.get('state')).toBe('fp');
      });

      it('oidcc-prompt-none-not-logged-in (form_post)', async () => {
        const page = await ua.navigate(
          authorizeUrl(c, {
            response_type: 'code',
            client_id: 'web-app',
            redirect_uri: REDIRECT_URI,
            scope: 'openid',
            state: 'p',
            prompt: 'none',
            response_mode: 'form_post',
          }),
        );
        const { params, formPost } = responseOf(ua, page.url);
        expect(formPost).toBe(true);
        expect(params.get('error')).toBe('login_required');
        expect(params.get('state')).toBe('p');
      });
    });

    describe('oidcc-config-certification-test-plan', () => {
      it('oidcc-discovery-endpoint-verification', async () => {
        const response = await c.server.fetch('.well-known/openid-configuration');
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const doc = await response.json();
        // CheckDiscEndpointIssuer: the issuer is where the document was fetched from.
        expect(doc.issuer.replace(/\/$/, '')).toBe(c.server.issuer.replace(/\/$/, ''));
        expect(new URL(doc.issuer).href).toBe(doc.issuer);
        expect(doc.response_types_supported).toEqual(expect.arrayContaining(['code', 'id_token']));
        expect(doc.subject_types_supported.some((t: string) => ['public', 'pairwise'].includes(t))).toBe(
          true,
        );
        expect(doc.id_token_signing_alg_values_supported).toContain('RS256');
        for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'])
          expect(new URL(doc[endpoint]).origin).toBe(new URL(doc.issuer).origin);
        expect(doc.scopes_supported).toContain('openid');
        for (const scope of doc.scopes_supported) expect(scope).toMatch(/^[\x21\x23-\x5b\x5d-\x7e]+$/);
        expect(doc.claims_parameter_supported).toBe(true);
        expect(Array.isArray(doc.claims_supported)).toBe(true);
        expect(Array.isArray(doc.grant_types_supported) && doc.grant_types_supported.length > 0).toBe(true);
        expect(Array.isArray(doc.code_challenge_methods_supported)).toBe(true);
        // BCP 47 tags in canonical casing.
        for (const tag of [...doc.ui_locales_supported, ...doc.claims_locales_supported])
          expect(tag).toMatch(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/);
        // ValidateJwksSequence: parseable public keys, each with a distinct kid, no private members.
        const jwks = await (await c.server.fetch(new URL(doc.jwks_uri).pathname)).json();
        expect(jwks.keys.length).toBeGreaterThan(0);
        const kids = jwks.keys.map((k: { kid: string }) => k.kid);
        expect(new Set(kids).size).toBe(kids.length);
        for (const key of jwks.keys) {
          expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: expect.any(String) });
          for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(secret);
        }
        // oauth4webapi's own checks of the document (issuer equality) passed in setup.
        expect(c.as.issuer).toBe(doc.issuer);
      });
    });
  },
);
