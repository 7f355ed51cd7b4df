/** What a page that shows a run needs: its first record, the URL kept in step, the worker's trace. */
import { useEffect } from 'react';
import { subscribeTrace, tracedSince } from '../../../lib/server-connection.ts';
import type { FlowDefinition } from '../../flows/index.ts';
import { newRun, type RunEnvironment, type RunRecord, withImplied } from './run-record.ts';
import {
  clearPendingAuthorization,
  loadRun,
  pendingAuthorization,
  takeRedirectCallback,
} from './run-storage.ts';
import type { RunStore } from './run-store.ts';
import { paramsFromSearch, publicValue, searchFromParams } from './url-state.ts';

/** The URL's parameters that differ from the run's (a secret line kept in the extras is no difference). */
function changedBySearch(
  flow: FlowDefinition,
  params: Record<string, string>,
  wanted: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(wanted).filter(([name, value]) => {
      const spec = flow.params.find((p) => p.name === name);
      return spec !== undefined && publicValue(spec, params[name] ?? '') !== value;
    }),
  );
}

/** The saved run when it is this flow's on this server; else a new one holding the tab's tokens. */
export function initialRun(flow: FlowDefinition, environment: RunEnvironment, search: string): RunRecord {
  const saved = loadRun();
  const resumable =
    saved?.flowId === flow.id && saved.environment.endpoints.issuer === environment.endpoints.issuer;
  const run = resumable ? { ...saved, environment } : newRun({ flow, environment, tokens: saved?.tokens });
  const changed = changedBySearch(flow, run.params, paramsFromSearch(flow, search, environment));
  return { ...run, params: { ...run.params, ...withImplied(flow, run.params, changed) } };
}

/** Sets the run's non-secret parameters from a search (the URL is their one source of truth). */
export function applySearch(store: RunStore, environment: RunEnvironment, search: string): void {
  const { flow } = store;
  const changed = changedBySearch(flow, store.get().params, paramsFromSearch(flow, search, environment));
  if (Object.keys(changed).length > 0) store.setParams(changed);
}

/**
 * URL <-> run: the search sets the run's non-secret parameters on load, reload, back and forward;
 * edits write the search back (replacing the entry: no history entry per keystroke).
 */
export function useRunUrl(
  store: RunStore,
  flow: FlowDefinition,
  environment: RunEnvironment,
  search: string,
  replaceSearch: (search: string) => void,
) {
  useEffect(() => applySearch(store, environment, search), [store, environment, search]);

  useEffect(
    () =>
      store.subscribe(() => {
        const next = searchFromParams(flow, store.get().params, environment);
        const now = window.location.search;
        if (next !== now && !(next === '' && now === '?')) replaceSearch(next);
      }),
    [store, flow, environment, replaceSearch],
  );
}

/** The worker's trace while the page is open, and what a full-page redirect left for this run. */
export function useRunTrace(store: RunStore) {
  useEffect(() => subscribeTrace(store.recordTraced), [store]);
  useEffect(() => {
    const result = takeRedirectCallback();
    if (!result) return;
    const pending = pendingAuthorization();
    clearPendingAuthorization();
    store.receiveCallback(result, pending?.stepId);
    // No page listened to the trace at the login and consent pages: ask what the worker saw.
    if (pending?.startedAt !== undefined)
      void tracedSince(pending.startedAt).then(store.mergeWorkerExchanges, () => undefined);
  }, [store]);
}
