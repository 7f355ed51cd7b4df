import { queryOptions } from '@tanstack/react-query';
import type { JSONWebKeySet } from 'jose';
import { appBase } from '../../../lib/app-url.ts';
import { serverClockQueryKey, serverJwksQueryKey } from './query-keys.ts';

/** The in-browser server, same origin: `<base>server/`. */
const serverPath = (path: string) => `${appBase}server/${path}`;

async function getJson(url: string, signal: AbortSignal, what: string): Promise<unknown> {
  const response = await fetch(url, { signal, cache: 'no-store', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${what} answered ${response.status}.`);
  try {
    return await response.json();
  } catch {
    throw new Error(`${what} did not answer JSON.`);
  }
}

export function isJwks(value: unknown): value is JSONWebKeySet {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { keys?: unknown }).keys) &&
    (value as { keys: unknown[] }).keys.every((key) => typeof key === 'object' && key !== null)
  );
}

/** This server's public signing keys. */
export const serverJwksQuery = () =>
  queryOptions({
    queryKey: serverJwksQueryKey,
    queryFn: async ({ signal }) => {
      const body = await getJson(serverPath('.well-known/jwks.json'), signal, "This server's JWKS");
      if (!isJwks(body)) throw new Error('The JWKS has no "keys" array.');
      return body;
    },
    staleTime: 60_000,
  });

export interface ServerClock {
  /** Seconds the server clock is ahead of real time (the UI can move it forward). */
  offsetSeconds: number;
}

/** The server clock: `GET <base>server/admin/clock` -> `{now, offsetSeconds}`. */
export const serverClockQuery = () =>
  queryOptions({
    queryKey: serverClockQueryKey,
    queryFn: async ({ signal }): Promise<ServerClock> => {
      const body = (await getJson(serverPath('admin/clock'), signal, 'The server clock')) as {
        offsetSeconds?: unknown;
      };
      if (typeof body?.offsetSeconds !== 'number') throw new Error('The server clock has no offsetSeconds.');
      return { offsetSeconds: body.offsetSeconds };
    },
    staleTime: 5_000,
    retry: false,
  });
