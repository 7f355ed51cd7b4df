/**
 * Where the app and its in-browser server live. The app may be deployed under a sub-path
 * (`BASE_PATH=/playground/`), so every URL is derived from Vite's base.
 */
export const appBase: string = import.meta.env.BASE_URL;

/** The app's own URL with its base path and trailing slash: `http://localhost:5173/`. */
export function appUrl(): string {
  return new URL(appBase, window.location.origin).href;
}

/** The issuer of the in-browser server: `<origin><base>server/`. */
export function issuerUrl(): string {
  return new URL('server/', appUrl()).href;
}

/** The redirect URI registered for every demo client: `<origin><base>callback`. */
export function callbackUrl(): string {
  return new URL('callback', appUrl()).href;
}

/** The router's basename: the base path without its trailing slash (`''` for the root). */
export const routerBasename: string = appBase.replace(/\/$/, '') || '/';
