import { useSyncExternalStore } from 'react';
import type { ProviderEndpoints } from './discovery.ts';

/**
 * The provider the playground points at: null for the built-in in-browser server. Kept in the
 * tab's sessionStorage only (client id and secret included), never in localStorage or the URL.
 */
export interface ActiveProvider {
  endpoints: ProviderEndpoints;
  /** How the endpoints were found. */
  source: 'discovery' | 'manual';
  clientId: string;
  clientSecret: string;
  scopesSupported: string[];
}

export const PROVIDER_STORAGE_KEY = 'oauth-playground:provider';

function isProvider(value: unknown): value is ActiveProvider {
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  const endpoints = p.endpoints as Record<string, unknown> | undefined;
  return (
    typeof p.clientId === 'string' &&
    typeof p.clientSecret === 'string' &&
    !!endpoints &&
    typeof endpoints.issuer === 'string' &&
    typeof endpoints.authorization === 'string' &&
    typeof endpoints.token === 'string'
  );
}

function read(): ActiveProvider | null {
  try {
    const text = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(PROVIDER_STORAGE_KEY);
    if (!text) return null;
    const value: unknown = JSON.parse(text);
    return isProvider(value)
      ? {
          ...value,
          scopesSupported: Array.isArray(value.scopesSupported) ? value.scopesSupported : [],
          source: value.source === 'manual' ? 'manual' : 'discovery',
        }
      : null;
  } catch {
    return null;
  }
}

let current: ActiveProvider | null = read();
const listeners = new Set<() => void>();

export function getActiveProvider(): ActiveProvider | null {
  return current;
}

export function subscribeProvider(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setActiveProvider(provider: ActiveProvider | null): void {
  current = provider;
  try {
    if (provider) sessionStorage.setItem(PROVIDER_STORAGE_KEY, JSON.stringify(provider));
    else sessionStorage.removeItem(PROVIDER_STORAGE_KEY);
  } catch {
    // Storage unavailable: the choice lasts until the page is reloaded.
  }
  for (const listener of listeners) listener();
}

/** The other provider the runner should use, or null for the built-in server. */
export function useActiveProvider(): ActiveProvider | null {
  return useSyncExternalStore(subscribeProvider, getActiveProvider, getActiveProvider);
}
