/**
 * DPoP (RFC 9449) as steps the flows share: the key pair, a proof signed for one request, the
 * server's nonce round trip, and the bound token checked against the key. The signing code
 * (jose) loads on demand from keys/dpop-keys.ts.
 */
import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { headerValue } from '../../../lib/http/headers.ts';
import { jsonBody } from '../../../lib/http/send.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { errorMessage, tokenResponseOutcome } from './common.ts';
import { decodedJwtLines, jwtPayload, serverNow } from './modern.ts';
import { rfc } from './rfc.ts';
import type { FlowContext, HttpStep, Line, ParamSpec, PrepareStep, RfcLink, StepOutcome } from './types.ts';

const loadDpop = () => import('./keys/dpop-keys.ts');

/** The values the DPoP steps leave behind: the key's thumbprint, the latest proof, the server's nonce. */
export const DPOP_JKT = 'dpop_jkt';
export const DPOP_PROOF = 'dpop_proof';
export const DPOP_NONCE = 'dpop_nonce';

export const rfc9449 = (section: string, label?: string): RfcLink =>
  rfc(9449, section, label ?? `RFC 9449 §${section}`);

const header = (exchange: HttpExchange, name: string) => headerValue(exchange.response.headers, name);

/** The nonce a response hands out in `DPoP-Nonce`, on an error or a success (RFC 9449 §8, §8.2, §9). */
export function responseNonce(exchange: HttpExchange): string | undefined {
  return header(exchange, 'DPoP-Nonce')?.trim() || undefined;
}

/**
 * Whether the server refused the proof for its nonce: `400 {"error":"use_dpop_nonce"}` at the
 * token endpoint (RFC 9449 §8), `401` with `WWW-Authenticate: DPoP error="use_dpop_nonce"` at a
 * resource (§9). Either way the answer carries the nonce to sign the next proof with.
 */
export function asksForNonce(exchange: HttpExchange, json: Record<string, unknown> | undefined): boolean {
  const { status } = exchange.response;
  if (status === 400 && json?.error === 'use_dpop_nonce') return true;
  return status === 401 && /\berror="use_dpop_nonce"/.test(header(exchange, 'WWW-Authenticate') ?? '');
}

/** The values to keep from any response: its new nonce, if it has one. */
export function nonceValues(exchange: HttpExchange): Record<string, string> {
  const nonce = responseNonce(exchange);
  return nonce ? { [DPOP_NONCE]: nonce } : {};
}

/** The request with its proof in the `DPoP` header (RFC 9449 §4.1); other DPoP headers replaced. */
export function withDpopHeader(draft: HttpRequestDraft, proof: string | undefined): HttpRequestDraft {
  const headers = draft.headers.filter(([n]) => n.toLowerCase() !== 'dpop');
  if (proof) headers.push(['DPoP', proof]);
  return { ...draft, headers };
}

/** A request to a resource with a DPoP-bound token: `Authorization: DPoP <token>` and the proof (§7.1). */
export function dpopResourceDraft(
  method: string,
  url: string,
  accessToken: string | undefined,
  proof: string | undefined,
  body?: string,
): HttpRequestDraft {
  const headers: [string, string][] = [];
  if (accessToken) headers.push(['Authorization', `DPoP ${accessToken}`]);
  if (body !== undefined) headers.push(['Content-Type', 'application/json']);
  return withDpopHeader({ method, url, headers, body: body ?? null }, proof);
}

/** Step: make the DPoP key pair in the browser, private key non-extractable (RFC 9449 §2). */
export const dpopKeyStep: PrepareStep = {
  kind: 'prepare',
  id: 'dpop-key',
  title: 'Make the DPoP key pair in the browser',
  actionLabel: 'Generate the DPoP key pair',
  explain:
    'The app makes an ES256 key pair with WebCrypto. The private key is non-extractable: script in this page can sign with it but never read it, so a stolen token is useless without this tab. The key’s RFC 7638 thumbprint (jkt) is what the server will bind the tokens to.',
  rfc: [rfc9449('2', 'RFC 9449 §2'), rfc(7638, '3', 'RFC 7638 §3 thumbprint')],
  arrows: [{ from: 'app', to: 'app', label: 'generateKey → DPoP key, jkt' }],
  produces: ['the DPoP key pair (in this tab only)'],
  async prepare() {
    const { makeDpopKey } = await loadDpop();
    const key = await makeDpopKey('ES256');
    return {
      ok: true,
      message: `ES256 DPoP key pair ready; thumbprint (jkt) ${key.jkt}.`,
      values: { [DPOP_JKT]: key.jkt },
      lines: [
        { label: 'Public key (JWK), sent in every proof', value: JSON.stringify(key.publicJwk, null, 2) },
        { label: 'JWK SHA-256 thumbprint (RFC 7638), the jkt', value: key.jkt },
        {
          label: 'Private key',
          value: key.extractable
            ? 'an extractable CryptoKey (this browser did not allow a non-extractable one)'
            : 'a non-extractable CryptoKey: it signs in this tab and cannot be exported',
        },
      ],
    };
  },
};

/** What a proof is for: the request's method and URL, and the token sent beside it at a resource. */
export interface ProofTarget {
  htm: string | ((ctx: FlowContext) => string);
  url: (ctx: FlowContext) => string;
  /** The access token the proof goes with (a resource request): the proof then carries `ath`. */
  accessToken?: (ctx: FlowContext) => string | undefined;
}

/** Signs a proof for `target` with the run's DPoP key and the latest server nonce. */
export async function signProof(ctx: FlowContext, target: ProofTarget): Promise<string> {
  const { hasDpopKey, signDpopProof } = await loadDpop();
  const jkt = ctx.values[DPOP_JKT];
  if (!hasDpopKey(jkt)) throw new Error('Make the DPoP key pair first (it lives only in this tab).');
  return signDpopProof(jkt ?? '', {
    htm: typeof target.htm === 'string' ? target.htm : target.htm(ctx),
    url: target.url(ctx),
    nonce: ctx.values[DPOP_NONCE],
    accessToken: target.accessToken?.(ctx),
    iat: await serverNow(ctx),
  });
}

/** Step: sign a DPoP proof for one request; the next step sends it in its `DPoP` header. */
export function proofStep(options: {
  id: string;
  title: string;
  explain: string;
  rfc?: RfcLink[];
  target: ProofTarget;
}): PrepareStep {
  return {
    kind: 'prepare',
    id: options.id,
    title: options.title,
    actionLabel: 'Sign the DPoP proof',
    explain: options.explain,
    rfc: options.rfc ?? [rfc9449('4.2', 'RFC 9449 §4.2 proof')],
    arrows: [{ from: 'app', to: 'app', label: 'sign DPoP proof (htm, htu, iat, jti)' }],
    produces: ['a DPoP proof for one request'],
    async prepare(ctx) {
      if (options.target.accessToken && !options.target.accessToken(ctx))
        return { ok: false, message: 'No access token yet: get the tokens first.' };
      let proof: string;
      try {
        proof = await signProof(ctx, options.target);
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
      const claims = jwtPayload(proof) ?? {};
      const has = [claims.nonce ? 'the server nonce' : '', claims.ath ? 'ath' : ''].filter(Boolean);
      return {
        ok: true,
        message: `DPoP proof signed for ${String(claims.htm)} ${String(claims.htu)}${has.length ? `, with ${has.join(' and ')}` : ', without a nonce'}.`,
        values: { [DPOP_PROOF]: proof },
        lines: decodedJwtLines('DPoP proof', proof),
      };
    },
  };
}

/**
 * A token response to a request with a proof: the nonce round trip (`use_dpop_nonce`, RFC 9449 §8)
 * is the expected answer of a server that wants one, and keeps the nonce for the next proof; tokens
 * are checked for `token_type: DPoP` and `cnf.jkt` against the key (§5, §6.1).
 */
export function dpopTokenOutcome(
  ctx: FlowContext,
  exchange: HttpExchange,
  json: Record<string, unknown> | undefined,
): StepOutcome {
  const values = nonceValues(exchange);
  if (asksForNonce(exchange, json)) {
    return {
      ok: true,
      message: `The server wants a nonce in the proof: 400 use_dpop_nonce, DPoP-Nonce ${values[DPOP_NONCE] ?? '(missing)'}. Sign a new proof with it and send the request again; the code was not used.`,
      values,
      lines: [
        { label: 'error (RFC 9449 §8)', value: String(json?.error) },
        { label: 'DPoP-Nonce (input of the next proof)', value: values[DPOP_NONCE] ?? '(missing)' },
      ],
    };
  }
  const outcome = tokenResponseOutcome(exchange, json, ctx);
  if (!outcome.ok || !outcome.tokens?.access_token) return { ...outcome, values };
  const jkt = ctx.values[DPOP_JKT];
  const check = boundTokenCheck(jkt, String(json?.token_type), outcome.tokens.access_token);
  return {
    ...outcome,
    expect: { ...outcome.expect, ...(check.ok && jkt ? { dpopJkt: jkt } : {}) },
    ok: outcome.ok && check.ok,
    message: `${outcome.message} ${check.message}`,
    values: { ...values, ...outcome.values },
    lines: [...(outcome.lines ?? []), ...check.lines],
  };
}

/** RFC 9449 §5, §6.1: `token_type` DPoP and the access token's `cnf.jkt` equal to the key's thumbprint. */
export function boundTokenCheck(
  jkt: string | undefined,
  tokenType: string,
  accessToken: string,
): { ok: boolean; message: string; lines: Line[] } {
  const cnf = jwtPayload(accessToken)?.cnf;
  const bound = typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>).jkt : undefined;
  const lines: Line[] = [
    { label: 'token_type', value: tokenType },
    { label: 'Access token cnf.jkt', value: typeof bound === 'string' ? bound : '(none: opaque or unbound)' },
    { label: 'Thumbprint of this tab’s DPoP key', value: jkt ?? '(no key)' },
  ];
  if (tokenType.toLowerCase() !== 'dpop')
    return { ok: false, message: `token_type is ${tokenType}, not DPoP: the token is not bound.`, lines };
  if (typeof bound === 'string' && bound !== jkt)
    return { ok: false, message: 'cnf.jkt is not the thumbprint of this key.', lines };
  return {
    ok: true,
    message:
      typeof bound === 'string'
        ? 'token_type DPoP; cnf.jkt is the thumbprint of this tab’s key.'
        : 'token_type DPoP (the access token is opaque: the server keeps the binding).',
    lines,
  };
}

/** A resource's answer to a DPoP request: the data, a nonce to sign again with, or its error (§7, §9). */
export function dpopResourceOutcome(
  exchange: HttpExchange,
  json: Record<string, unknown> | undefined,
): StepOutcome {
  const values = nonceValues(exchange);
  const { status } = exchange.response;
  if (status >= 200 && status < 300)
    return { ok: true, message: `${status}: the API accepted the DPoP-bound token with its proof.`, values };
  const challenge = header(exchange, 'WWW-Authenticate');
  if (asksForNonce(exchange, json))
    return {
      ok: false,
      message: `The API wants its nonce: ${status} use_dpop_nonce (DPoP-Nonce ${values[DPOP_NONCE] ?? 'missing'}). Sign the proof again (previous step) and resend.`,
      values,
    };
  return {
    ok: false,
    message: challenge ? `${status} WWW-Authenticate: ${challenge}` : errorMessage(exchange, json),
    values,
  };
}

/** The toggle of the token flows: their token requests carry a DPoP proof (RFC 9449 §5). */
export const dpopParam: ParamSpec = {
  name: 'dpop',
  label: 'Sender-constrain tokens with DPoP',
  kind: 'select',
  default: 'off',
  options: ['off', 'on'],
  help: 'on: each token request is sent with a DPoP proof of a key made in this tab (non-extractable), the nonce round trip done when the server asks; the tokens are bound to the key and the “Use the tokens” calls sign proofs with it (RFC 9449).',
};

const dpopOn = (ctx: FlowContext) => ctx.params.dpop === 'on';

/**
 * The hooks of a token request step with the DPoP toggle: a proof signed for the request as it is
 * sent, and one more try with the server's nonce after `use_dpop_nonce` (RFC 9449 §5, §8).
 */
export const dpopTokenRequest = dpopHooks(dpopOn);

/** The hooks of a request that carries a proof when `when` says so (always, in a flow that requires DPoP). */
export function dpopHooks(when: (ctx: FlowContext) => boolean): Pick<HttpStep, 'finish' | 'again'> {
  return {
    async finish(ctx, draft) {
      if (!when(ctx)) return { draft };
      const { hasDpopKey, tabDpopKey } = await loadDpop();
      const values: Record<string, string> = {};
      const known = ctx.values[DPOP_JKT];
      if (!hasDpopKey(known)) values[DPOP_JKT] = await tabDpopKey();
      const signing = { ...ctx, values: { ...ctx.values, ...values } };
      const proof = await signProof(signing, { htm: draft.method, url: () => draft.url });
      const nonce = ctx.values[DPOP_NONCE];
      values[DPOP_PROOF] = proof;
      const lines: Line[] = nonce
        ? [
            { label: 'DPoP-Nonce of the server’s use_dpop_nonce answer (RFC 9449 §8)', value: nonce },
            ...decodedJwtLines('DPoP proof with the nonce', proof),
          ]
        : decodedJwtLines('DPoP proof', proof);
      return { draft: withDpopHeader(draft, proof), values, lines };
    },
    again(ctx, exchange, json) {
      if (!when(ctx) || !asksForNonce(exchange, json)) return undefined;
      const values = nonceValues(exchange);
      return values[DPOP_NONCE] ? values : undefined;
    },
  };
}

/** A token response, checked as DPoP-bound when the toggle is on. */
export function tokenOutcome(
  ctx: FlowContext,
  exchange: HttpExchange,
  json: Record<string, unknown> | undefined,
): StepOutcome {
  return dpopOn(ctx) ? dpopTokenOutcome(ctx, exchange, json) : tokenResponseOutcome(exchange, json, ctx);
}

/**
 * Sends `draft` with a DPoP proof of the key `jkt` (with `ath` beside an access token), and once
 * more with the server's nonce if it asks (RFC 9449 §7.1, §8, §9). For the calls made with tokens
 * obtained earlier.
 */
export async function sendWithDpop(
  send: (draft: HttpRequestDraft) => Promise<HttpExchange>,
  draft: HttpRequestDraft,
  options: { jkt: string; accessToken?: string; nonce?: string; issuer: string },
): Promise<HttpExchange> {
  const { hasDpopKey, signDpopProof } = await loadDpop();
  if (!hasDpopKey(options.jkt))
    throw new Error('The DPoP key of this token is gone (the page was reloaded): get new tokens.');
  const headers = draft.headers.map(([n, v]): [string, string] =>
    n.toLowerCase() === 'authorization' && options.accessToken ? [n, `DPoP ${options.accessToken}`] : [n, v],
  );
  const signed = async (nonce: string | undefined) =>
    withDpopHeader(
      { ...draft, headers },
      await signDpopProof(options.jkt, {
        htm: draft.method,
        url: draft.url,
        nonce,
        accessToken: options.accessToken,
        iat: await serverNow({ endpoints: { issuer: options.issuer } }),
      }),
    );
  const first = await send(await signed(options.nonce));
  const nonce = responseNonce(first);
  if (!asksForNonce(first, jsonBody(first)) || !nonce) return first;
  return send(await signed(nonce));
}

/** Step: sign the proof of the API call, with `ath` (RFC 9449 §7.1). */
export const apiProofStep: PrepareStep = proofStep({
  id: 'api-proof',
  title: 'Sign a proof for the API call, with ath',
  explain:
    'Each resource request needs its own proof: htm GET, htu the API’s URL, the latest nonce, and ath, the base64url SHA-256 of the access token, which ties the proof to this token.',
  rfc: [rfc9449('7.1', 'RFC 9449 §7.1'), rfc9449('4.2', 'RFC 9449 §4.2 ath')],
  target: {
    htm: 'GET',
    url: (ctx) => ctx.endpoints.messages,
    accessToken: (ctx) => ctx.tokens.access_token,
  },
});

/** Step: call the sample API with `Authorization: DPoP` and the proof signed before (RFC 9449 §7.1). */
export const apiCallStep: HttpStep = {
  kind: 'http',
  id: 'api',
  title: 'Call the API with Authorization: DPoP',
  actionLabel: 'GET /api/messages with the proof',
  explain:
    'The token goes in Authorization with the DPoP scheme (not Bearer) and the proof in the DPoP header. The API checks the proof, its ath against the token and its key against cnf.jkt. If the API wants a newer nonce it answers 401 use_dpop_nonce: sign again and resend.',
  rfc: [rfc9449('7.1', 'RFC 9449 §7.1'), rfc9449('9', 'RFC 9449 §9 resource nonce')],
  arrows: [
    { from: 'app', to: 'api', label: 'GET /api/messages Authorization: DPoP + proof' },
    { from: 'api', to: 'app', label: '200 messages' },
  ],
  build: (ctx) =>
    dpopResourceDraft('GET', ctx.endpoints.messages, ctx.tokens.access_token, ctx.values[DPOP_PROOF]),
  onResponse: (_ctx, exchange, json) => dpopResourceOutcome(exchange, json),
};
