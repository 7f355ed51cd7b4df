/**
 * The run model: one flow run at a time, in a tiny external store (useSyncExternalStore-friendly).
 *
 * Read:
 *   getRunSnapshot(): RunSnapshot       the current run (a new object on every change)
 *   subscribeRun(listener): unsubscribe  called after every change
 *   useRun(): RunSnapshot                React hook over the two above
 *
 * RunSnapshot (stable contract; other features rely on it):
 *   flowId      the flow (`auth-code-pkce`...)
 *   params      Record<string, string>: every parameter of the flow (secret ones too; see `secretParams`)
 *   stepId      the current step's id; stepIndex its index in the flow's steps
 *   status      'idle' (not started) | 'running' | 'done' (last step succeeded) | 'error' (last attempt failed)
 *   exchanges   HttpExchange[]: every request the app made for this run (source 'app') and the ones the
 *               in-browser server traced inside frames and redirects (source 'worker'), oldest first
 *   tokens      { access_token?, id_token?, refresh_token? }: the latest tokens; they outlive a run
 * plus, for the runner: `values` (what steps produced: code, code_challenge, device_code...),
 * `results` (per step: verdict, lines), `frame` (what the in-page browser shows).
 *
 * Commands:
 *   selectFlow(id)        switch to a flow (params reset to its defaults unless it is already selected)
 *   setParams(partial)    change parameters
 *   startFlow(options?)   new run: state/nonce/verifier generated where blank ({fresh: true}: always),
 *                         first step, exchanges cleared
 *   goToStep(id)          move to a step
 *   runStep(id?, options) perform a step (send its request, open /authorize...); see RunStepOptions
 *   nextStep(), resetRun(), waitForStep(id), sendAndRecord(draft), recordExchange(exchange),
 *   configureEnvironment({endpoints, paramDefaults}) (another provider), clearTokens()
 *
 * The run is kept in sessionStorage (never in the URL), so a full-page redirect to /authorize
 * comes back to the same step with its state, nonce and code_verifier.
 */
import { useSyncExternalStore } from 'react';
import { callbackUrl, appUrl as currentAppUrl, issuerUrl } from '../../../lib/app-url.ts';
import { formatRawRequest, type HttpRequestDraft } from '../../../lib/http/draft.ts';
import { jsonBody, sendDraft } from '../../../lib/http/send.ts';
import { subscribeTrace, tracedSince } from '../../../lib/server-connection.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import type {
  CallbackResult,
  Endpoints,
  FlowContext,
  FlowDefinition,
  FlowEnv,
  FlowId,
  Line,
  StepDefinition,
  StepOutcome,
  TokenSet,
} from '../../flows/index.ts';
import { findFlow, flows, serverEndpoints } from '../../flows/index.ts';

export type RunStatus = 'idle' | 'running' | 'done' | 'error';

export interface StepResult {
  status: 'pending' | 'ok' | 'error' | 'retry';
  message?: string;
  lines?: Line[];
  /** The exchange that produced this result (the app's request), if any. */
  exchangeId?: string;
  callback?: CallbackResult;
}

export interface FrameState {
  /** Why the frame is open: an /authorize step, the device's second screen, a logout. */
  purpose: 'authorize' | 'device' | 'logout';
  stepId?: string;
  url: string;
}

export interface RunSnapshot {
  flowId: FlowId;
  params: Record<string, string>;
  stepId: string;
  stepIndex: number;
  status: RunStatus;
  exchanges: HttpExchange[];
  tokens: TokenSet;
  values: Record<string, string>;
  results: Record<string, StepResult>;
  frame: FrameState | null;
}

export interface RunStepOptions {
  /** Send this request instead of the one the step builds (edited raw HTTP). */
  draft?: HttpRequestDraft;
  /** Authorize steps: in the in-page frame (default) or as a full-page redirect. */
  mode?: 'frame' | 'redirect';
}

/** sessionStorage, or undefined where the browser refuses it (a third-party frame, storage blocked). */
function tabStorage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

const STORAGE_KEY = 'oauth-playground:run';
const PENDING_KEY = 'oauth-playground:pending-authorization';
const CALLBACK_KEY = 'oauth-playground:callback-result';

/** What a full-page redirect leaves behind for /callback: which run and which state to expect. */
export interface PendingAuthorization {
  flowId: FlowId;
  stepId: string;
  state: string;
  /** When the app left (epoch ms): the worker's trace since then is the redirect's exchanges. */
  startedAt?: number;
}

// ---------------------------------------------------------------------------------------------
// Environment

function defaultEndpoints(): Endpoints {
  return serverEndpoints(typeof window === 'undefined' ? 'http://localhost/server/' : issuerUrl());
}

let env: FlowEnv | undefined;
export function getEnvironment(): FlowEnv {
  env ??= {
    endpoints: defaultEndpoints(),
    redirectUri: typeof window === 'undefined' ? 'http://localhost/callback' : callbackUrl(),
    appUrl: typeof window === 'undefined' ? 'http://localhost/' : currentAppUrl(),
  };
  return env;
}

/** Point the flows at other endpoints (another provider); the in-browser server is the default. */
export function configureEnvironment(next: Partial<FlowEnv>): void {
  env = { ...getEnvironment(), ...next };
  emit();
}

// ---------------------------------------------------------------------------------------------
// State

export function defaultParams(flow: FlowDefinition): Record<string, string> {
  const environment = getEnvironment();
  const params: Record<string, string> = {};
  for (const spec of flow.params) {
    params[spec.name] = typeof spec.default === 'function' ? spec.default(environment) : (spec.default ?? '');
    const override = environment.paramDefaults?.[spec.name];
    if (override !== undefined) params[spec.name] = override;
  }
  return params;
}

/** Names of the flow's secret parameters: never in the URL, masked in the timeline. */
export function secretParams(flowId: FlowId): Set<string> {
  return new Set(
    findFlow(flowId)
      ?.params.filter((p) => p.secret)
      .map((p) => p.name) ?? [],
  );
}

/** Blank generated parameters get fresh values, blank token parameters the tokens obtained earlier. */
function fillGenerated(
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

function initialRun(flowId: FlowId, tokens: TokenSet = {}): RunSnapshot {
  const flow = findFlow(flowId) ?? flows[0];
  if (!flow) throw new Error('No flows are defined.');
  return {
    flowId: flow.id,
    params: fillGenerated(flow, defaultParams(flow), tokens),
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

function load(): RunSnapshot {
  try {
    const text = tabStorage()?.getItem(STORAGE_KEY);
    if (text) {
      const saved = JSON.parse(text) as RunSnapshot;
      if (findFlow(saved.flowId)) return { ...initialRun(saved.flowId), ...saved };
    }
  } catch {
    // A corrupt saved run is dropped.
  }
  return initialRun('auth-code-pkce');
}

let snapshot: RunSnapshot = load();
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

function update(patch: Partial<RunSnapshot> | ((run: RunSnapshot) => Partial<RunSnapshot>)) {
  const partial = typeof patch === 'function' ? patch(snapshot) : patch;
  snapshot = { ...snapshot, ...partial };
  try {
    tabStorage()?.setItem(STORAGE_KEY, JSON.stringify(snapshot));
  } catch {
    // Storage full or unavailable: the run still works in memory.
  }
  emit();
}

export function getRunSnapshot(): RunSnapshot {
  return snapshot;
}

export function subscribeRun(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRun(): RunSnapshot {
  return useSyncExternalStore(subscribeRun, getRunSnapshot, getRunSnapshot);
}

export function currentFlow(run: RunSnapshot = snapshot): FlowDefinition {
  const flow = findFlow(run.flowId);
  if (!flow) throw new Error(`Unknown flow ${run.flowId}`);
  return flow;
}

export function flowContext(run: RunSnapshot = snapshot): FlowContext {
  return { ...getEnvironment(), params: run.params, values: run.values, tokens: run.tokens };
}

/** The request a step would send now, from the current parameters and values. */
export function buildStepDraft(
  step: StepDefinition,
  run: RunSnapshot = snapshot,
): HttpRequestDraft | undefined {
  if (step.kind === 'authorize' || step.kind === 'http') return step.build(flowContext(run));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Commands

export function selectFlow(id: FlowId): void {
  if (snapshot.flowId === id) return;
  update(initialRun(id, snapshot.tokens));
}

export function setParams(partial: Record<string, string>): void {
  update((run) => ({ params: { ...run.params, ...partial } }));
}

/**
 * A new run: generated parameters filled where blank, tokens picked where asked, first step.
 * `fresh` also replaces state, nonce and code_verifier ("Start over").
 */
export function startFlow(options: { fresh?: boolean } = {}): void {
  const flow = currentFlow();
  const params = { ...snapshot.params };
  if (options.fresh) for (const spec of flow.params) if (spec.generate) params[spec.name] = '';
  Object.assign(params, fillGenerated(flow, params, snapshot.tokens));
  update({
    params,
    status: 'running',
    stepIndex: 0,
    stepId: flow.steps[0]?.id ?? '',
    values: {},
    results: {},
    exchanges: [],
    frame: null,
  });
}

/** Back to the flow's defaults, with fresh state, nonce and verifier on the next start. */
export function resetRun(): void {
  update(initialRun(snapshot.flowId, snapshot.tokens));
}

/** Moves to the step after the current one. */
export function nextStep(): void {
  const next = currentFlow().steps[snapshot.stepIndex + 1];
  if (next) goToStep(next.id);
}

export function goToStep(id: string): void {
  const index = currentFlow().steps.findIndex((s) => s.id === id);
  if (index === -1) return;
  update({ stepId: id, stepIndex: index });
}

export function clearTokens(): void {
  update({ tokens: {} });
}

/** Adds an exchange the app made outside a step (the "use the tokens" panel) to the run. */
export function recordExchange(exchange: HttpExchange): void {
  update((run) =>
    run.exchanges.some((e) => e.id === exchange.id) ? {} : { exchanges: [...run.exchanges, exchange] },
  );
}

/** Sends a request for the app and records it in the run's timeline. */
export async function sendAndRecord(draft: HttpRequestDraft): Promise<HttpExchange> {
  const exchange = await sendDraft(draft);
  recordExchange(exchange);
  return exchange;
}

export function setTokens(tokens: TokenSet): void {
  update((run) => ({ tokens: { ...run.tokens, ...tokens } }));
}

export function openFrame(frame: FrameState | null): void {
  update({ frame });
}

function applyOutcome(step: StepDefinition, outcome: StepOutcome, extra: Partial<StepResult> = {}) {
  const flow = currentFlow();
  const last = flow.steps.findIndex((s) => s.id === step.id) === flow.steps.length - 1;
  update((run) => {
    const results = {
      ...run.results,
      [step.id]: {
        status: outcome.ok ? 'ok' : outcome.retry ? 'retry' : 'error',
        message: outcome.message,
        lines: outcome.lines,
        ...extra,
      } satisfies StepResult,
    };
    const values = { ...run.values, ...outcome.values };
    const tokens = { ...run.tokens, ...outcome.tokens };
    if (!outcome.ok) return { results, values, tokens, status: outcome.retry ? 'running' : 'error' };
    // The step stays on screen with its result; the learner moves on with "Next step".
    return { results, values, tokens, status: last ? 'done' : 'running' };
  });
}

/** Performs a step: derive, send, or open /authorize. Returns the step's outcome once known. */
export async function runStep(
  stepId: string = snapshot.stepId,
  options: RunStepOptions = {},
): Promise<StepResult | undefined> {
  const flow = currentFlow();
  const step = flow.steps.find((s) => s.id === stepId);
  if (!step) return undefined;
  if (snapshot.status === 'idle') startFlow();
  const ctx = flowContext();
  switch (step.kind) {
    case 'prepare': {
      applyOutcome(step, await step.prepare(ctx));
      break;
    }
    case 'http': {
      const draft = options.draft ?? step.build(ctx);
      const exchange = await sendAndRecord(draft);
      applyOutcome(step, step.onResponse(flowContext(), exchange, jsonBody(exchange)), {
        exchangeId: exchange.id,
      });
      break;
    }
    case 'authorize': {
      const draft = options.draft ?? step.build(ctx);
      openAuthorization(flow, step.id, draft.url, options.mode ?? 'frame');
      break;
    }
    case 'device-verification': {
      const url = step.url(ctx);
      update((run) => ({ frame: url ? { purpose: 'device', stepId: step.id, url } : run.frame }));
      applyOutcome(step, {
        ok: true,
        message: 'The verification page is open in the second-device pane. Poll in the next step.',
      });
      break;
    }
  }
  return snapshot.results[step.id];
}

function openAuthorization(flow: FlowDefinition, stepId: string, url: string, mode: 'frame' | 'redirect') {
  const sent = new URL(url);
  const values = {
    sent_state: sent.searchParams.get('state') ?? '',
    sent_nonce: sent.searchParams.get('nonce') ?? '',
    sent_response_mode: sent.searchParams.get('response_mode') ?? '',
  };
  update((run) => ({
    values: { ...run.values, ...values },
    results: { ...run.results, [stepId]: { status: 'pending', message: 'Waiting for the callback…' } },
    frame: mode === 'frame' ? { purpose: 'authorize', stepId, url } : null,
  }));
  if (mode === 'redirect') {
    const pending: PendingAuthorization = {
      flowId: flow.id,
      stepId,
      state: values.sent_state,
      startedAt: Date.now(),
    };
    tabStorage()?.setItem(PENDING_KEY, JSON.stringify(pending));
    window.location.assign(url);
  }
}

/** Resolves with a step's result once it is no longer pending (an /authorize in the frame). */
export function waitForStep(stepId: string, timeoutMs = 180_000): Promise<StepResult | undefined> {
  return new Promise((resolve) => {
    const settled = () => {
      const result = snapshot.results[stepId];
      return result && result.status !== 'pending' ? result : undefined;
    };
    const now = settled();
    if (now) {
      resolve(now);
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(snapshot.results[stepId]);
    }, timeoutMs);
    const unsubscribe = subscribeRun(() => {
      const result = settled();
      if (!result) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(result);
    });
  });
}

/** The authorization that a full-page redirect is waiting for, if any. */
export function pendingAuthorization(): PendingAuthorization | undefined {
  try {
    const text = tabStorage()?.getItem(PENDING_KEY);
    return text ? (JSON.parse(text) as PendingAuthorization) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The callback's result reaches the run: from the frame (postMessage) or, after a full-page
 * redirect, from /callback through sessionStorage.
 */
export function receiveCallback(result: CallbackResult): void {
  const flow = currentFlow();
  const stepId = snapshot.frame?.purpose === 'authorize' ? snapshot.frame.stepId : snapshot.stepId;
  const step = flow.steps.find((s) => s.id === stepId && s.kind === 'authorize');
  if (step?.kind !== 'authorize') return;
  tabStorage()?.removeItem(PENDING_KEY);
  // The worker hands a form_post's fields to /callback in the fragment.
  const received: CallbackResult =
    snapshot.values.sent_response_mode === 'form_post' && result.responseMode === 'fragment'
      ? { ...result, responseMode: 'form_post' }
      : result;
  applyOutcome(step, step.onCallback(flowContext(), received), { callback: received });
}

/**
 * The frame stayed at /authorize: the server answered with an error page instead of redirecting
 * (unknown client or redirect URI mismatch, RFC 6749 §4.1.2.1). `pageText` is the page's text.
 */
export function reportAuthorizeErrorPage(stepId: string, pageText: string): void {
  if (snapshot.results[stepId]?.status !== 'pending') return;
  update((run) => ({
    status: 'error',
    results: {
      ...run.results,
      [stepId]: {
        status: 'error',
        message: `The server showed an error page instead of redirecting back: ${pageText}`,
      },
    },
  }));
}

/** Called by /callback after a full-page redirect: keep the result for the flow page. */
export function storeRedirectCallback(result: CallbackResult): void {
  tabStorage()?.setItem(CALLBACK_KEY, JSON.stringify(result));
}

/** Called when the flow page mounts: apply a result left by /callback. */
export function consumeRedirectCallback(): void {
  const text = tabStorage()?.getItem(CALLBACK_KEY);
  if (!text) return;
  tabStorage()?.removeItem(CALLBACK_KEY);
  const pending = pendingAuthorization();
  try {
    receiveCallback(JSON.parse(text) as CallbackResult);
  } catch {
    // A corrupt entry is dropped.
  }
  if (pending?.startedAt !== undefined) void recordTracedSince(pending.startedAt);
}

/** Adds the worker's exchanges (navigations) to the run: deduplicated by id, all ordered by start. */
export function mergeWorkerExchanges(traced: readonly HttpExchange[]): void {
  const navigations = traced.filter((e) => e.kind === 'navigate');
  if (navigations.length === 0) return;
  update((run) => {
    const known = new Set(run.exchanges.map((e) => e.id));
    const added = navigations
      .filter((e) => !known.has(e.id))
      .map((e) => ({ ...e, source: 'worker' as const }));
    if (added.length === 0) return {};
    return { exchanges: [...run.exchanges, ...added].sort((a, b) => a.startedAt - b.startedAt) };
  });
}

/**
 * After a full-page redirect: no page listened to the trace while the user was at the login and
 * consent pages, so ask the worker what it traced since the app left.
 */
async function recordTracedSince(since: number): Promise<void> {
  mergeWorkerExchanges(await tracedSince(since));
}

/** The raw HTTP text a step will send (for display and editing). */
export function rawStepRequest(step: StepDefinition, run: RunSnapshot = snapshot): string | undefined {
  const draft = buildStepDraft(step, run);
  return draft ? formatRawRequest(draft) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The worker's trace: navigations inside frames and redirects belong to the running flow.

if (typeof window !== 'undefined') {
  subscribeTrace((exchange) => {
    if (snapshot.status === 'idle') return;
    if (exchange.kind !== 'navigate' && exchange.source !== 'worker') return;
    if (exchange.kind === 'fetch') return; // the app's own fetches are recorded with source 'app'
    recordExchange({ ...exchange, source: 'worker' });
  });
}
