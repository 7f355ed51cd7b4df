import { deriveCodeChallenge, sha256Hex } from '../../../../lib/pkce.ts';
import { authorizeDraft, authorizeOutcome, clientFormDraft, param, tokenResponseOutcome } from '../common.ts';
import { oidcCore, rfc } from '../rfc.ts';
import type { FlowDefinition, PrepareStep } from '../types.ts';

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

export const authCodePkce: FlowDefinition = {
  id: 'auth-code-pkce',
  title: 'Authorization Code + PKCE',
  summary:
    'A public client (single-page or mobile app) gets tokens for a user, with a proof key instead of a secret.',
  whenToUse:
    'Any app where a user logs in: single-page apps, mobile and desktop apps, and (with a secret too) server-side web apps. The default choice per RFC 9700.',
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
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'authorization_code',
          code: ctx.values.code,
          redirect_uri: ctx.params.redirect_uri,
          code_verifier: ctx.params.code_verifier,
        }),
      onResponse: (_ctx, exchange, json) => tokenResponseOutcome(exchange, json),
    },
  ],
};
