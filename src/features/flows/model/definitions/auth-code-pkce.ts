import { deriveCodeChallenge, sha256Hex } from '../../../../lib/pkce.ts';
import { authorizeDraft, authorizeOutcome, clientFormDraft, param } from '../common.ts';
import { dpopParam, dpopTokenRequest, tokenOutcome } from '../dpop.ts';
import {
  exchangeError,
  expectOk,
  failed,
  LOGIN_HINT,
  PresetStopped,
  pageText,
  setForm,
  stepsOk,
} from '../preset-script.ts';
import { oidcCore, rfc } from '../rfc.ts';
import { authorizationCodeSnippet } from '../snippets.ts';
import type { ErrorPreset, FlowDefinition, PrepareStep, PresetScript } from '../types.ts';

/** Step shared by the PKCE flows: derive code_challenge from code_verifier and show how. */
export const pkceStep: PrepareStep = {
  kind: 'prepare',
  id: 'pkce',
  title: 'Generate the PKCE verifier and challenge',
  actionLabel: 'Derive the code challenge',
  explain:
    'The app makes a random code_verifier and keeps it. It sends only code_challenge = BASE64URL(SHA-256(verifier)) to /authorize; the token request must then prove it knows the verifier. A stolen authorization code is useless without it.',
  rfc: [rfc(7636, '4.1', 'RFC 7636 §4.1 verifier'), rfc(7636, '4.2', 'RFC 7636 §4.2 challenge')],
  arrows: [{ from: 'app', to: 'app', label: 'code_verifier, code_challenge' }],
  produces: ['the code_challenge'],
  async prepare(ctx) {
    const verifier = ctx.params.code_verifier ?? '';
    const method = ctx.params.code_challenge_method || 'S256';
    const override = ctx.params.code_challenge?.trim();
    const derived = await deriveCodeChallenge(verifier, method);
    const challenge = override || derived;
    const lines = [
      { label: 'code_verifier', value: verifier, secret: true },
      { label: 'Length', value: `${verifier.length} characters (43–128 allowed)` },
    ];
    if (method === 'S256') {
      lines.push({ label: 'SHA-256(code_verifier), hex', value: await sha256Hex(verifier) });
      lines.push({ label: 'BASE64URL of those 32 bytes = code_challenge', value: derived });
    } else {
      lines.push({ label: 'plain: code_challenge = code_verifier', value: derived, secret: true });
    }
    if (override) lines.push({ label: 'code_challenge (typed by you, not derived)', value: override });
    return {
      ok: true,
      message: `code_challenge ready (method ${method}).`,
      values: { code_challenge: challenge, code_challenge_method: method },
      lines,
    };
  },
};

const pkce = (script: PresetScript) => stepsOk(script, [['pkce', 'Deriving the PKCE challenge']]);
const tokensFirst = (script: PresetScript) =>
  stepsOk(script, [
    ['pkce', 'Deriving the PKCE challenge'],
    ['authorize', 'The authorization'],
    ['token', 'The token request'],
  ]);

const presets: ErrorPreset[] = [
  {
    id: 'redirect-uri-mismatch',
    title: 'Redirect URI mismatch',
    params: { redirect_uri: 'https://evil.example.com/callback' },
    cause:
      'The app sends a redirect_uri that is not registered exactly (another port, a trailing slash, http instead of https). The server shows an error page and never redirects, so a code cannot leak to an attacker’s URL (RFC 6749 §4.1.2.1).',
    async run(script) {
      await pkce(script);
      const draft = script.draft('authorize');
      if (!draft) throw new PresetStopped('No authorize request.');
      script.begin('authorize');
      // The frame shows the page; the same request from the app gives its exact text.
      const exchange = await script.send(draft);
      return {
        error: `${exchange.response.status} ${pageText(exchange.response.body ?? '')}`,
        exchange,
      };
    },
  },
  {
    id: 'code-reused',
    title: 'Authorization code reused',
    cause:
      'The app redeems the same code twice: a double-submitted callback, a retry after a timeout, or an attacker replaying a stolen code. The second use fails and the tokens issued from the code are revoked (RFC 6749 §4.1.2).',
    userAction: LOGIN_HINT,
    async run(script) {
      await tokensFirst(script);
      return failed(await script.step('token'));
    },
  },
  {
    id: 'wrong-verifier',
    title: 'Wrong code_verifier',
    cause:
      'The app lost its code_verifier (stored in another tab or cleared on reload) or generated a new one before the token request; or an attacker tries a stolen code without it (RFC 7636 §4.6).',
    userAction: LOGIN_HINT,
    async run(script) {
      await pkce(script);
      expectOk(await script.step('authorize'), 'The authorization');
      return failed(await script.step('token', (d) => setForm(d, 'code_verifier', 'a'.repeat(43))));
    },
  },
  {
    id: 'consent-declined',
    title: 'Consent declined',
    params: { prompt: 'consent' },
    cause:
      'The user clicks Decline (or closes the consent page). The app receives access_denied at its redirect URI and should say so kindly, not loop back to login (RFC 6749 §4.1.2.1).',
    userAction: 'Log in if asked, then click Decline in the frame.',
    async run(script) {
      await pkce(script);
      return failed(await script.step('authorize'));
    },
  },
  {
    id: 'prompt-none-no-session',
    title: 'prompt=none without a session',
    params: { prompt: 'none' },
    cause:
      'Silent authentication (a hidden iframe renewing tokens) when the user has no session at the server, or third-party cookies are blocked: the server cannot show UI, so it answers login_required (OIDC Core §3.1.2.6).',
    async run(script) {
      await script.admin('DELETE', 'session');
      await pkce(script);
      return failed(await script.step('authorize'));
    },
  },
  {
    id: 'rotated-refresh-reused',
    title: 'Rotated refresh token reused',
    cause:
      'Two tabs (or a retry) use the same refresh token after it was rotated, or an attacker replays a stolen one. The server treats reuse as theft: invalid_grant, and the whole token family is revoked (RFC 9700 §4.14.2).',
    userAction: LOGIN_HINT,
    async run(script) {
      await tokensFirst(script);
      const first = script.context().tokens.refresh_token;
      if (!first) throw new PresetStopped('No refresh token was issued (offline_access missing?).');
      const refresh = () => {
        const ctx = script.context();
        return script.send(
          clientFormDraft(ctx, ctx.endpoints.token, { grant_type: 'refresh_token', refresh_token: first }),
        );
      };
      const rotated = await refresh();
      if (rotated.response.status !== 200) throw new PresetStopped(exchangeError(rotated).error);
      return exchangeError(await refresh());
    },
  },
];

export const authCodePkce: FlowDefinition = {
  id: 'auth-code-pkce',
  title: 'Authorization Code + PKCE',
  summary:
    'A public client (single-page or mobile app) gets tokens for a user, with a proof key instead of a secret.',
  whenToUse:
    'Any app where a user logs in: single-page apps, mobile and desktop apps, and (with a secret too) server-side web apps. The default choice per RFC 9700.',
  snippet: authorizationCodeSnippet(true),
  params: [
    param.clientId('spa'),
    param.audience(),
    param.scope(),
    param.redirectUri(),
    param.state(),
    param.nonce(),
    param.codeVerifier(),
    param.codeChallengeMethod(),
    param.codeChallenge(),
    param.responseMode(),
    param.prompt(),
    param.maxAge(),
    param.loginHint(),
    dpopParam,
    param.extra(),
  ],
  steps: [
    pkceStep,
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Send the user to /authorize',
      explain:
        'The browser goes to the authorization server with the client, the scopes, a state and the code_challenge. The user logs in and consents there, never in the app; the server then redirects back to the redirect URI with a one-time code and the state.',
      rfc: [rfc(6749, '4.1.1', 'RFC 6749 §4.1.1'), rfc(7636, '4.3', 'RFC 7636 §4.3'), rfc(9700, '2.1.1')],
      arrows: [
        { from: 'app', to: 'user', label: 'redirect to /authorize' },
        { from: 'user', to: 'as', label: 'GET /authorize, log in, consent' },
        { from: 'as', to: 'user', label: '302 /callback?code&state' },
        { from: 'user', to: 'app', label: 'code, state' },
      ],
      produces: ['the authorization code'],
      build: (ctx) =>
        authorizeDraft(ctx, {
          response_type: 'code',
          client_id: ctx.params.client_id,
          redirect_uri: ctx.params.redirect_uri,
          scope: ctx.params.scope,
          audience: ctx.params.audience,
          state: ctx.params.state,
          nonce: ctx.params.nonce,
          code_challenge: ctx.values.code_challenge,
          code_challenge_method: ctx.values.code_challenge ? ctx.values.code_challenge_method : undefined,
          response_mode: ctx.params.response_mode,
          prompt: ctx.params.prompt,
          max_age: ctx.params.max_age,
          login_hint: ctx.params.login_hint,
        }),
      onCallback: authorizeOutcome,
    },
    {
      kind: 'http',
      id: 'token',
      title: 'Exchange the code for tokens',
      actionLabel: 'Send the token request',
      explain:
        'The app posts the code to the token endpoint with the code_verifier. The server hashes the verifier, compares it with the challenge it stored with the code, and answers with the tokens. A code works once.',
      rfc: [
        rfc(6749, '4.1.3', 'RFC 6749 §4.1.3'),
        rfc(7636, '4.5', 'RFC 7636 §4.5'),
        oidcCore('TokenResponse', 'OIDC Core §3.1.3.3'),
      ],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token code + code_verifier' },
        { from: 'as', to: 'app', label: 'access_token, id_token, refresh_token' },
      ],
      produces: ['the tokens'],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'authorization_code',
          code: ctx.values.code,
          redirect_uri: ctx.params.redirect_uri,
          code_verifier: ctx.params.code_verifier,
        }),
      ...dpopTokenRequest,
      onResponse: tokenOutcome,
    },
  ],
  presets,
};
