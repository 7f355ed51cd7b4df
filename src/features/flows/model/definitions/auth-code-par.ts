import type { HttpRequestDraft } from '../../../../lib/http/draft.ts';
import { authorizeOutcome, clientFormDraft, errorMessage, param, tokenResponseOutcome } from '../common.ts';
import { parEndpoint } from '../modern.ts';
import { requestUriReused } from '../modern-presets.ts';
import { setQuery } from '../preset-script.ts';
import { rfc } from '../rfc.ts';
import { pushedAuthorizationSnippet } from '../snippets.ts';
import type { AuthorizeStep, FlowContext, FlowDefinition, HttpStep } from '../types.ts';
import { pkceStep } from './auth-code-pkce.ts';

export const authCodePar: FlowDefinition = {
  presets: [requestUriReused],
  id: 'auth-code-par',
  title: 'Authorization Code + PAR',
  summary:
    'The app pushes its authorization request to the server first (authenticated), then sends the browser to /authorize with only a one-time request_uri.',
  whenToUse:
    'When the request must not be read or changed in the browser (no parameters in the URL, nothing to tamper with), or is too big for a URL. Required by FAPI 2.0.',
  snippet: pushedAuthorizationSnippet,
  params: [
    param.clientId('web-app'),
    param.clientSecret('web-app-secret'),
    param.clientAuth('client_secret_basic'),
    param.audience(),
    param.scope(),
    param.redirectUri(),
    param.state(),
    param.nonce(),
    param.codeVerifier(),
    param.codeChallengeMethod(),
    param.codeChallenge(),
    param.extra(),
  ],
  steps: [
    pkceStep,
    parStep(),
    requestUriAuthorizeStep(),
    {
      kind: 'http',
      id: 'token',
      title: 'Exchange the code for tokens',
      actionLabel: 'Send the token request',
      explain:
        'As in the plain code flow: the code, the redirect_uri that was pushed, the PKCE code_verifier, and the client’s authentication.',
      rfc: [rfc(6749, '4.1.3', 'RFC 6749 §4.1.3'), rfc(7636, '4.5', 'RFC 7636 §4.5')],
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

/**
 * Step: push the authorization request (RFC 9126 §2). `draft` authenticates the client (a secret by
 * default, or a client assertion); `extra` adds fields (dpop_jkt).
 */
export function parStep(
  draft: (
    ctx: FlowContext,
    endpoint: string,
    fields: Record<string, string | undefined>,
  ) => HttpRequestDraft = clientFormDraft,
  extra?: (ctx: FlowContext) => Record<string, string | undefined>,
): HttpStep {
  return {
    kind: 'http',
    id: 'par',
    title: 'Push the authorization request',
    actionLabel: 'Push the request to /oauth/par',
    explain:
      'The app sends every /authorize parameter in a back-channel POST, authenticated like a token request. The server checks it as /authorize would and answers 201 with a request_uri that works once and expires within a minute.',
    rfc: [rfc(9126, '2.1', 'RFC 9126 §2.1'), rfc(9126, '2.2', 'RFC 9126 §2.2')],
    arrows: [
      { from: 'app', to: 'as', label: 'POST /oauth/par (all parameters)' },
      { from: 'as', to: 'app', label: '201 request_uri, expires_in' },
    ],
    build: (ctx) =>
      draft(ctx, parEndpoint(ctx), {
        response_type: 'code',
        redirect_uri: ctx.params.redirect_uri,
        scope: ctx.params.scope,
        audience: ctx.params.audience,
        state: ctx.params.state,
        nonce: ctx.params.nonce,
        code_challenge: ctx.values.code_challenge,
        code_challenge_method: ctx.values.code_challenge ? ctx.values.code_challenge_method : undefined,
        ...extra?.(ctx),
      }),
    onResponse(ctx, exchange, json) {
      if (exchange.response.status === 201 && json && typeof json.request_uri === 'string') {
        return {
          ok: true,
          message: `Pushed: request_uri valid ${String(json.expires_in)} s, once.`,
          values: { request_uri: json.request_uri, pushed_state: ctx.params.state ?? '' },
          lines: [
            { label: 'request_uri (input of the next step)', value: json.request_uri },
            { label: 'expires_in', value: `${String(json.expires_in)} s` },
          ],
        };
      }
      return { ok: false, message: errorMessage(exchange, json) };
    },
  };
}

/** Step: the browser goes to /authorize with only client_id and request_uri (RFC 9126 §4). */
export function requestUriAuthorizeStep(
  clientIdOf: (ctx: FlowContext) => string = (ctx) => ctx.params.client_id ?? '',
  overrides: Partial<AuthorizeStep> = {},
): AuthorizeStep {
  return {
    kind: 'authorize',
    id: 'authorize',
    title: 'Send the user to /authorize with the request_uri',
    explain:
      'The browser carries only client_id and request_uri: the scopes, redirect URI, state and PKCE challenge stay on the server, out of reach of the browser, its history and its extensions. The user logs in and consents as usual.',
    rfc: [rfc(9126, '4', 'RFC 9126 §4')],
    arrows: [
      { from: 'app', to: 'user', label: 'redirect to /authorize?request_uri' },
      { from: 'user', to: 'as', label: 'GET /authorize, log in, consent' },
      { from: 'as', to: 'user', label: '302 /callback?code&state' },
      { from: 'user', to: 'app', label: 'code, state' },
    ],
    build(ctx) {
      const url = new URL(ctx.endpoints.authorization);
      url.searchParams.set('client_id', clientIdOf(ctx));
      url.searchParams.set('request_uri', ctx.values.request_uri ?? '');
      return { method: 'GET', url: url.href, headers: [], body: null };
    },
    // The state went in the pushed request, not in this URL: check the callback against that one.
    onCallback: (ctx, result, sent) =>
      authorizeOutcome(ctx, result, setQuery(sent, 'state', ctx.values.pushed_state ?? '')),
    ...overrides,
  };
}
