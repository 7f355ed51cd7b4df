import http from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { DevInteractionPages, ProvidersPage } from './pages/support-providers.ts';
import { close, listen, startOidcProvider } from './pages/support-servers.ts';

/** Ports of this spec's own servers (E2E_NODE_PORT + 100..102 for a parallel-safe default). */
const basePort = Number(process.env.E2E_NODE_PORT ?? 4307) + 100;
const OP_PORT = basePort + 1;
const ODD_PORT = basePort + 2;
const UNUSED_PORT = basePort;
const OP_ISSUER = `http://127.0.0.1:${OP_PORT}`;
const ODD = `http://127.0.0.1:${ODD_PORT}`;

let op: http.Server;
let odd: http.Server;

test.beforeAll(async ({ baseURL }) => {
  const appOrigin = new URL(baseURL ?? 'http://localhost:4173').origin;
  op = await startOidcProvider(OP_ISSUER, OP_PORT, appOrigin);

  // Odd servers: metadata without CORS, a web page, a provider whose token endpoint has no CORS.
  odd = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', ODD);
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (url.pathname === '/nocors/.well-known/openid-configuration') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ issuer: `${ODD}/nocors` }));
    } else if (url.pathname === '/website/.well-known/openid-configuration') {
      res.writeHead(200, { ...cors, 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Welcome</title>');
    } else if (url.pathname === '/partial/.well-known/openid-configuration') {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer: `${ODD}/partial`,
          authorization_endpoint: `${ODD}/partial/authorize`,
          token_endpoint: `${ODD}/partial/token`,
          jwks_uri: `${ODD}/partial/jwks`,
        }),
      );
    } else if (url.pathname === '/partial/jwks') {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end('{"keys":[]}');
    } else if (url.pathname === '/partial/token') {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end('{"error":"invalid_grant"}');
    } else {
      res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await listen(odd, ODD_PORT);
});

test.afterAll(async () => {
  await close(op);
  await close(odd);
});

test.describe('Another OpenID provider', () => {
  test('explains unreachable, non-OIDC and CORS-less issuers, naming the endpoint and header', async ({
    page,
  }) => {
    const providers = new ProvidersPage(page);
    await new FlowPage(page).playground.open('/');
    await providers.open();

    await providers.discoverIssuer(`http://127.0.0.1:${UNUSED_PORT}`);
    await expect(providers.problem).toContainText(`Nothing answered at 127.0.0.1:${UNUSED_PORT}`);

    await providers.discoverIssuer(`${ODD}/website`);
    await expect(providers.problem).toContainText('This is not an OpenID provider');
    await expect(providers.problem).toContainText('answered with text/html that is not JSON metadata');

    await providers.discoverIssuer(`${ODD}/elsewhere`);
    await expect(providers.problem).toContainText('No provider metadata here');

    await providers.discoverIssuer(`${ODD}/nocors`);
    await expect(providers.problem).toContainText('The discovery document does not allow this origin (CORS)');
    await expect(providers.problem).toContainText(
      'without the header Access-Control-Allow-Origin: http://localhost',
    );

    await providers.discoverIssuer(`${ODD}/partial`);
    await expect(providers.endpoints).toContainText(`${ODD}/partial/token`);
    await providers.clientId.fill('someone');
    await providers.checkCors.click();
    await expect(providers.corsResults).toContainText('JWKS: allowed (answered 200)');
    await expect(providers.corsResults).toContainText(
      'Token endpoint: The token endpoint does not allow this origin (CORS).',
    );
    await expect(providers.corsResults).toContainText(`without the header Access-Control-Allow-Origin`);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });

  test('client credentials complete against node-oidc-provider', async ({ page }) => {
    const providers = new ProvidersPage(page);
    await new FlowPage(page).playground.open('/');
    await providers.open();
    await providers.discoverIssuer(OP_ISSUER);
    await expect(providers.endpoints).toContainText(`${OP_ISSUER}/token`);
    await providers.clientId.fill('playground-m2m');
    await providers.clientSecret.fill('m2m-provider-secret');
    await providers.use.click();
    await expect(providers.inUse).toContainText(OP_ISSUER);
    await providers.checkCors.click();
    await expect(providers.corsResults).toContainText('Token endpoint: allowed');

    // The secret lives in sessionStorage only.
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('oauth-playground:provider') ?? '',
      local: JSON.stringify(localStorage),
    }));
    expect(stored.session).toContain('m2m-provider-secret');
    expect(stored.local).not.toContain('m2m-provider-secret');

    const flow = new FlowPage(page);
    await flow.open('client-credentials', '?scope=read%3Amessages');
    await expect(flow.param('Client ID')).toHaveValue('playground-m2m');
    await expect(flow.rawRequest).toHaveValue(
      new RegExp(`^POST /token HTTP/1.1\nHost: 127.0.0.1:${OP_PORT}\n`),
    );
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token\. Scope granted: read:messages\.$/);
    await expect(flow.timelineEntry(/^200 POST \/token app$/)).toBeVisible();
    expect(page.url()).not.toContain('m2m-provider-secret');
  });

  test('authorization code + PKCE complete against node-oidc-provider', async ({ page }) => {
    const providers = new ProvidersPage(page);
    await new FlowPage(page).playground.open('/');
    await providers.open();
    await providers.discoverIssuer(`${OP_ISSUER}/`);
    await providers.clientId.fill('playground-spa');
    await providers.use.click();
    await expect(providers.inUse).toContainText('playground-spa');

    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce', '?scope=openid');
    await expect(flow.param('Client ID')).toHaveValue('playground-spa');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await expect(flow.rawRequest).toHaveValue(/^GET \/auth\?/);
    // The provider's pages are another site: a full-page redirect, as a real app does.
    await flow.redirect.click();
    const op = new DevInteractionPages(page);
    await op.login.fill('alice');
    await op.password.fill('anything');
    await op.signIn.click();
    await op.continue.click();
    await page.waitForURL(/\/flows\/auth-code-pkce/);
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText('Tokens received: access_token, id_token. Scope granted: openid.');
    await expect(flow.timelineEntry(/^200 POST \/token app$/)).toBeVisible();

    // Back to the built-in server.
    await providers.open();
    await providers.useBuiltIn.click();
    await expect(providers.inUse).toContainText('The built-in in-browser server.');
  });
});
