/**
 * The commands of one run: a small external store over a `RunRecord`, created by the page that
 * shows the run (`RunProvider`) and handed down; nothing here is module-level state.
 *
 *   store.get() / store.subscribe(listener)   the record (a new object on every change)
 *   setParams(partial)      change parameters (with what they imply, see ParamSpec.implies)
 *   start({ fresh })        new attempt: generated parameters filled where blank (fresh: always)
 *   reset()                 back to the flow's defaults
 *   goToStep(id), nextStep()
 *   runStep(id?, options)   perform a step: derive, send, open /authorize (frame or redirect)
 *   waitForStep(id)         resolves once the step is no longer pending
 *   send(draft)             send a request for the app and add it to the timeline
 *   receiveCallback(result) the /authorize result, from the frame or after a redirect
 *   setTokens(tokens, provenance), clearTokens()
 */

import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { jsonBody, sendDraft } from '../../../lib/http/send.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import type {
  CallbackResult,
  FlowDefinition,
  Line,
  StepDefinition,
  StepOutcome,
  TokenSet,
} from '../../flows/index.ts';
import {
  type FrameState,
  fillGenerated,
  flowContext,
  type HeldTokens,
  newRun,
  type RunRecord,
  type StepResult,
  TOKEN_NAMES,
  type TokenProvenance,
  tokenValues,
  withImplied,
} from './run-record.ts';

export interface RunStepOptions {
  /** Send this request instead of the one the step builds (edited raw HTTP). */
  draft?: HttpRequestDraft;
  /** Authorize steps: in the in-page frame (default) or as a full-page redirect. */
  mode?: 'frame' | 'redirect';
}

export interface RunStoreOptions {
  flow: FlowDefinition;
  initial: RunRecord;
  /** Called with every new record (sessionStorage, so that a full-page redirect comes back to it). */
  persist?: (run: RunRecord) => void;
  /** A full-page redirect to the authorization endpoint (the page leaves). */
  redirect?: (url: string, run: RunRecord, stepId: string) => void;
  send?: (draft: HttpRequestDraft) => Promise<HttpExchange>;
}

export type RunStore = ReturnType<typeof createRunStore>;

export function createRunStore(options: RunStoreOptions) {
  const { flow } = options;
  const send = options.send ?? sendDraft;
  let run = options.initial;
  const listeners = new Set<() => void>();

  const get = () => run;
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  const update = (patch: Partial<RunRecord> | ((current: RunRecord) => Partial<RunRecord>)) => {
    const partial = typeof patch === 'function' ? patch(run) : patch;
    if (Object.keys(partial).length === 0) return;
    run = { ...run, ...partial };
    options.persist?.(run);
    for (const listener of listeners) listener();
  };
  const findStep = (id: string) => flow.steps.find((s) => s.id === id);

  const setParams = (partial: Record<string, string>) =>
    update((current) => {
      const patch = withImplied(flow, current.params, partial);
      const changed = Object.entries(patch).some(([k, value]) => current.params[k] !== value);
      return changed ? { params: { ...current.params, ...patch } } : {};
    });

  const start = (startOptions: { fresh?: boolean } = {}) => {
    const params = { ...run.params };
    if (startOptions.fresh) for (const spec of flow.params) if (spec.generate) params[spec.name] = '';
    update({
      params: fillGenerated(flow, params, tokenValues(run.tokens)),
      status: 'running',
      stepIndex: 0,
      stepId: flow.steps[0]?.id ?? '',
      values: {},
      results: {},
      exchanges: [],
      frame: null,
    });
  };

  const reset = () => update(newRun({ flow, environment: run.environment, tokens: run.tokens }));

  const goToStep = (id: string) => {
    const index = flow.steps.findIndex((s) => s.id === id);
    if (index !== -1) update({ stepId: id, stepIndex: index });
  };

  const nextStep = () => {
    const next = flow.steps[run.stepIndex + 1];
    if (next) goToStep(next.id);
  };

  const recordExchange = (exchange: HttpExchange) =>
    update((current) =>
      current.exchanges.some((e) => e.id === exchange.id)
        ? {}
        : { exchanges: [...current.exchanges, exchange] },
    );

  const sendAndRecord = async (draft: HttpRequestDraft) => {
    const exchange = await send(draft);
    recordExchange(exchange);
    return exchange;
  };

  /** Tokens with where they came from; `provenance` defaults to this run's flow, client and server. */
  const provenanceOf = (outcome: StepOutcome): TokenProvenance => ({
    flowId: flow.id,
    flowTitle: flow.title,
    client: outcome.issuedTo ?? {},
    server: run.environment.server,
    issuer: run.environment.endpoints.issuer,
    endpoints: run.environment.endpoints,
    obtainedAt: Date.now(),
    ...outcome.expect,
  });

  const heldFrom = (tokens: TokenSet, provenance: TokenProvenance): HeldTokens => {
    const held: HeldTokens = {};
    for (const name of TOKEN_NAMES) {
      const value = tokens[name];
      if (value) held[name] = { value, provenance };
    }
    return held;
  };

  const setTokens = (tokens: TokenSet, provenance: TokenProvenance) =>
    update((current) => ({ tokens: { ...current.tokens, ...heldFrom(tokens, provenance) } }));

  const clearTokens = () => update({ tokens: {} });

  const openFrame = (frame: FrameState | null) => update({ frame });

  const applyOutcome = (step: StepDefinition, outcome: StepOutcome, extra: Partial<StepResult> = {}) => {
    const last = flow.steps.findIndex((s) => s.id === step.id) === flow.steps.length - 1;
    const received = outcome.tokens ? heldFrom(outcome.tokens, provenanceOf(outcome)) : {};
    update((current) => {
      const results = {
        ...current.results,
        [step.id]: {
          ...extra,
          status: outcome.ok ? 'ok' : outcome.retry ? 'retry' : 'error',
          message: outcome.message,
          lines: outcome.lines,
        } satisfies StepResult,
      };
      const values = { ...current.values, ...outcome.values };
      const tokens = { ...current.tokens, ...received };
      if (!outcome.ok) return { results, values, tokens, status: outcome.retry ? 'running' : 'error' };
      // The step stays on screen with its result; the learner moves on with "Next step".
      return { results, values, tokens, status: last ? 'done' : 'running' };
    });
  };

  const openAuthorization = (stepId: string, draft: HttpRequestDraft, mode: 'frame' | 'redirect') => {
    update((current) => ({
      results: {
        ...current.results,
        [stepId]: { status: 'pending', message: 'Waiting for the callback…', sent: draft },
      },
      frame: mode === 'frame' ? { purpose: 'authorize', stepId, url: draft.url } : null,
    }));
    if (mode === 'redirect') options.redirect?.(draft.url, run, stepId);
  };

  const runStep = async (
    stepId: string = run.stepId,
    stepOptions: RunStepOptions = {},
  ): Promise<StepResult | undefined> => {
    const step = findStep(stepId);
    if (!step) return undefined;
    if (run.status === 'idle') start();
    const ctx = flowContext(run);
    switch (step.kind) {
      case 'prepare': {
        applyOutcome(step, await step.prepare(ctx));
        break;
      }
      case 'http': {
        const draft = stepOptions.draft ?? step.build(ctx);
        const lines: Line[] = [];
        const attempt = async () => {
          const finished = step.finish ? await step.finish(flowContext(run), draft) : { draft };
          const values = finished.values;
          if (values) update((current) => ({ values: { ...current.values, ...values } }));
          lines.push(...(finished.lines ?? []));
          return sendAndRecord(finished.draft);
        };
        let exchange = await attempt();
        // The step may ask once to send again with what the answer said (a server nonce).
        const again = step.again?.(flowContext(run), exchange, jsonBody(exchange));
        if (again) {
          update((current) => ({ values: { ...current.values, ...again } }));
          exchange = await attempt();
        }
        const outcome = step.onResponse(flowContext(run), exchange, jsonBody(exchange));
        applyOutcome(
          step,
          lines.length ? { ...outcome, lines: [...lines, ...(outcome.lines ?? [])] } : outcome,
          { exchangeId: exchange.id },
        );
        break;
      }
      case 'authorize': {
        openAuthorization(step.id, stepOptions.draft ?? step.build(ctx), stepOptions.mode ?? 'frame');
        break;
      }
      case 'device-verification': {
        const url = step.url(ctx);
        const page = step.page ?? 'verification page';
        update((current) => ({
          frame: url ? { purpose: 'verification', stepId: step.id, url, page } : current.frame,
        }));
        applyOutcome(step, {
          ok: true,
          message: `The ${page} is open in the second-device pane. Poll in the next step.`,
        });
        break;
      }
    }
    return run.results[step.id];
  };

  const waitForStep = (stepId: string, timeoutMs = 180_000): Promise<StepResult | undefined> =>
    new Promise((resolve) => {
      const settled = () => {
        const result = run.results[stepId];
        return result && result.status !== 'pending' ? result : undefined;
      };
      const now = settled();
      if (now) {
        resolve(now);
        return;
      }
      const timer = setTimeout(() => {
        unsubscribe();
        resolve(run.results[stepId]);
      }, timeoutMs);
      const unsubscribe = subscribe(() => {
        const result = settled();
        if (!result) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(result);
      });
    });

  /** The /authorize result reaches the run: from the frame, or after a redirect through /callback. */
  const receiveCallback = (result: CallbackResult, stepIdHint?: string) => {
    const stepId =
      stepIdHint ?? (run.frame?.purpose === 'authorize' ? run.frame.stepId : undefined) ?? run.stepId;
    const step = findStep(stepId ?? '');
    if (step?.kind !== 'authorize') return;
    const sent = run.results[step.id]?.sent ?? step.build(flowContext(run));
    applyOutcome(step, step.onCallback(flowContext(run), result, sent), { callback: result, sent });
  };

  /**
   * The frame stayed at the authorization endpoint: the server answered with an error page instead of
   * redirecting (unknown client or redirect URI mismatch, RFC 6749 §4.1.2.1). `pageText` is its text.
   */
  const reportAuthorizeErrorPage = (stepId: string, pageText: string) => {
    if (run.results[stepId]?.status !== 'pending') return;
    update((current) => ({
      status: 'error',
      results: {
        ...current.results,
        [stepId]: {
          ...current.results[stepId],
          status: 'error',
          message: `The server showed an error page instead of redirecting back: ${pageText}`,
        },
      },
    }));
  };

  /** Adds the worker's navigations (frames, redirects) to the run: deduplicated, ordered by start. */
  const mergeWorkerExchanges = (traced: readonly HttpExchange[]) => {
    const navigations = traced.filter((e) => e.kind === 'navigate');
    if (navigations.length === 0) return;
    update((current) => {
      const known = new Set(current.exchanges.map((e) => e.id));
      const added = navigations
        .filter((e) => !known.has(e.id))
        .map((e) => ({ ...e, source: 'worker' as const }));
      if (added.length === 0) return {};
      return { exchanges: [...current.exchanges, ...added].sort((a, b) => a.startedAt - b.startedAt) };
    });
  };

  /** One exchange from the worker's live trace: navigations inside frames belong to a started run. */
  const recordTraced = (exchange: HttpExchange) => {
    if (run.status === 'idle' || exchange.kind !== 'navigate') return;
    recordExchange({ ...exchange, source: 'worker' });
  };

  return {
    flow,
    get,
    subscribe,
    setParams,
    start,
    reset,
    goToStep,
    nextStep,
    runStep,
    waitForStep,
    send: sendAndRecord,
    recordExchange,
    mergeWorkerExchanges,
    recordTraced,
    openFrame,
    receiveCallback,
    reportAuthorizeErrorPage,
    setTokens,
    clearTokens,
    /** Replaces the record (a share link's restored state). */
    replace: (next: RunRecord) => update(next),
  };
}
