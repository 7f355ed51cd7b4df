import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * The test SPA of the SDK specs: a static page and its script (`e2e/sdk-app/`) with the SDK's own
 * browser build from node_modules, served on http://localhost:3000 (an origin the demo tenant
 * allows), so that every call to the Node host is a real cross-origin request.
 */
export const SDK_APP_ORIGIN = 'http://localhost:3000';
const root = path.resolve(import.meta.dirname, '..', '..');

const vendor: Record<string, string> = {
  '/vendor/auth0-spa-js.js': 'node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.esm.js',
  '/vendor/oidc-client-ts.js': 'node_modules/oidc-client-ts/dist/esm/oidc-client-ts.js',
  '/vendor/jwt-decode.js': 'node_modules/jwt-decode/build/esm/index.js',
};

export function startSdkApp(sdk: 'auth0' | 'oidc', domain: string): Promise<http.Server> {
  const files: Record<string, string> = {
    '/': `e2e/sdk-app/${sdk}.html`,
    '/callback': `e2e/sdk-app/${sdk}.html`,
    [`/${sdk}-app.js`]: `e2e/sdk-app/${sdk}-app.js`,
    ...vendor,
  };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', SDK_APP_ORIGIN);
    if (pathname === '/config.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(
        `export const domain = ${JSON.stringify(domain)};\nexport const api = ${JSON.stringify(`${domain}/api/messages`)};\n`,
      );
      return;
    }
    const file = files[pathname];
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    readFile(path.join(root, file)).then(
      (body) => {
        res.writeHead(200, { 'Content-Type': file.endsWith('.html') ? 'text/html' : 'text/javascript' });
        res.end(body);
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(new URL(SDK_APP_ORIGIN).port), '127.0.0.1', () => resolve(server));
  });
}

/** The test SPA as its user sees it: a status line, buttons, and the last result. */
export class SdkAppPage {
  constructor(readonly page: Page) {}

  open() {
    return this.page.goto(`${SDK_APP_ORIGIN}/`);
  }
  get session() {
    return this.page.getByRole('status', { name: 'Session' });
  }
  get result() {
    return this.page.getByRole('status', { name: 'Result' });
  }
  button(name: string) {
    return this.page.getByRole('button', { name, exact: true });
  }
}
