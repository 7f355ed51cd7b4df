import { authorizeDraft, authorizeOutcome, clientFormDraft, param, tokenResponseOutcome } from '../common.ts';
import { jwtPayload } from '../modern.ts';
import { rarUnknownType, rarWriteWithReadOnly } from '../modern-presets.ts';
import { apiOutcome, authorizationDetailsParam, compactJson } from '../rar.ts';
import { rfc } from '../rfc.ts';
import { richAuthorizationSnippet } from '../snippets.ts';
import type { FlowContext, FlowDefinition, Line } from '../types.ts';
import { pkceStep } from './auth-code-pkce.ts';

const bearer = (ctx: FlowContext): [string, string] => [
  'Authorization',
  `Bearer ${ctx.tokens.access_token ?? ''}`,
];

const detailsLine = (label: string, details: unknown): Line => ({
  label,
  value: details === undefined ? '(none)' : JSON.stringify(details, null, 2),
});

export const rar: FlowDefinition = {
  presets: [rarUnknownType, rarWriteWithReadOnly],
  id: 'rar',
  title: 'Rich Authorization Requests (RAR)',
  summary:
    'The app asks for exactly what it needs as structured JSON (authorization_details): which actions on which API. The user consents to that, the token carries it, and the API enforces it.',
  whenToUse:
    'When scopes are too coarse: a payment of a given amount, access to one account, read but not write on one API. Open Banking and FAPI use it.',
  snippet: richAuthorizationSnippet,
  params: [
    authorizationDetailsParam,
    param.clientId('web-app'),
    param.clientSecret('web-app-secret'),
    param.clientAuth('client_secret_basic'),
    {
      ...param.scope('openid profile'),
      help: 'No read:messages or write:messages here: the authorization details alone grant the API actions.',
    },
    { ...param.audience(), advanced: true },
    {
      name: 'message',
      label: 'Message to write',
      kind: 'text',
      default: 'Written with a messages authorization detail',
      advanced: true,
      help: 'The text the write step posts to /api/messages.',
    },
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
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Authorize with authorization_details',
      explain:
        'The authorization_details parameter is a JSON array; each object has a type that defines its other fields (here messages: actions and locations). The server checks it against the types it supports and shows it to the user in words on the consent page, who agrees to exactly that.',
      rfc: [
        rfc(9396, '2', 'RFC 9396 §2 authorization_details'),
        rfc(9396, '3', 'RFC 9396 §3 request'),
        rfc(9396, '4', 'RFC 9396 §4 consent'),
      ],
      arrows: [
        { from: 'app', to: 'user', label: 'redirect to /authorize?authorization_details' },
        { from: 'user', to: 'as', label: 'log in, consent to the details' },
        { from: 'as', to: 'user', label: '302 /callback?code&state&iss' },
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
          authorization_details: compactJson(ctx.params.authorization_details),
        }),
      onCallback: authorizeOutcome,
    },
    {
      kind: 'http',
      id: 'token',
      title: 'Exchange the code: the granted details come back',
      actionLabel: 'Send the token request',
      explain:
        'The token response carries authorization_details: what was actually granted, which may be less than asked. The access token (a JWT for the API) carries the same details in its authorization_details claim, for the API to enforce.',
      rfc: [rfc(9396, '7', 'RFC 9396 §7 token response'), rfc(9396, '9.1', 'RFC 9396 §9.1 JWT claim')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token code + code_verifier' },
        { from: 'as', to: 'app', label: 'access_token, authorization_details' },
      ],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'authorization_code',
          code: ctx.values.code,
          redirect_uri: ctx.params.redirect_uri,
          code_verifier: ctx.params.code_verifier,
        }),
      onResponse(ctx, exchange, json) {
        const outcome = tokenResponseOutcome(exchange, json, ctx);
        if (!outcome.ok) return outcome;
        const claims = jwtPayload(outcome.tokens?.access_token);
        return {
          ...outcome,
          lines: [
            detailsLine('authorization_details in the token response', json?.authorization_details),
            detailsLine('authorization_details claim of the access token', claims?.authorization_details),
            { label: 'scope of the access token', value: String(claims?.scope ?? '(none)') },
          ],
        };
      },
    },
    {
      kind: 'http',
      id: 'api-read',
      title: 'Read messages with the token',
      actionLabel: 'Read the messages (GET)',
      explain:
        'The API reads the authorization_details claim of the access token: a messages detail with the read action for its location lets the token read, even without the read:messages scope. Without one, 403.',
      rfc: [rfc(9396, '9', 'RFC 9396 §9 resource server'), rfc(6750, '3.1', 'RFC 6750 §3.1')],
      arrows: [
        { from: 'app', to: 'api', label: 'GET /api/messages (Bearer)' },
        { from: 'api', to: 'app', label: '200 messages, or 403' },
      ],
      build: (ctx) => ({ method: 'GET', url: ctx.endpoints.messages, headers: [bearer(ctx)], body: null }),
      onResponse: (ctx, exchange, json) => apiOutcome(exchange, json, 'read', ctx.tokens.access_token),
    },
    {
      kind: 'http',
      id: 'api-write',
      title: 'Write a message with the token',
      actionLabel: 'Write a message (POST)',
      explain:
        'Writing needs the write action. A token granted only read is refused with 403 insufficient_scope: the API honours exactly what the user consented to, no more.',
      rfc: [rfc(9396, '9', 'RFC 9396 §9 resource server'), rfc(6750, '3.1', 'RFC 6750 §3.1')],
      arrows: [
        { from: 'app', to: 'api', label: 'POST /api/messages (Bearer)' },
        { from: 'api', to: 'app', label: '201 message, or 403' },
      ],
      build: (ctx) => ({
        method: 'POST',
        url: ctx.endpoints.messages,
        headers: [bearer(ctx), ['Content-Type', 'application/json']],
        body: JSON.stringify({ text: ctx.params.message || 'Hello' }),
      }),
      onResponse: (ctx, exchange, json) => apiOutcome(exchange, json, 'write', ctx.tokens.access_token),
    },
  ],
};
