import { clientFormDraft, param, tokenResponseOutcome } from '../common.ts';
import { rfc } from '../rfc.ts';
import { tokenExchangeSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';

const TOKEN_TYPE = {
  access_token: 'urn:ietf:params:oauth:token-type:access_token',
  id_token: 'urn:ietf:params:oauth:token-type:id_token',
} as const;

export const tokenExchange: FlowDefinition = {
  id: 'token-exchange',
  title: 'Token Exchange',
  summary: 'Trade a token obtained earlier for another one, for a different audience or narrower scope.',
  whenToUse:
    'A service that received a user’s token and must call another API on the user’s behalf (delegation), or to swap an ID token for an access token.',
  followUp: {
    token: 'access_token',
    label: 'Exchange the access token',
    text: ' for another audience.',
  },
  snippet: tokenExchangeSnippet,
  params: [
    {
      name: 'subject_token_source',
      label: 'Subject token',
      kind: 'select',
      default: 'access_token',
      options: ['access_token', 'id_token'],
      help: 'Which token obtained earlier in this tab to exchange.',
    },
    {
      name: 'subject_token',
      label: 'Subject token value (blank: the one picked above)',
      kind: 'secret',
      secret: true,
      default: '',
    },
    param.clientId('web-app'),
    param.clientSecret('web-app-secret'),
    param.clientAuth('client_secret_post'),
    param.audience(),
    param.scope('openid read:messages'),
    param.extra(),
  ],
  steps: [
    {
      kind: 'http',
      id: 'exchange',
      title: 'Exchange the subject token',
      actionLabel: 'Send the exchange request',
      explain:
        'The client presents a token it holds (the subject) and asks for a new one for an audience. The server validates the subject token, applies its rules and says which kind of token it issued.',
      rfc: [rfc(8693, '2.1', 'RFC 8693 §2.1'), rfc(8693, '2.2.1', 'RFC 8693 §2.2.1')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token token-exchange' },
        { from: 'as', to: 'app', label: 'access_token, issued_token_type' },
      ],
      produces: ['the new token'],
      precondition: {
        met: (ctx) =>
          Boolean(
            ctx.params.subject_token ||
              ctx.tokens[ctx.params.subject_token_source === 'id_token' ? 'id_token' : 'access_token'],
          ),
        missing:
          'No token to exchange in this tab yet, so the exchange can only fail. Get one first with a flow that logs a user in, or paste one above.',
        from: [
          { flowId: 'auth-code-pkce', label: 'Authorization Code + PKCE' },
          { flowId: 'password', label: 'Resource Owner Password' },
        ],
      },
      build: (ctx) => {
        const source = ctx.params.subject_token_source === 'id_token' ? 'id_token' : 'access_token';
        return clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: ctx.params.subject_token || ctx.tokens[source],
          subject_token_type: TOKEN_TYPE[source],
          audience: ctx.params.audience,
          scope: ctx.params.scope,
        });
      },
      onResponse: (ctx, exchange, json) => {
        const outcome = tokenResponseOutcome(exchange, json, ctx);
        if (outcome.ok && typeof json?.issued_token_type === 'string') {
          return { ...outcome, message: `${outcome.message} issued_token_type: ${json.issued_token_type}.` };
        }
        return outcome;
      },
    },
  ],
};
