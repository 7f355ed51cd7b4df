import { useEffect, useSyncExternalStore } from 'react';
import type { TraceExchange } from '../../shared/trace.ts';
import { pageBrowserStore } from './model/page-mode.ts';
import { registerServer, reloadServer, statusStore } from './model/register.ts';
import type { ServerStatusKind } from './model/status.ts';
import { traceRecorder } from './model/trace.ts';

export interface ServerStatus {
  status: ServerStatusKind;
  message?: string;
  /** Once ready: `worker` (the service worker), or `page` (the core runs in this page, in memory). */
  mode?: 'worker' | 'page';
  /** Page mode: why no service worker serves this page. */
  reason?: string;
  /** True when requests to the server work: `ready`, and `update-available` (the old version still serves). */
  usable: boolean;
  /** Takes the waiting new version, or reloads the page to retry after an error. */
  reload(): void;
}

/** The in-browser server's state; starts the server on first use. */
export function useServerStatus(): ServerStatus {
  useEffect(() => {
    void registerServer();
  }, []);
  const snapshot = useSyncExternalStore(statusStore.subscribe, statusStore.get, statusStore.get);
  return {
    ...snapshot,
    usable: snapshot.status === 'ready' || snapshot.status === 'update-available',
    reload: reloadServer,
  };
}

/** Every exchange the in-browser server handled since the app started listening (latest last). */
export function useTrace(): { exchanges: readonly TraceExchange[]; clear(): void } {
  const exchanges = useSyncExternalStore(traceRecorder.subscribe, traceRecorder.get, traceRecorder.get);
  return { exchanges, clear: traceRecorder.clear };
}

/**
 * True when the server's pages must show in the worker-less in-page browser: the server runs in
 * the page, or the app is in a cross-site frame (see requirePageBrowser).
 */
export function usePageBrowser(): boolean {
  return useSyncExternalStore(pageBrowserStore.subscribe, pageBrowserStore.get, pageBrowserStore.get);
}
