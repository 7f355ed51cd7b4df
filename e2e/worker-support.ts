import { createHash, randomBytes } from 'node:crypto';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/**
 * Helpers for the worker specs (e2e/worker-*.spec.ts): start the in-browser server in a page,
 * stop it through CDP, and PKCE values computed outside the browser.
 */

/** The app's base path for this run: `/` or the sub-path build's `/playground/`. */
export function basePathOf(baseURL: string | undefined): string {
  const path = new URL(baseURL ?? 'http://localhost/').pathname;
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * Opens the app and waits until the in-browser server controls the page and answers discovery.
 * Registers the worker itself too, so that the worker specs do not depend on the app shell.
 */
export async function startServer(page: Page, base: string): Promise<void> {
  await page.goto(base);
  await page.waitForLoadState('load');
  // The app registers the worker too (and may navigate once at start): the script is the same, so
  // registering again is harmless; a navigation under the evaluation is retried.
  const register = () =>
    page.evaluate(async (scope) => {
      const sw = navigator.serviceWorker;
      const controlled = new Promise<void>((resolve) => {
        if (sw.controller) resolve();
        else sw.addEventListener('controllerchange', () => resolve(), { once: true });
      });
      await sw.register(`${scope}sw.js`, { scope, type: 'module', updateViaCache: 'none' });
      await sw.ready;
      await controlled;
    }, base);
  for (let attempt = 1; ; attempt++) {
    try {
      await register();
      break;
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('Execution context was destroyed')) throw error;
    }
  }
  await page.waitForFunction(async (scope) => {
    const res = await fetch(`${scope}server/.well-known/openid-configuration`);
    return res.headers.get('content-type')?.includes('application/json') ?? false;
  }, base);
}

type RunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

/** The worker's lifecycle through the Chrome DevTools Protocol. */
export class WorkerControl {
  readonly #cdp: CDPSession;
  readonly #status = new Map<string, RunningStatus>();
  #changed: (() => void)[] = [];

  private constructor(cdp: CDPSession) {
    this.#cdp = cdp;
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) this.#status.set(v.versionId, v.runningStatus as RunningStatus);
      for (const wake of this.#changed.splice(0)) wake();
    });
  }

  static async attach(context: BrowserContext, page: Page): Promise<WorkerControl> {
    const cdp = await context.newCDPSession(page);
    const control = new WorkerControl(cdp);
    await cdp.send('ServiceWorker.enable');
    return control;
  }

  #allStopped(): boolean {
    return [...this.#status.values()].every((s) => s === 'stopped');
  }

  /**
   * Stops every worker and waits until each one reports `stopped`. A worker that nothing woke up
   * since the last stop is already stopped: that is the state wanted, and nothing is sent.
   */
  async stopAll(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const settled = () => {
      const states = [...this.#status.values()];
      return (
        states.some((s) => s === 'running') || (states.length > 0 && states.every((s) => s === 'stopped'))
      );
    };
    // Versions are reported asynchronously after ServiceWorker.enable: know at least one first.
    while (!settled()) {
      if (Date.now() > deadline)
        throw new Error(`no running worker to stop: ${JSON.stringify([...this.#status])}`);
      await new Promise<void>((resolve) => {
        this.#changed.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    if (this.#allStopped()) return;
    await this.#cdp.send('ServiceWorker.stopAllWorkers');
    while (!this.#allStopped()) {
      if (Date.now() > deadline) throw new Error(`worker did not stop: ${JSON.stringify([...this.#status])}`);
      await new Promise<void>((resolve) => {
        this.#changed.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** RFC 7636 §4.1–4.2: a 43-char verifier of unreserved characters and its S256 challenge. */
export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export interface TokenResult {
  status: number;
  body: Record<string, unknown>;
  cacheControl: string | null;
}

/** The token request, made by the page (as the SPA would), through the in-browser server. */
export function redeem(page: Page, tokenUrl: string, form: Record<string, string>): Promise<TokenResult> {
  return page.evaluate(
    async ({ url, fields }) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
        cacheControl: res.headers.get('cache-control'),
      };
    },
    { url: tokenUrl, fields: form },
  );
}

export const ALICE = { email: 'alice@example.com', password: 'wonderland' } as const;
export const API_AUDIENCE = 'https://api.example.com';

export interface AuthorizeRequest {
  url: string;
  state: string;
  nonce: string;
  redirectUri: string;
  pkce: Pkce;
}

/** An authorization request for the `spa` client (code + PKCE S256), to `<origin><base>server/authorize`. */
export function spaAuthorizeRequest(
  origin: string,
  base: string,
  extra: Record<string, string> = {},
): AuthorizeRequest {
  const challenge = pkce();
  const state = randomBytes(12).toString('base64url');
  const nonce = randomBytes(12).toString('base64url');
  const redirectUri = `${origin}${base}callback`;
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'spa',
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access read:messages',
    audience: API_AUDIENCE,
    state,
    nonce,
    code_challenge: challenge.challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url: `${origin}${base}server/authorize?${params}`, state, nonce, redirectUri, pkce: challenge };
}

/** The token request for the code the callback received. */
export function codeRedemption(request: AuthorizeRequest, code: string): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    client_id: 'spa',
    code,
    redirect_uri: request.redirectUri,
    code_verifier: request.pkce.verifier,
  };
}

/**
 * Whether this page can reach a server on the network: the Node host's discovery, which no worker
 * serves. (navigator.onLine does not follow an emulated offline context in every Chromium.)
 */
export async function reachesNetwork(page: Page): Promise<boolean> {
  const url = `http://127.0.0.1:${process.env.E2E_NODE_PORT ?? 4100}/.well-known/openid-configuration`;
  return page.evaluate(
    (href) =>
      fetch(href, { cache: 'no-store' }).then(
        async (res) => res.ok && typeof (await res.json()).issuer === 'string',
        () => false,
      ),
    url,
  );
}
