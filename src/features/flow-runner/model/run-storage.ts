/**
 * The run in the tab's sessionStorage (never in the URL or localStorage): a full-page redirect to
 * /authorize comes back to the same step, with its state, nonce and code_verifier, and the tokens
 * outlive the run for the next flow (refresh, exchange).
 */
import type { CallbackResult } from '../../flows/index.ts';
import { type HeldTokens, parseRun, type RunRecord, serializeRun } from './run-record.ts';

const RUN_KEY = 'oauth-playground:run';
const PENDING_KEY = 'oauth-playground:pending-authorization';
const CALLBACK_KEY = 'oauth-playground:callback-result';

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

export function saveRun(run: RunRecord): void {
  try {
    storage()?.setItem(RUN_KEY, serializeRun(run));
  } catch {
    // Storage full or unavailable: the run still works in memory.
  }
}

/** The last run of this tab, if any and readable. */
export function loadRun(): RunRecord | undefined {
  return parseRun(storage()?.getItem(RUN_KEY));
}

/** The tokens held in this tab (from the last run), with their provenance. */
export function loadHeldTokens(): HeldTokens {
  return loadRun()?.tokens ?? {};
}

/** What a full-page redirect leaves behind for /callback: which run, which state, where to return. */
export interface PendingAuthorization {
  flowId: string;
  stepId: string;
  state: string;
  /** When the app left (epoch ms): the worker's trace since then is the redirect's exchanges. */
  startedAt?: number;
  /** The flow page to go back to (path and search, within the app). */
  returnTo?: string;
}

export function savePendingAuthorization(pending: PendingAuthorization): void {
  storage()?.setItem(PENDING_KEY, JSON.stringify(pending));
}

/** The authorization that a full-page redirect is waiting for, if any. */
export function pendingAuthorization(): PendingAuthorization | undefined {
  try {
    const text = storage()?.getItem(PENDING_KEY);
    const value: unknown = text ? JSON.parse(text) : undefined;
    if (!value || typeof value !== 'object') return undefined;
    const p = value as Record<string, unknown>;
    if (typeof p.flowId !== 'string' || typeof p.stepId !== 'string' || typeof p.state !== 'string')
      return undefined;
    return {
      flowId: p.flowId,
      stepId: p.stepId,
      state: p.state,
      startedAt: typeof p.startedAt === 'number' ? p.startedAt : undefined,
      returnTo: typeof p.returnTo === 'string' && p.returnTo.startsWith('/') ? p.returnTo : undefined,
    };
  } catch {
    return undefined;
  }
}

export function clearPendingAuthorization(): void {
  storage()?.removeItem(PENDING_KEY);
}

/** Called by /callback after a full-page redirect: keep the result for the flow page. */
export function storeRedirectCallback(result: CallbackResult): void {
  storage()?.setItem(CALLBACK_KEY, JSON.stringify(result));
}

/** Called when the flow page mounts: the result left by /callback, taken once. */
export function takeRedirectCallback(): CallbackResult | undefined {
  const store = storage();
  const text = store?.getItem(CALLBACK_KEY);
  if (!text) return undefined;
  store?.removeItem(CALLBACK_KEY);
  try {
    const value = JSON.parse(text) as CallbackResult;
    return value && typeof value === 'object' && value.params ? value : undefined;
  } catch {
    return undefined;
  }
}
