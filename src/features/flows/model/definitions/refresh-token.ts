import { clientFormDraft, param } from '../common.ts';
import { dpopParam, dpopTokenRequest, tokenOutcome } from '../dpop.ts';
import { rfc } from '../rfc.ts';
import { refreshTokenSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';

export const refreshToken: FlowDefinition = {
  id: 'refresh-token',
  title: 'Refresh Token',
  summary: 'Trade a refresh token obtained earlier for a fresh access token, without the user.',
  whenToUse:
    'Whenever an access token expires and the app was granted offline_access. Public clients get rotating refresh tokens.',
  followUp: {
    token: 'refresh_token',
    label: 'Use the refresh token',
    text: ' in the Refresh Token flow.',
  },
  snippet: refreshTokenSnippet,
  params: [
    {
      name: 'refresh_token',
      label: 'Refresh token',
      kind: 'secret',
      secret: true,
      fromTokens: 'refresh_token',
      help: 'Filled with the last refresh token obtained in this tab (run a flow with offline_access first).',
    },
    param.clientId('spa'),
    param.clientSecret(''),
    param.clientAuth('none'),
    {
      name: 'scope',
      label: 'Scope (optional, narrower)',
      kind: 'scopes',
      default: '',
      help: 'Leave blank to keep the scopes originally granted (RFC 6749 §6).',
    },
    dpopParam,
    param.extra(),
  ],
  steps: [
    {
      kind: 'http',
      id: 'refresh',
      title: 'Use the refresh token',
      actionLabel: 'Send the refresh request',
      explain:
        'The app posts the refresh token to the token endpoint. For a rotating client the server answers with a new refresh token and invalidates the old one; reusing the old one then revokes the whole family (replay detection).',
      rfc: [rfc(6749, '6', 'RFC 6749 §6'), rfc(9700, '4.14.2', 'RFC 9700 §4.14.2')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token refresh_token' },
        { from: 'as', to: 'app', label: 'new access_token (+ rotated refresh_token)' },
      ],
      produces: ['the new tokens'],
      precondition: {
        met: (ctx) => Boolean(ctx.params.refresh_token),
        missing:
          'No refresh token in this tab yet, so a refresh request can only fail. Get one first with a flow that asks for offline_access, or paste one above.',
        from: [
          { flowId: 'auth-code-pkce', label: 'Authorization Code + PKCE' },
          { flowId: 'password', label: 'Resource Owner Password' },
        ],
      },
      ...dpopTokenRequest,
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'refresh_token',
          refresh_token: ctx.params.refresh_token,
          scope: ctx.params.scope,
        }),
      onResponse: (ctx, exchange, json) => {
        const outcome = tokenOutcome(ctx, exchange, json);
        if (!outcome.ok) return outcome;
        const before = ctx.params.refresh_token;
        const after = outcome.tokens?.refresh_token;
        const rotation = !after
          ? 'No new refresh token: the old one stays valid.'
          : after === before
            ? 'The same refresh token came back (no rotation).'
            : 'Rotated: a new refresh token replaces the one just used, which is now spent.';
        return { ...outcome, message: `${outcome.message} ${rotation}` };
      },
    },
  ],
};
