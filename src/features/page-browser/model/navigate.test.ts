import { Window } from 'happy-dom';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPageHost, type PageHost } from '../../../page-host/host.ts';
import type { TraceExchange } from '../../../shared/trace.ts';
import {
  type BrowserScope,
  browse,
  isPassThroughHop,
  type Landing,
  MAX_REDIRECTS,
  nextHop,
} from './navigate.ts';
import { formRequest, pageSource, readPage } from './page.ts';

const APP = 'http://localhost:4173/';
const CALLBACK = `${APP}callback`;

const window = new Window({ url: APP });
const parse = (html: string) =>
  new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
const FormDataImpl = window.FormData as unknown as new (
  form?: HTMLFormElement,
  submitter?: HTMLElement | null,
) => FormData;

let host: PageHost;
let traced: TraceExchange[];
let requested: string[];
let scope: BrowserScope;

beforeEach(() => {
  traced = [];
  requested = [];
  host = createPageHost({ scope: APP, publish: (e) => traced.push(e) });
  scope = {
    transport: (request) => {
      requested.push(`${request.method} ${request.url}`);
      return host.fetch(request, 'navigate');
    },
    serves: host.serves,
    callbackUrl: CALLBACK,
    appUrl: APP,
  };
});

function authorizeUrl(extra: Record<string, string> = {}): string {
  const url = new URL('server/authorize', APP);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'web-app',
    redirect_uri: CALLBACK,
    scope: 'openid profile',
    state: 'state-123',
    nonce: 'nonce-456',
    ...extra,
  }).toString();
  return url.href;
}

function page(landing: Landing): { doc: Document; url: string } {
  if (landing.kind !== 'page') throw new Error(`expected a page, got ${JSON.stringify(landing)}`);
  return { doc: parse(landing.html), url: landing.url };
}

/** Fills the login form and submits it the way the in-page browser does, then the consent's Accept. */
async function logInAndAccept(start: Landing, hops: string[] = []): Promise<Landing> {
  const login = page(start);
  const form = login.doc.forms[0] as HTMLFormElement;
  (form.querySelector('#email') as HTMLInputElement).value = 'alice@example.com';
  (form.querySelector('#password') as HTMLInputElement).value = 'wonderland';
  const consent = page(await browse(formRequest(form, null, login.url, FormDataImpl), scope));
  const accept = consent.doc.querySelector('button[value="accept"]') as HTMLElement;
  const consentForm = consent.doc.forms[0] as HTMLFormElement;
  return browse(formRequest(consentForm, accept, consent.url, FormDataImpl), scope, (u) => hops.push(u));
}

async function tokenFor(code: string): Promise<Record<string, unknown>> {
  const response = await host.fetch(
    new Request(`${APP}server/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        client_id: 'web-app',
        client_secret: 'web-app-secret',
      }),
    }),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('the in-page browser against the core', () => {
  it('shows the login page, posts the login and consent forms, and follows the redirects to the callback', async () => {
    const first = await browse({ method: 'GET', url: authorizeUrl() }, scope);
    expect(first).toMatchObject({ kind: 'page', status: 200 });
    const login = page(first);
    expect(login.doc.querySelector('h1')?.textContent).toBe('Log in');
    expect(readPage(login.doc)).toEqual({ autoSubmit: null, refusedScripts: [] });

    const hops: string[] = [];
    const end = await logInAndAccept(first, hops);
    expect(end.kind).toBe('callback');
    if (end.kind !== 'callback') return;
    expect(end.result.responseMode).toBe('query');
    expect(end.result.params.state).toBe('state-123');
    expect(end.result.params.code).toMatch(/^[\w-]{16,}$/);
    // The address bar saw every hop: the consent post, then the redirect URI.
    expect(hops[0]).toMatch(/^http:\/\/localhost:4173\/server\//);
    expect(hops.at(-1)).toBe(end.url);
    expect(new URL(end.url).origin + new URL(end.url).pathname).toBe(CALLBACK);
    // The callback itself is never requested: the in-page browser hands it to the app.
    expect(requested.some((r) => r.includes('/callback'))).toBe(false);

    // Every request is in the trace as a navigation, with its real status.
    await expect.poll(() => traced.length).toBe(5);
    expect(traced.every((e) => e.kind === 'navigate')).toBe(true);
    expect(
      traced.map(
        (e) =>
          `${e.request.method} ${new URL(e.request.url).pathname.replace(/[\w-]{20,}/, 'T')} ${e.response.status}`,
      ),
    ).toEqual([
      'GET /server/authorize 302',
      'GET /server/u/login/T 200',
      'POST /server/u/login/T 303',
      'GET /server/u/consent/T 200',
      'POST /server/u/consent/T 303',
    ]);

    // The code is real: the core exchanges it once.
    expect(traced.at(-1)?.response.headers).toContainEqual(['location', end.url]);
    const tokens = await tokenFor(end.result.params.code ?? '');
    expect(tokens.token_type).toBe('Bearer');
    expect(String(tokens.id_token).split('.')).toHaveLength(3);
  });

  it('keeps the login session in the store: a second authorization skips the login form', async () => {
    await logInAndAccept(await browse({ method: 'GET', url: authorizeUrl() }, scope));
    const again = await browse({ method: 'GET', url: authorizeUrl({ state: 'second' }) }, scope);
    expect(again.kind).toBe('callback');
    if (again.kind === 'callback') expect(again.result.params.state).toBe('second');
  });

  it('carries out form_post by submitting its form, without running its script', async () => {
    const end = await logInAndAccept(
      await browse({ method: 'GET', url: authorizeUrl({ response_mode: 'form_post' }) }, scope),
    );
    const post = page(end);
    const reading = readPage(post.doc);
    expect(reading.refusedScripts).toEqual([]);
    expect(reading.autoSubmit).not.toBeNull();
    const submission = formRequest(reading.autoSubmit as HTMLFormElement, null, post.url, FormDataImpl);
    expect(submission).toMatchObject({ method: 'POST', url: CALLBACK });
    const landed = await browse(submission, scope);
    expect(landed.kind).toBe('callback');
    if (landed.kind !== 'callback') return;
    expect(landed.result.responseMode).toBe('form_post');
    expect(landed.result.params.state).toBe('state-123');
    expect(landed.result.displayUrl).toBe(CALLBACK);
    await tokenFor(landed.result.params.code ?? '');
  });

  it('reads the fragment of an implicit response from the redirect', async () => {
    const end = await logInAndAccept(
      await browse(
        { method: 'GET', url: authorizeUrl({ client_id: 'spa', response_type: 'id_token token' }) },
        scope,
      ),
    );
    expect(end.kind).toBe('callback');
    if (end.kind !== 'callback') return;
    expect(end.result.responseMode).toBe('fragment');
    expect(end.result.params.access_token).toBeTruthy();
  });

  it('shows the error page of a bad redirect URI and never goes there (RFC 6749 §4.1.2.1)', async () => {
    const landing = await browse(
      { method: 'GET', url: authorizeUrl({ redirect_uri: 'https://evil.example/cb' }) },
      scope,
    );
    expect(landing).toMatchObject({ kind: 'page', status: 400 });
    expect(requested.every((r) => r.startsWith('GET http://localhost:4173/server/'))).toBe(true);
  });

  it('stops before another origin or a path outside the server, without requesting it', async () => {
    expect(await browse({ method: 'GET', url: 'https://elsewhere.example/login' }, scope)).toEqual({
      kind: 'elsewhere',
      url: 'https://elsewhere.example/login',
    });
    expect(await browse({ method: 'GET', url: `${APP}flows/auth-code` }, scope)).toEqual({
      kind: 'app',
      url: `${APP}flows/auth-code`,
    });
    expect(requested).toEqual([]);
  });

  it('reports every hop to the address bar but the app’s redirect URI and the server’s /authorize', async () => {
    const hops: string[] = [];
    const elsewhere = 'http://localhost:3000/callback?code=abc';
    const redirecting: BrowserScope = {
      ...scope,
      transport: async (request) => {
        requested.push(`${request.method} ${request.url}`);
        return new Response(null, { status: 302, headers: { Location: elsewhere } });
      },
    };
    expect(
      await browse({ method: 'GET', url: authorizeUrl() }, redirecting, (hop) => hops.push(hop)),
    ).toEqual({
      kind: 'elsewhere',
      url: elsewhere,
    });
    expect(hops.filter((hop) => !isPassThroughHop(hop, scope))).toEqual([elsewhere]);
    expect(isPassThroughHop(`${CALLBACK}?code=abc&state=s`, scope)).toBe(true);
    expect(isPassThroughHop(`${APP}server/u/login/x`, scope)).toBe(false);
    expect(isPassThroughHop('http://localhost:3000/authorize', scope)).toBe(false);
    // Another origin is never requested, whatever its path.
    expect(requested).toEqual([`GET ${authorizeUrl()}`]);
  });

  it('follows a logout to its returnTo in the app', async () => {
    const url = `${APP}server/v2/logout?client_id=web-app&returnTo=${encodeURIComponent(APP)}`;
    expect(await browse({ method: 'GET', url }, scope)).toEqual({ kind: 'app', url: APP });
  });

  it('gives up after too many redirects', async () => {
    let count = 0;
    const loop: BrowserScope = {
      ...scope,
      transport: async () => {
        count += 1;
        return new Response(null, { status: 302, headers: { Location: `${APP}server/loop?n=${count}` } });
      },
    };
    const landing = await browse({ method: 'GET', url: `${APP}server/loop` }, loop);
    expect(landing).toMatchObject({ kind: 'failed', message: expect.stringContaining('redirects') });
    expect(count).toBe(MAX_REDIRECTS + 1);
  });

  it('reports a transport failure as a message', async () => {
    const broken: BrowserScope = {
      ...scope,
      transport: async () => {
        throw new Error('worker gone');
      },
    };
    expect(await browse({ method: 'GET', url: `${APP}server/authorize` }, broken)).toMatchObject({
      kind: 'failed',
      message: 'The server did not answer: worker gone',
    });
  });
});

describe('redirects and forms', () => {
  it('turns a POST into a GET on 302 and 303, and repeats it on 307 and 308 (RFC 9110 §15.4)', () => {
    const post = { method: 'POST' as const, url: `${APP}server/login`, body: 'a=1' };
    expect(nextHop(post, 303, '/server/consent')).toEqual({ method: 'GET', url: `${APP}server/consent` });
    expect(nextHop(post, 302, '/x')).toEqual({ method: 'GET', url: `${APP}x` });
    expect(nextHop(post, 307, '/y')).toEqual({ method: 'POST', url: `${APP}y`, body: 'a=1' });
    expect(nextHop(post, 308, 'https://other.example/z')).toEqual({
      method: 'POST',
      url: 'https://other.example/z',
      body: 'a=1',
    });
  });

  it('submits a GET form in the query, with the submitter and without unchecked boxes', () => {
    const doc =
      parse(`<form action="search?old=1"><input name="q" value="a b"><input type="checkbox" name="c">
      <button name="go" value="yes" formmethod="get">Go</button></form>`);
    const form = doc.forms[0] as HTMLFormElement;
    const request = formRequest(form, form.querySelector('button'), `${APP}server/page`, FormDataImpl);
    expect(request).toEqual({ method: 'GET', url: `${APP}server/search?q=a+b&go=yes` });
  });

  it('names every script the page would run, except the form_post auto-submit', () => {
    const doc = parse(`<body onload="steal()"><form method="post" action="/x"></form>
      <a href="javascript:alert(1)">x</a><script>fetch('/x')</script><script src="https://cdn.example/a.js"></script>
      <script>document.forms[0].submit();</script></body>`);
    const reading = readPage(doc);
    expect(reading.autoSubmit).toBe(doc.forms[0]);
    expect(reading.refusedScripts).toEqual([
      "fetch('/x')",
      '<script src="https://cdn.example/a.js">',
      'onload="steal()"',
      'javascript:alert(1)',
    ]);
  });

  it('renders a page without scripts and with its CSP as a meta element', () => {
    const doc = parse('<html><head><title>t</title></head><body><script>x()</script><p>hi</p></body></html>');
    const source = pageSource(doc, "default-src 'none'; frame-ancestors 'self'; form-action 'self'");
    expect(source).not.toContain('<script');
    expect(source).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; form-action 'self'">`,
    );
  });
});
