import type { PrecacheManifest } from './protocol.ts';

declare const self: ServiceWorkerGlobalScope & { __PRECACHE_MANIFEST?: PrecacheManifest };

const PREFIX = 'oauth-playground-precache-';

/** The build's manifest (dev: none, so nothing is precached and everything goes to the network). */
export const manifest: PrecacheManifest = self.__PRECACHE_MANIFEST ?? { version: 'dev', files: [] };

const cacheName = `${PREFIX}${manifest.version}`;

export function precacheUrls(scope: string): string[] {
  return manifest.files.map((file) => new URL(file, scope).href);
}

/** Install: fetch the app shell and every built asset (best effort: a missing file does not block). */
export async function precache(scope: string): Promise<void> {
  if (manifest.files.length === 0) return;
  const cache = await caches.open(cacheName);
  await Promise.allSettled(
    precacheUrls(scope).map(async (url) => {
      if (await cache.match(url)) return;
      await cache.add(new Request(url, { cache: 'reload' }));
    }),
  );
}

/** Activate: drop the caches of previous builds. */
export async function dropOldCaches(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(
    names.filter((n) => n.startsWith(PREFIX) && n !== cacheName).map((n) => caches.delete(n)),
  );
}

/** A built asset: its name holds its hash, so the cached copy is the right one. */
export async function fromPrecache(request: Request): Promise<Response> {
  // Servers send `Vary: Origin` (vite preview does); a module script's request carries an Origin
  // the install's fetch did not, so Vary must not make the cached copy miss.
  const cached = await caches.match(request, { cacheName, ignoreSearch: true, ignoreVary: true });
  return cached ?? fetch(request);
}

/** A navigation: the network, or the app shell when the network is gone (offline after the first visit). */
export async function navigate(request: Request, scope: string): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match(new URL('index.html', scope).href, { cacheName, ignoreVary: true });
    if (shell) return shell;
    throw error;
  }
}
