/** Where things live under the worker's scope, which is the app's base URL (`<origin><base>`). */
export interface HostPaths {
  /** The app's base path, with its trailing slash: `/` or `/playground/`. */
  base: string;
  /** `<origin><base>server/`, with its trailing slash. */
  issuer: string;
  /** What `{app}` means in tenant redirect URIs: origin and base path without trailing slash. */
  appUrl: string;
  /** The server's path prefix: `<base>server/`. */
  serverPath: string;
  /** The app's callback route: `<base>callback`. */
  callbackPath: string;
}

export function hostPaths(scope: string): HostPaths {
  const url = new URL(scope);
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const root = `${url.origin}${base}`;
  return {
    base,
    issuer: `${root}server/`,
    appUrl: root.replace(/\/$/, ''),
    serverPath: `${base}server/`,
    callbackPath: `${base}callback`,
  };
}

/** Is this path the server's (`<base>server` or below)? */
export function isServerPath(paths: HostPaths, pathname: string): boolean {
  return pathname.startsWith(paths.serverPath) || `${pathname}/` === paths.serverPath;
}
