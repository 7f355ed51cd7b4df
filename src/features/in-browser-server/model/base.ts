/** The app's base path with its trailing slash (`/` or `/playground/`): the worker's scope. */
export const basePath: string = import.meta.env.BASE_URL;

/** The in-browser server's issuer: `<origin><base>server/`. */
export function serverIssuer(): string {
  return new URL(`${basePath}server/`, location.origin).href;
}
