/**
 * A run is one record: the flow, the environment it runs in (which server, its issuer and
 * endpoints, JWKS), the parameters, each step's result, the exchanges, and the tokens, each with
 * its provenance. Everything shown or sent about a run (URL, share link, exports, embed events,
 * token checks) is a pure function of it; `run-store.ts` only applies commands to it.
 *
 * The runner knows no flow by name: what a flow needs is in its definition (`flows/model/types.ts`).
 */
import * as v from 'valibot';
import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import type {
  CallbackResult,
  ClientParams,
  Endpoints,
  FlowContext,
  FlowDefinition,
  FlowEnv,
  Line,
  StepDefinition,
  TokenExpectations,
  TokenName,
  TokenSet,
} from '../../flows/index.ts';

export type RunStatus = 'idle' | 'running' | 'done' | 'error';

/** Which server the run talks to: the one in this browser, or another provider chosen by the user. */
export interface RunEnvironment extends FlowEnv {
  server: 'built-in' | 'provider';
}

export interface StepResult {
  status: 'pending' | 'ok' | 'error' | 'retry';
  message?: string;
  lines?: Line[];
  /** The exchange that produced this result (the app's request), if any. */
  exchangeId?: string;
  callback?: CallbackResult;
  /** Authorize steps: the request sent to the authorization endpoint, for checking the callback. */
  sent?: HttpRequestDraft;
}

export interface FrameState {
  /** Why the frame is open: an /authorize step, a second screen (verification page), a logout. */
  purpose: 'authorize' | 'verification' | 'logout';
  stepId?: string;
  url: string;
  /** A second screen's page by name ("authentication device"); "verification page" when absent. */
  page?: string;
}

/** Where a token came from: the flow, the client it was issued to, the server and its keys. */
export interface TokenProvenance extends TokenExpectations {
  flowId: string;
  flowTitle: string;
  /** The client's parameters (client_id, client_auth, client_secret) at the time of issue. */
  client: ClientParams;
  server: RunEnvironment['server'];
  issuer: string;
  /** The issuing server's endpoints: refresh, revoke, introspect, userinfo and logout go there. */
  endpoints: Endpoints;
  /** Epoch ms. */
  obtainedAt: number;
}

export interface HeldToken {
  value: string;
  provenance: TokenProvenance;
}

export type HeldTokens = Partial<Record<TokenName, HeldToken>>;

export interface RunRecord {
  version: 1;
  flowId: string;
  environment: RunEnvironment;
  /** Every parameter of the flow (secret ones too: see `secretParamNames`). */
  params: Record<string, string>;
  stepId: string;
  stepIndex: number;
  status: RunStatus;
  /** Every HTTP exchange of the run, from the app (source 'app') and the worker's trace, oldest first. */
  exchanges: HttpExchange[];
  /** What steps produced for later steps (code, code_challenge, device_code...). */
  values: Record<string, string>;
  results: Record<string, StepResult>;
  tokens: HeldTokens;
  frame: FrameState | null;
}

export const TOKEN_NAMES: readonly TokenName[] = ['access_token', 'id_token', 'refresh_token'];

// ---------------------------------------------------------------------------------------------
// Parameters

export function defaultParams(flow: FlowDefinition, env: FlowEnv): Record<string, string> {
  const params: Record<string, string> = {};
  for (const spec of flow.params) {
    params[spec.name] = typeof spec.default === 'function' ? spec.default(env) : (spec.default ?? '');
    const override = env.paramDefaults?.[spec.name];
    if (override !== undefined) params[spec.name] = override;
  }
  return params;
}

/** Names of the flow's secret parameters: never in the URL, share links or events; masked in views. */
export function secretParamNames(flow: FlowDefinition): Set<string> {
  return new Set(flow.params.filter((p) => p.secret).map((p) => p.name));
}

/** Blank generated parameters get fresh values, blank token parameters the tokens obtained earlier. */
export function fillGenerated(
  flow: FlowDefinition,
  params: Record<string, string>,
  tokens: TokenSet,
): Record<string, string> {
  const filled = { ...params };
  for (const spec of flow.params) {
    if (filled[spec.name]) continue;
    if (spec.generate) filled[spec.name] = spec.generate();
    else if (spec.fromTokens && tokens[spec.fromTokens]) filled[spec.name] = tokens[spec.fromTokens] ?? '';
  }
  return filled;
}

/** A parameter change with what it implies (a demo client brings its secret and auth method). */
export function withImplied(
  flow: FlowDefinition,
  params: Readonly<Record<string, string>>,
  partial: Record<string, string>,
): Record<string, string> {
  const patch = { ...partial };
  for (const [name, value] of Object.entries(partial)) {
    const spec = flow.params.find((p) => p.name === name);
    if (!spec?.implies || params[name] === value) continue;
    for (const [implied, impliedValue] of Object.entries(spec.implies(value, params))) {
      if (!(implied in partial)) patch[implied] = impliedValue;
    }
  }
  return patch;
}

// ---------------------------------------------------------------------------------------------
// A new run

export function tokenValues(tokens: HeldTokens): TokenSet {
  const set: TokenSet = {};
  for (const name of TOKEN_NAMES) {
    const held = tokens[name];
    if (held) set[name] = held.value;
  }
  return set;
}

export interface NewRunInput {
  flow: FlowDefinition;
  environment: RunEnvironment;
  /** Tokens obtained earlier (they outlive a run, so that refresh and exchange can use them). */
  tokens?: HeldTokens;
  /** Parameters on top of the defaults (from the URL, a share link, a preset). */
  params?: Record<string, string>;
}

export function newRun({ flow, environment, tokens = {}, params = {} }: NewRunInput): RunRecord {
  return {
    version: 1,
    flowId: flow.id,
    environment,
    params: fillGenerated(flow, { ...defaultParams(flow, environment), ...params }, tokenValues(tokens)),
    stepId: flow.steps[0]?.id ?? '',
    stepIndex: 0,
    status: 'idle',
    exchanges: [],
    tokens,
    values: {},
    results: {},
    frame: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Derived views

export function flowContext(run: RunRecord): FlowContext {
  const { server: _server, ...env } = run.environment;
  return { ...env, params: run.params, values: run.values, tokens: tokenValues(run.tokens) };
}

/** The request a step would send now, from the current parameters and values. */
export function stepDraft(run: RunRecord, step: StepDefinition): HttpRequestDraft | undefined {
  if (step.kind === 'authorize' || step.kind === 'http') return step.build(flowContext(run));
  return undefined;
}

/** Seconds between two requests of a polling step, or undefined if the step does not poll. */
export function pollInterval(run: RunRecord, step: StepDefinition): number | undefined {
  if (step.kind !== 'http' || !step.poll) return undefined;
  if (step.poll === true) return 5;
  const seconds = step.poll.intervalSeconds(flowContext(run));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 5;
}

/** What the checks of a held token expect: its issuer, its client, its audience and nonce. */
export interface TokenCheckExpectations {
  issuer?: string;
  audience?: string;
  clientId?: string;
  nonce?: string;
  accessToken?: string;
}

export function tokenCheckExpectations(tokens: HeldTokens, name: TokenName): TokenCheckExpectations {
  const held = tokens[name];
  if (!held) return {};
  const { provenance } = held;
  return {
    issuer: provenance.issuer || undefined,
    audience: name === 'access_token' ? provenance.audience || undefined : undefined,
    clientId: provenance.client.client_id || undefined,
    nonce: name === 'id_token' ? provenance.nonce || undefined : undefined,
    // OIDC Core §3.2.2.9: at_hash binds an ID token to the access token issued with it.
    accessToken:
      name === 'id_token' && tokens.access_token?.provenance.obtainedAt === provenance.obtainedAt
        ? tokens.access_token.value
        : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Storage: the record as JSON, parsed defensively when read back.

const text = v.string();
const record = v.record(v.string(), v.string());
const pairs = v.array(v.tuple([v.string(), v.string()]));
const endpointsSchema = v.object({
  issuer: text,
  authorization: text,
  token: text,
  deviceAuthorization: text,
  userinfo: text,
  revocation: text,
  introspection: text,
  jwks: text,
  logout: text,
  messages: text,
});
const environmentSchema = v.object({
  server: v.picklist(['built-in', 'provider']),
  endpoints: endpointsSchema,
  redirectUri: text,
  appUrl: text,
  paramDefaults: v.optional(record),
});
const draftSchema = v.object({ method: text, url: text, headers: pairs, body: v.nullable(text) });
const exchangeSchema = v.object({
  source: v.optional(v.picklist(['app', 'worker'])),
  type: v.literal('exchange'),
  id: text,
  startedAt: v.number(),
  durationMs: v.number(),
  kind: v.picklist(['navigate', 'fetch']),
  request: draftSchema,
  response: v.object({ status: v.number(), statusText: text, headers: pairs, body: v.nullable(text) }),
});
const lineSchema = v.object({ label: text, value: text, secret: v.optional(v.boolean()) });
const resultSchema = v.object({
  status: v.picklist(['pending', 'ok', 'error', 'retry']),
  message: v.optional(text),
  lines: v.optional(v.array(lineSchema)),
  exchangeId: v.optional(text),
  callback: v.optional(
    v.object({
      params: record,
      responseMode: v.picklist(['query', 'fragment', 'form_post']),
      displayUrl: text,
    }),
  ),
  sent: v.optional(draftSchema),
});
const heldTokenSchema = v.object({
  value: text,
  provenance: v.object({
    flowId: text,
    flowTitle: text,
    client: record,
    server: v.picklist(['built-in', 'provider']),
    issuer: text,
    endpoints: endpointsSchema,
    obtainedAt: v.number(),
    audience: v.optional(text),
    nonce: v.optional(text),
    dpopJkt: v.optional(text),
  }),
});
const runSchema = v.object({
  version: v.literal(1),
  flowId: text,
  environment: environmentSchema,
  params: record,
  stepId: text,
  stepIndex: v.number(),
  status: v.picklist(['idle', 'running', 'done', 'error']),
  exchanges: v.array(exchangeSchema),
  values: record,
  results: v.record(v.string(), resultSchema),
  tokens: v.object({
    access_token: v.optional(heldTokenSchema),
    id_token: v.optional(heldTokenSchema),
    refresh_token: v.optional(heldTokenSchema),
  }),
  frame: v.nullable(
    v.object({
      purpose: v.picklist(['authorize', 'verification', 'logout']),
      stepId: v.optional(text),
      url: text,
      page: v.optional(text),
    }),
  ),
});

export function serializeRun(run: RunRecord): string {
  return JSON.stringify(run);
}

/** A stored run, or undefined when the text is not one (corrupt, or from an older version). */
export function parseRun(json: string | null | undefined): RunRecord | undefined {
  if (!json) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = v.safeParse(runSchema, data);
  return parsed.success ? (parsed.output as RunRecord) : undefined;
}
