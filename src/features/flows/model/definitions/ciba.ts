import { clientFormDraft, errorMessage, param } from '../common.ts';
import { cibaDenied, cibaExpired, cibaSlowDown, cibaUnknownUser } from '../modern-presets.ts';
import { intervalValue, pollAtInterval, pollOutcome } from '../polling.ts';
import { cibaCore } from '../rfc.ts';
import { cibaSnippet } from '../snippets.ts';
import type { FlowContext, FlowDefinition } from '../types.ts';

/** CIBA Core §10.1: the grant type of the token request that polls for the result. */
const CIBA_GRANT = 'urn:openid:params:grant-type:ciba';

/** This server's backchannel authentication endpoint and authentication device page (Auth0's paths). */
const backchannelEndpoint = (ctx: FlowContext) => new URL('bc-authorize', ctx.endpoints.issuer).href;
const authenticationDevice = (ctx: FlowContext) =>
  new URL('authentication-device', ctx.endpoints.issuer).href;

/** A short code for both screens to show (CIBA Core §7.1: binding_message should be short). */
function bindingCode(): string {
  const [n = 0] = crypto.getRandomValues(new Uint32Array(1));
  return `Sign-in ${String(n % 10000).padStart(4, '0')}`;
}

export const ciba: FlowDefinition = {
  id: 'ciba',
  title: 'CIBA (backchannel authentication)',
  summary:
    'The app asks the server, in the back channel, to authenticate a user it names; the user approves on their own device (a phone), and the app polls for the tokens.',
  whenToUse:
    'When the person is not at the app’s screen: a call-centre agent signs a caller in, a shop till asks the customer’s phone, a smart speaker asks for a payment. Only confidential clients may use it.',
  params: [
    param.clientId('ciba-app'),
    param.clientSecret('ciba-app-secret'),
    param.clientAuth('client_secret_basic'),
    {
      name: 'login_hint',
      label: 'Login hint (the user’s email)',
      kind: 'text',
      default: 'alice@example.com',
      suggestions: ['alice@example.com'],
      help: 'Whom the server should ask (CIBA Core §7.1). This server takes the email of a user of the tenant.',
    },
    {
      name: 'binding_message',
      label: 'Binding message',
      kind: 'text',
      // A value to read before the first request, and a new one each time the flow starts over.
      default: () => bindingCode(),
      generate: bindingCode,
      help: 'Shown on both devices, so that the person approves the request they started (64 characters at most here).',
    },
    param.scope(),
    param.audience(),
    param.extra(),
  ],
  steps: [
    {
      kind: 'http',
      id: 'bc-authorize',
      title: 'Send the backchannel authentication request',
      actionLabel: 'Send the request to /bc-authorize',
      explain:
        'The app authenticates itself and names the user with login_hint; it never sees the user’s password, nor redirects a browser. scope must include openid. The server answers with an auth_req_id (a secret handle for this request), how long it lives and how often the app may poll.',
      rfc: [cibaCore('7.1'), cibaCore('7.3'), cibaCore('13')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /bc-authorize login_hint, binding_message' },
        { from: 'as', to: 'app', label: 'auth_req_id, expires_in, interval' },
      ],
      produces: ['the auth_req_id'],
      build: (ctx) =>
        clientFormDraft(ctx, backchannelEndpoint(ctx), {
          scope: ctx.params.scope,
          audience: ctx.params.audience,
          login_hint: ctx.params.login_hint,
          binding_message: ctx.params.binding_message,
        }),
      onResponse: (_ctx, exchange, json) => {
        if (exchange.response.status !== 200 || !json || typeof json.auth_req_id !== 'string') {
          return { ok: false, message: errorMessage(exchange, json) };
        }
        // What the request really carried (the learner may have edited it before sending).
        const sent = new URLSearchParams(exchange.request.body ?? '').get('binding_message') ?? '';
        const values = {
          auth_req_id: json.auth_req_id,
          binding_message: sent,
          expires_in: String(json.expires_in ?? ''),
          ...intervalValue(json),
        };
        return {
          ok: true,
          message: `Request accepted: it lives ${values.expires_in} s; the app may poll every ${values.interval} s.`,
          values,
          lines: [
            { label: 'auth_req_id (kept by the app)', value: json.auth_req_id, secret: true },
            { label: 'binding_message (shown on both devices)', value: sent || '(none sent)' },
            { label: 'expires_in', value: `${values.expires_in} s` },
            { label: 'interval', value: `${values.interval} s` },
          ],
        };
      },
    },
    {
      kind: 'device-verification',
      id: 'authenticate',
      title: 'Approve on the authentication device',
      explain:
        'The server reaches the user on their own device (here its authentication device page, in the second pane). The person logs in if needed, checks that the binding message is the one this app shows, and approves or denies. Start polling in the next step while doing this, or afterwards.',
      rfc: [cibaCore('8'), cibaCore('7.1')],
      arrows: [
        { from: 'as', to: 'user', label: 'sign-in request, binding message' },
        { from: 'user', to: 'as', label: 'log in, approve or deny' },
      ],
      produces: ['the approval (or the denial)'],
      url: authenticationDevice,
      userCode: (ctx) => ctx.values.binding_message || ctx.params.binding_message || '',
      codeLabel: 'Binding message',
      page: 'authentication device',
    },
    {
      kind: 'http',
      id: 'poll',
      title: 'Poll the token endpoint',
      actionLabel: 'Poll once',
      // CIBA Core §7.3: `interval`, the minimum wait between polls (5 s when absent).
      poll: pollAtInterval,
      produces: ['the tokens'],
      explain:
        'In poll mode the app asks the token endpoint with the auth_req_id. Until the person decides, the server answers authorization_pending; polling faster than the interval earns slow_down (wait 5 s longer); a denial is access_denied, an old request expired_token. Once approved, the auth_req_id is exchanged for tokens exactly once.',
      rfc: [cibaCore('10.1'), cibaCore('10.1.1'), cibaCore('11')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token auth_req_id (poll)' },
        { from: 'as', to: 'app', label: 'authorization_pending … tokens' },
      ],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: CIBA_GRANT,
          auth_req_id: ctx.values.auth_req_id,
        }),
      // CIBA Core §11: the errors of the device grant (RFC 8628 §3.5), with the same meaning.
      onResponse: (ctx, exchange, json) =>
        pollOutcome(ctx, exchange, json, 'Still waiting for the person to decide.'),
    },
  ],
  presets: [cibaDenied, cibaUnknownUser, cibaSlowDown, cibaExpired],
  snippet: cibaSnippet,
};
