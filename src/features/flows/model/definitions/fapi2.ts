import type { HttpRequestDraft } from '../../../../lib/http/draft.ts';
import { authorizeOutcome, param } from '../common.ts';
import {
  apiCallStep,
  apiProofStep,
  DPOP_JKT,
  dpopHooks,
  dpopKeyStep,
  dpopTokenOutcome,
  rfc9449,
} from '../dpop.ts';
import { fapi2Snippet } from '../dpop-snippets.ts';
import {
  assertionFormDraft,
  assertionStep,
  clientKeyStep,
  registrationDraft,
  registrationOutcome,
  signingAlgParam,
} from '../modern.ts';
import {
  exchangeError,
  expectOk,
  failed,
  LOGIN_HINT,
  PresetStopped,
  setQuery,
  stepsOk,
} from '../preset-script.ts';
import { rfc } from '../rfc.ts';
import type {
  CallbackResult,
  ErrorPreset,
  FlowContext,
  FlowDefinition,
  Line,
  RfcLink,
  StepDefinition,
  StepOutcome,
} from '../types.ts';
import { parStep, requestUriAuthorizeStep } from './auth-code-par.ts';
import { pkceStep } from './auth-code-pkce.ts';

const fapi = (section: string): RfcLink => ({
  label: `FAPI 2.0 Security Profile §${section}`,
  href: `https://openid.net/specs/fapi-security-profile-2_0-final.html#section-${section}`,
});

/** The FAPI 2.0 Security Profile requirements this flow meets, each with its section. */
const REQUIREMENTS = {
  alg: { short: 'Signing algorithm', section: '5.4.1', text: 'JWTs signed with PS256, ES256 or EdDSA' },
  privateKeyJwt: {
    short: 'private_key_jwt',
    section: '5.3.3.1',
    text: 'client authentication with private_key_jwt',
  },
  assertionAud: {
    short: 'Assertion aud',
    section: '5.3.3.1',
    text: 'the client assertion’s aud is the issuer, as a string',
  },
  pkce: { short: 'PKCE S256', section: '5.3.3.2', text: 'PKCE with S256, a new challenge per request' },
  par: { short: 'PAR', section: '5.3.3.2', text: 'pushed authorization requests' },
  onlyRequestUri: {
    short: 'Only request_uri',
    section: '5.3.3.2',
    text: 'only client_id and request_uri sent to the authorization endpoint',
  },
  iss: {
    short: 'iss checked',
    section: '5.3.3.2',
    text: 'the iss of the authorization response checked (RFC 9207)',
  },
  senderConstrained: {
    short: 'Sender-constrained tokens',
    section: '5.3.3.1',
    text: 'sender-constrained access tokens with DPoP',
  },
  codeBinding: {
    short: 'Code bound to the key',
    section: '5.3.2.1',
    text: 'authorization code bound to the DPoP key (RFC 9449 §10)',
  },
  dpopHeader: {
    short: 'Authorization: DPoP',
    section: '5.3.3.1',
    text: 'access token sent as Authorization: DPoP (RFC 9449 §7.1)',
  },
} as const;
type Requirement = keyof typeof REQUIREMENTS;

const metKey = (id: Requirement) => `fapi_${id}`;
/** A short label (the definition list's term) and the requirement in full (its value). */
const label = (id: Requirement) => `${REQUIREMENTS[id].short} (FAPI 2.0 §${REQUIREMENTS[id].section})`;
const requirement = (id: Requirement) =>
  `${REQUIREMENTS[id].text[0]?.toUpperCase()}${REQUIREMENTS[id].text.slice(1)}.`;

/** An outcome that meets `ids` when it succeeds: a ✓ line for each, remembered for the checklist. */
function meeting(outcome: StepOutcome, ids: readonly Requirement[], detail: string): StepOutcome {
  if (!outcome.ok) return outcome;
  const lines: Line[] = ids.map((id) => ({
    label: `✓ ${label(id)}`,
    value: `${requirement(id)} Met: ${detail}.`,
  }));
  const values = Object.fromEntries(ids.map((id) => [metKey(id), detail]));
  return {
    ...outcome,
    values: { ...outcome.values, ...values },
    lines: [...(outcome.lines ?? []), ...lines],
  };
}

/** The step with the requirements it meets added to its successful outcome. */
function meets<T extends StepDefinition>(step: T, ids: readonly Requirement[], detail: string): T {
  const sections = [...new Set(ids.map((id) => REQUIREMENTS[id].section))];
  const cite = { ...step, rfc: [...step.rfc, ...sections.map(fapi)] };
  switch (cite.kind) {
    case 'prepare': {
      const prepare = cite.prepare;
      return { ...cite, prepare: async (ctx: FlowContext) => meeting(await prepare(ctx), ids, detail) };
    }
    case 'http': {
      const onResponse = cite.onResponse;
      return {
        ...cite,
        onResponse: (ctx, exchange, json) => meeting(onResponse(ctx, exchange, json), ids, detail),
      };
    }
    case 'authorize': {
      const onCallback = cite.onCallback;
      return {
        ...cite,
        onCallback: (ctx: FlowContext, result: CallbackResult, sent: HttpRequestDraft) =>
          meeting(onCallback(ctx, result, sent), ids, detail),
      };
    }
    default:
      return cite;
  }
}

const fapiAlgParam = {
  ...signingAlgParam,
  options: ['ES256', 'PS256'],
  help: 'FAPI 2.0 §5.4.1 allows PS256, ES256 and EdDSA: the client’s key pair is made in the browser with one of them.',
};

/**
 * RFC 9207 §2.4: the client compares iss with the issuer it sent the user to before it reads
 * anything else of the response; another issuer means a mix-up attack.
 */
function checkIss(ctx: FlowContext, result: CallbackResult, sent: HttpRequestDraft): StepOutcome {
  const iss = result.params.iss;
  if (iss !== ctx.endpoints.issuer)
    return {
      ok: false,
      message: `Rejected: the callback’s iss (${iss ? `"${iss}"` : 'none'}) is not the issuer this request went to (${ctx.endpoints.issuer}). Another server’s response could have been mixed in (RFC 9207 §2.4).`,
    };
  const sentParams = [...new URL(sent.url).searchParams.keys()].sort().join(', ');
  const outcome = authorizeOutcome(ctx, result, setQuery(sent, 'state', ctx.values.pushed_state ?? ''));
  return {
    ...outcome,
    lines: [
      ...(outcome.lines ?? []),
      { label: 'iss in the callback (RFC 9207)', value: iss },
      { label: 'Parameters the browser carried to /authorize', value: sentParams },
    ],
  };
}

const checklistStep: StepDefinition = {
  kind: 'prepare',
  id: 'checklist',
  title: 'Review the FAPI 2.0 checklist',
  actionLabel: 'Check every requirement',
  explain:
    'Each requirement of the FAPI 2.0 Security Profile this flow covers, and the step that met it. The profile combines them because each closes a gap the others leave: PAR keeps the request out of the browser, PKCE and iss stop injected and mixed-up responses, private_key_jwt removes shared secrets, DPoP makes a leaked token useless.',
  rfc: [fapi('5.3.2'), fapi('5.3.3'), fapi('5.3.4')],
  arrows: [{ from: 'app', to: 'app', label: 'FAPI 2.0 checklist' }],
  async prepare(ctx) {
    const ids = Object.keys(REQUIREMENTS) as Requirement[];
    const missing = ids.filter((id) => !ctx.values[metKey(id)]);
    const lines = ids.map((id) => ({
      label: `${ctx.values[metKey(id)] ? '✓' : '✗'} ${label(id)}`,
      value: `${requirement(id)} ${ctx.values[metKey(id)] ? `Met: ${ctx.values[metKey(id)]}.` : 'Not met yet.'}`,
    }));
    return missing.length === 0
      ? { ok: true, message: `All ${ids.length} FAPI 2.0 requirements of this flow are met.`, lines }
      : {
          ok: false,
          message: `${missing.length} of ${ids.length} requirements not met yet: run the steps before this one.`,
          lines,
        };
  },
};

const pushed = parStep(assertionFormDraft, (ctx) => ({
  client_id: ctx.values.registered_client_id,
  // RFC 9449 §10: the code is bound to the DPoP key (FAPI 2.0 §5.3.2.1 requires servers to support it).
  dpop_jkt: ctx.values[DPOP_JKT],
}));

const tokenStep: StepDefinition = {
  ...dpopHooks(() => true),
  kind: 'http',
  id: 'token',
  title: 'Exchange the code: client assertion and DPoP proof',
  actionLabel: 'Send the token request',
  explain:
    'The code, the PKCE code_verifier and a fresh client assertion, with a DPoP proof signed as the request is sent (and signed again with the server’s nonce if it asks). The client was registered with dpop_bound_access_tokens, so the server refuses a token request without a proof.',
  rfc: [rfc(7523, '2.2', 'RFC 7523 §2.2'), rfc9449('5', 'RFC 9449 §5'), rfc(7636, '4.5', 'RFC 7636 §4.5')],
  arrows: [
    { from: 'app', to: 'as', label: 'POST /oauth/token code + client_assertion + DPoP' },
    { from: 'as', to: 'app', label: 'token_type DPoP, cnf.jkt' },
  ],
  build: (ctx) =>
    assertionFormDraft(ctx, ctx.endpoints.token, {
      grant_type: 'authorization_code',
      code: ctx.values.code,
      redirect_uri: ctx.params.redirect_uri,
      code_verifier: ctx.params.code_verifier,
    }),
  onResponse: dpopTokenOutcome,
};

/** Runs the FAPI flow up to the authorization (key pairs, registration, PKCE, PAR). */
async function throughPar(script: Parameters<ErrorPreset['run']>[0]) {
  await stepsOk(script, [
    ['client-key', 'Making the client key pair'],
    ['dpop-key', 'Making the DPoP key pair'],
    ['register', 'The registration'],
    ['pkce', 'Deriving the PKCE challenge'],
    ['par-assertion', 'Signing the PAR client assertion'],
    ['par', 'The pushed authorization request'],
  ]);
}

const presets: ErrorPreset[] = [
  {
    id: 'fapi-authorize-without-par',
    title: 'Authorization request without PAR',
    cause:
      'The client sends its parameters in the /authorize URL as in the plain code flow. A client registered with require_pushed_authorization_requests (every FAPI 2.0 client, §5.3.2.2) must push them first: the server refuses.',
    async run(script) {
      await throughPar(script);
      const ctx = script.context();
      const url = new URL(ctx.endpoints.authorization);
      const fields = {
        response_type: 'code',
        client_id: ctx.values.registered_client_id ?? '',
        redirect_uri: ctx.params.redirect_uri ?? '',
        scope: ctx.params.scope ?? '',
        state: ctx.params.state ?? '',
        code_challenge: ctx.values.code_challenge ?? '',
        code_challenge_method: 'S256',
      };
      for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
      return failed(await script.step('authorize', (draft) => ({ ...draft, url: url.href })));
    },
  },
  {
    id: 'fapi-token-without-dpop',
    title: 'Token request without a DPoP proof',
    cause:
      'The client forgets the DPoP header on its token request (a library without DPoP support, a proxy that drops the header). A client registered with dpop_bound_access_tokens gets no bearer token instead (RFC 9449 §5.2): 400 invalid_dpop_proof.',
    userAction: LOGIN_HINT,
    async run(script) {
      await throughPar(script);
      expectOk(await script.step('authorize'), 'The authorization');
      expectOk(await script.step('token-assertion'), 'Signing the token client assertion');
      // The request as built, before the step signs its proof.
      const draft = script.draft('token');
      if (!draft) throw new PresetStopped('No token request.');
      return exchangeError(await script.send(draft));
    },
  },
];

export const fapi2: FlowDefinition = {
  id: 'fapi2',
  title: 'FAPI 2.0 Security Profile',
  summary:
    'The high-security profile of OAuth for open banking and health: a client with a key of its own (registered by DCR), PAR, PKCE S256, private_key_jwt, DPoP-bound tokens and the iss check, each requirement ticked off as a step meets it.',
  whenToUse:
    'APIs with high-value data (payments, accounts, health records), or any API that must resist stolen tokens, tampered requests and mixed-up responses. Ecosystems such as open banking require it.',
  params: [
    fapiAlgParam,
    param.audience(),
    param.scope('openid read:messages'),
    param.redirectUri(),
    param.state(),
    param.nonce(),
    param.codeVerifier(),
  ],
  steps: [
    meets(clientKeyStep, ['alg'], 'the client’s key pair (non-extractable) made with WebCrypto'),
    dpopKeyStep,
    meets(
      {
        kind: 'http',
        id: 'register',
        title: 'Register the FAPI client through DCR',
        actionLabel: 'Register the client',
        explain:
          'Dynamic client registration with the public key (jwks), token_endpoint_auth_method private_key_jwt, dpop_bound_access_tokens (every token request must carry a proof) and require_pushed_authorization_requests (no plain /authorize). The server answers 201 with a client_id and no secret.',
        rfc: [
          rfc(7591, '3.1', 'RFC 7591 §3.1'),
          rfc9449('5.2', 'RFC 9449 §5.2'),
          rfc(9126, '6', 'RFC 9126 §6'),
        ],
        arrows: [
          { from: 'app', to: 'as', label: 'POST /oidc/register {jwks, private_key_jwt, dpop, par}' },
          { from: 'as', to: 'app', label: '201 client_id' },
        ],
        build: (ctx) =>
          registrationDraft(ctx, {
            client_name: 'FAPI 2.0 client',
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'private_key_jwt',
            dpop_bound_access_tokens: true,
            require_pushed_authorization_requests: true,
          }),
        onResponse: (_ctx, exchange, json) => registrationOutcome(exchange, json),
      },
      ['privateKeyJwt'],
      'registered with token_endpoint_auth_method private_key_jwt and its public key',
    ),
    meets(pkceStep, ['pkce'], 'code_challenge_method S256, a fresh verifier for this run'),
    meets(
      assertionStep(
        'par-assertion',
        'Sign a client assertion for the pushed request',
        (ctx) => ctx.endpoints.issuer,
      ),
      ['assertionAud'],
      'aud is the issuer identifier, a string',
    ),
    meets(pushed, ['par', 'codeBinding'], 'pushed with the client assertion and dpop_jkt; 201 request_uri'),
    meets(
      requestUriAuthorizeStep((ctx) => ctx.values.registered_client_id ?? '', {
        explain:
          'Only client_id and request_uri travel through the browser. The callback’s iss must be this server’s issuer (RFC 9207): the app checks it before it reads the code, so a response from another server (a mix-up attack) is rejected.',
        rfc: [rfc(9126, '4', 'RFC 9126 §4'), rfc(9207, '2.4', 'RFC 9207 §2.4')],
        onCallback: checkIss,
      }),
      ['onlyRequestUri', 'iss'],
      'the browser carried client_id and request_uri only; iss is the issuer',
    ),
    assertionStep(
      'token-assertion',
      'Sign a new client assertion for the token request',
      (ctx) => ctx.endpoints.issuer,
    ),
    meets(tokenStep, ['senderConstrained'], 'token_type DPoP, cnf.jkt is the DPoP key’s thumbprint'),
    apiProofStep,
    meets(apiCallStep, ['dpopHeader'], 'the API accepted Authorization: DPoP with a proof carrying ath'),
    checklistStep,
  ],
  snippet: fapi2Snippet,
  presets,
};
