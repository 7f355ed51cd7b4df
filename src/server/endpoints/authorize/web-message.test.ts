import { describe, expect, it } from 'vitest';
import { demoTenant } from '../../tenant/demo.ts';
import type { TenantInput } from '../../tenant/schema.ts';
import { createTestServer, storeFactories } from '../../testing/harness.ts';
import { tokens } from '../token-testing.ts';
import { authorizePath, CALLBACK, CHALLENGE, TestBrowser, VERIFIER } from './browser-testing.ts';

const APP_ORIGIN = 'http://localhost:3000';
/** The one script of the page, allowed by its nonce: constant, never a request value. */
const SCRIPT = `var d=document.getElementById('authorization-response').dataset;
(window.opener||window.parent).postMessage({type:'authorization_response',response:JSON.parse(d.response)},d.targetOrigin);`;

/** What auth0-spa-js sends for a silent login or a popup. */
function webMessageRequest(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: 'spa',
    redirect_uri: CALLBACK,
    response_type: 'code',
    response_mode: 'web_message',
    scope: 'openid profile email offline_access',
    audience: 'https://api.example.com',
    state: 'st4te',
    nonce: 'n0nce',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    auth0Client: btoa(JSON.stringify({ name: 'auth0-spa-js', version: '2.27.0' })),
    ...overrides,
  };
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The web_message page's target origin and response, read as the page's script reads them. */
async function webMessage(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('location')).toBeNull();
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const csp = res.headers.get('content-security-policy') ?? '';
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(csp).toBe(
    `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors ${APP_ORIGIN}; base-uri 'none'`,
  );
  // X-Frame-Options cannot allow another origin, so it is left out where frame-ancestors does.
  expect(res.headers.get('x-frame-options')).toBeNull();
  const html = await res.text();
  expect(html).toContain(`<script nonce="${nonce}">${SCRIPT}</script>`);
  expect(html.match(/<script/g)).toHaveLength(1);
  const element =
    /<div id="authorization-response" hidden data-target-origin="([^"]*)" data-response="([^"]*)"><\/div>/.exec(
      html,
    );
  expect(element).not.toBeNull();
  return {
    html,
    targetOrigin: unescapeHtml(element?.[1] ?? ''),
    response: JSON.parse(unescapeHtml(element?.[2] ?? '')) as Record<string, string>,
  };
}

function withWebOrigins(webOrigins: string[]): TenantInput {
  return {
    ...demoTenant,
    clients: demoTenant.clients.map((c) => (c.clientId === 'spa' ? { ...c, webOrigins } : c)),
  };
}

describe.each(Object.entries(storeFactories))('response_mode=web_message (%s store)', (_name, makeStore) => {
  it('posts {code, state, iss} to the redirect URI origin after login and consent; the code redeems', async () => {
    const server = createTestServer({ makeStore });
    const browser = new TestBrowser(server);
    const { targetOrigin, response } = await webMessage(await browser.authorize(webMessageRequest()));
    expect(targetOrigin).toBe(APP_ORIGIN);
    // RFC 9207 §2: iss in every authorization response, this mode too.
    expect(response).toEqual({ code: expect.any(String), state: 'st4te', iss: server.issuer });
    const { res, body } = await tokens(server, {
      grant_type: 'authorization_code',
      client_id: 'spa',
      code: response.code,
      redirect_uri: CALLBACK,
      code_verifier: VERIFIER,
    });
    expect(res.status).toBe(200);
    expect(body.refresh_token).toEqual(expect.any(String));
  });

  it('prompt=none with a session answers at once; without one, login_required as a web message', async () => {
    const server = createTestServer({ makeStore });
    const loggedOut = new TestBrowser(server);
    const { response: error } = await webMessage(
      await loggedOut.get(authorizePath(webMessageRequest({ prompt: 'none' }))),
    );
    expect(error).toEqual({
      error: 'login_required',
      error_description: 'The user is not logged in (prompt=none).',
      state: 'st4te',
      iss: server.issuer,
    });

    const browser = new TestBrowser(server);
    await webMessage(await browser.authorize(webMessageRequest()));
    const silent = await webMessage(await browser.get(authorizePath(webMessageRequest({ prompt: 'none' }))));
    expect(silent.response.code).toEqual(expect.any(String));
    expect(silent.response.state).toBe('st4te');
  });

  it('sends a request error that follows the redirect URI check as a web message too', async () => {
    const server = createTestServer({ makeStore });
    const browser = new TestBrowser(server);
    const { code_challenge: _, ...withoutPkce } = webMessageRequest();
    const { targetOrigin, response } = await webMessage(await browser.get(authorizePath(withoutPkce)));
    expect(targetOrigin).toBe(APP_ORIGIN);
    expect(response.error).toBe('invalid_request');
    expect(response.state).toBe('st4te');
  });

  it('escapes every reflected value: the state comes back exact and never as markup', async () => {
    const server = createTestServer({ makeStore });
    const browser = new TestBrowser(server);
    const state = `"><script>alert(1)</script>'&</div>`;
    const { html, response } = await webMessage(
      await browser.get(authorizePath(webMessageRequest({ prompt: 'none', state }))),
    );
    expect(response.state).toBe(state);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain("</div>'&");
  });

  it('refuses a redirect URI whose origin is not an Allowed Web Origin: an error page, no message', async () => {
    const server = createTestServer({ makeStore, tenant: withWebOrigins(['http://localhost:3001']) });
    const res = await new TestBrowser(server).get(authorizePath(webMessageRequest()));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
    );
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const html = await res.text();
    expect(html).toContain('invalid_request');
    expect(html).toContain(
      'The specified redirect_uri &#39;http://localhost:3000/callback&#39; does not have a registered origin.',
    );
    expect(html).not.toContain('postMessage');
  });

  it('the Allowed Callback URLs alone do not allow an origin for web_message (Auth0)', async () => {
    const server = createTestServer({ makeStore, tenant: withWebOrigins([]) });
    const res = await new TestBrowser(server).get(authorizePath(webMessageRequest({ prompt: 'none' })));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('does not have a registered origin.');
  });

  it('every other page keeps frame-ancestors self: the login page of a web_message request', async () => {
    const server = createTestServer({ makeStore });
    const browser = new TestBrowser(server);
    const login = await browser.get(await browser.startLogin(webMessageRequest()));
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(login.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('is listed in discovery', async () => {
    const server = createTestServer({ makeStore });
    const doc = await (await server.fetch('.well-known/openid-configuration')).json();
    expect(doc.response_modes_supported).toContain('web_message');
  });
});
