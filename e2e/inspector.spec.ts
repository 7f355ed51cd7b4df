import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { exportJWK, exportSPKI, generateKeyPair, importPKCS8, type JWK, SignJWT } from 'jose';
import { FlowPage } from './pages/flow.ts';
import { InspectorPage } from './pages/inspector.ts';

const FOREIGN_ISSUER = 'https://tenant.foreign.example/';

interface ForeignSigner {
  jwk: JWK;
  spki: string;
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
}

async function foreignSigner(
  alg: 'ES256' | 'RS256',
  kid: string,
  issuer = FOREIGN_ISSUER,
): Promise<ForeignSigner> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return {
    jwk,
    spki: await exportSPKI(publicKey),
    sign: (claims, header = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg, kid, typ: 'JWT', ...header })
        .setIssuer(issuer)
        .setSubject('auth0|foreign-user')
        .setAudience('foreign-client')
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(privateKey),
  };
}

/** Changes the payload and keeps the signature: what an attacker would try. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  claims.sub = 'auth0|admin';
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

/** Every request the page makes, to prove where they go. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function serverReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test.describe('token inspector', () => {
  test('verifies a foreign ES256 token with a pasted JWKS, and no request leaves the origin', async ({
    page,
  }) => {
    const requests = recordRequests(page);
    const signer = await foreignSigner('ES256', 'foreign-es');
    const token = await signer.sign({ nonce: 'n-123', email: 'user@foreign.example' });
    const inspector = new InspectorPage(page);
    await inspector.goto();
    await expect(inspector.privacyNote).toBeVisible();

    // Pasted the way people copy it: a Bearer prefix and line breaks.
    await inspector.paste(`  Bearer ${token.slice(0, 40)}\n${token.slice(40)}\n`);
    await expect(page.getByText('Removed the "Bearer " prefix.', { exact: false })).toBeVisible();
    await expect(inspector.decodedPayload).toContainText('"iss": "https://tenant.foreign.example/"');
    await expect(inspector.region('Header').locator('pre')).toContainText('"alg": "ES256"');
    await expect(inspector.claim('iss')).toContainText('Issuer');
    await expect(inspector.claim('iss')).toContainText('RFC 7519 §4.1.1');
    await expect(inspector.claim('nonce')).toContainText('OpenID Connect Core');

    // By default the keys are this server's: they do not fit a foreign token.
    await expect(inspector.signatureResult).toHaveText(
      'No key in this server’s JWKS matches this token (alg ES256, kid "foreign-es"). It was probably signed by another issuer.',
    );
    await expect(
      page.getByText(
        'Times are checked against this browser’s clock, because this server did not issue the token.',
      ),
    ).toBeVisible();

    await inspector.verifyWithJwk(JSON.stringify({ keys: [signer.jwk] }));
    await expect(inspector.signatureResult).toHaveText('Signature valid (ES256, key from the pasted JWKS).');
    await expect(inspector.check('Signature')).toContainText('pass');
    await expect(inspector.check('Expiry (exp)')).toContainText(/pass.*Expires in 1 h 59 min/);
    await expect(inspector.region('Lifetime')).toContainText(/Valid: expires in 1 h 59 min \d+ s\./);

    // Expected values are checked when given.
    await inspector.expectedValues.click();
    await inspector.expectedField('Issuer').fill(FOREIGN_ISSUER);
    await inspector.expectedField('Nonce').fill('another-nonce');
    await expect(inspector.check('Issuer (iss)')).toContainText(`pass`);
    await expect(inspector.check('Nonce')).toContainText(
      '"n-123" is not the nonce sent, "another-nonce": a replayed or foreign token.',
    );

    const origin = new URL(page.url()).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  });

  test('verifies a foreign RS256 token with a PEM public key, and with an X.509 certificate', async ({
    page,
  }) => {
    const requests = recordRequests(page);
    const signer = await foreignSigner('RS256', 'foreign-rs');
    const inspector = new InspectorPage(page);
    await inspector.goto();
    await inspector.paste(await signer.sign({ scope: 'read:messages' }));
    await inspector.verifyWithPem(signer.spki);
    await expect(inspector.signatureResult).toHaveText('Signature valid (RS256, the pasted public key).');

    // A certificate made by openssl, and a token signed with its key.
    const dir = mkdtempSync(join(tmpdir(), 'inspector-x509-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-subj',
          '/CN=inspector-test',
          '-days',
          '1',
        ],
        { stdio: 'ignore' },
      );
      const privateKey = await importPKCS8(readFileSync(join(dir, 'key.pem'), 'utf8'), 'ES256');
      const token = await new SignJWT({ sub: 'x509-user' })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      await inspector.paste(token);
      await inspector.pemInput.fill(readFileSync(join(dir, 'cert.pem'), 'utf8'));
      await expect(inspector.signatureResult).toHaveText('Signature valid (ES256, the pasted certificate).');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A private key is refused, never used.
    await inspector.pemInput.fill('-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----');
    await expect(inspector.signatureResult).toContainText('This is a private key.');
    const origin = new URL(page.url()).origin;
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  });

  test('a tampered token shows "Signature invalid"', async ({ page }) => {
    const signer = await foreignSigner('ES256', 'k1');
    const inspector = new InspectorPage(page);
    await inspector.goto();
    await inspector.paste(tamper(await signer.sign({})));
    await inspector.verifyWithJwk(JSON.stringify(signer.jwk));
    await expect(inspector.signatureResult).toHaveText(
      'Signature invalid: the header or payload was changed, or another key signed it.',
    );
    await expect(inspector.check('Signature')).toContainText('fail');
    await expect(inspector.decodedPayload).toContainText('"sub": "auth0|admin"');
  });

  test('garbage, bad base64url, JWE and huge input get clear messages', async ({ page }) => {
    const signer = await foreignSigner('ES256', 'k1');
    const [header, payload, signature] = (await signer.sign({})).split('.');
    const inspector = new InspectorPage(page);
    await inspector.goto();

    await inspector.paste('this is not a token!');
    await expect(inspector.problem).toHaveText(
      'Cannot read this token. This is not a token: it has spaces between words. A JWT is three base64url parts separated by dots; an opaque token is one word.',
    );
    await inspector.paste(`${header}.${payload}`);
    await expect(inspector.problem).toHaveText(
      'Cannot read this token. A JWT has 3 parts separated by dots (header.payload.signature); this has 2.',
    );
    await inspector.paste(`${header}.${payload.slice(0, 10)}*${payload.slice(11)}.${signature}`);
    await expect(inspector.problem).toHaveText(
      'Cannot read this token. Bad base64url in part 2 (payload): character 11 is "*".',
    );
    await inspector.paste(`${Buffer.from('{"alg":').toString('base64url')}.${payload}.${signature}`);
    await expect(inspector.problem).toContainText('The header (part 1 (header)) is not JSON');
    await inspector.paste('eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d');
    await expect(inspector.problem).toContainText('This is an encrypted token (JWE, 5 parts).');
    await inspector.paste(`${header}.${'A'.repeat(100 * 1024)}.${signature}`);
    await expect(inspector.problem).toHaveText(
      /^Cannot read this token\. The input is too large \(\d+ KB\); the inspector reads tokens up to 64 KB\.$/,
    );
    // The page still works after all that.
    await inspector.paste('8xLOxBtZp8_rT2Hq9Yw3kQ');
    await expect(inspector.opaqueExplanation).toContainText('only the server that issued it can read it');
    await expect(inspector.opaqueExplanation).toContainText('RFC 7662');
  });

  test('a token carrying HTML is shown as text and stays inert', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const xss = '<img src=x onerror=alert(1)>';
    const signer = await foreignSigner('RS256', `<script>alert(2)</script>`);
    const inspector = new InspectorPage(page);
    await inspector.goto();
    await inspector.paste(await signer.sign({ name: xss, [xss]: xss }, { typ: xss }));
    await expect(inspector.decodedPayload).toContainText(`"name": "${xss}"`);
    await expect(inspector.claim('name')).toContainText(xss);
    await expect(inspector.region('Header')).toContainText('<script>alert(2)</script>');
    await expect(page.locator('main img')).toHaveCount(0);
    await expect(page.locator('main script')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test('a JWKS URL is fetched only when asked, and then verifies', async ({ page }) => {
    // A real server on another site answers with its own CORS header, as an issuer's JWKS does.
    let signer: ForeignSigner | undefined;
    const jwksServer = createServer((req, res) => {
      res.writeHead(req.url === '/.well-known/jwks.json' ? 200 : 404, {
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(JSON.stringify({ keys: signer ? [signer.jwk] : [] }));
    });
    jwksServer.listen(0, '127.0.0.1');
    await once(jwksServer, 'listening');
    const { port } = jwksServer.address() as AddressInfo;
    const issuer = `http://127.0.0.1:${port}/`;
    const jwksUrl = `${issuer}.well-known/jwks.json`;
    try {
      signer = await foreignSigner('RS256', 'remote-key', issuer);
      const requests = recordRequests(page);
      const inspector = new InspectorPage(page);
      await inspector.goto();
      await inspector.paste(await signer.sign({}));
      await inspector.keySource('A JWKS URL').check();
      await expect(inspector.signatureResult).toHaveText(
        'Enter a JWKS URL and fetch its keys to verify the signature.',
      );
      // The issuer's JWKS URL is offered, and typing it sends nothing.
      await page.getByRole('button', { name: "Use the issuer's JWKS URL" }).click();
      await expect(inspector.jwksUrlInput).toHaveValue(jwksUrl);
      const origin = new URL(page.url()).origin;
      expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);

      await inspector.fetchKeys.click();
      await expect(inspector.signatureResult).toHaveText(`Signature valid (RS256, key from ${jwksUrl}).`);
      expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([jwksUrl]);
    } finally {
      jwksServer.close();
    }
  });

  test('a token from this server is verified with its JWKS and checked against its clock', async ({
    page,
  }) => {
    const inspector = new InspectorPage(page);
    await inspector.goto();
    await serverReady(page);
    const token = await page.evaluate(async () => {
      const base = document.baseURI.replace(/inspect$/, '');
      const response = await fetch(`${base}server/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'm2m',
          client_secret: 'm2m-secret',
          audience: 'https://api.example.com',
        }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    });
    await inspector.paste(token);
    await expect(inspector.signatureResult).toHaveText(
      'Signature valid (RS256, key from this server’s JWKS).',
    );
    await expect(inspector.check('Type (typ)')).toContainText('"at+jwt": an RFC 9068 JWT access token.');
    await expect(inspector.check('Required claims (RFC 9068)')).toContainText('pass');
    await expect(inspector.claim('gty')).toContainText('Grant type (Auth0)');
    await expect(inspector.claim('sub')).toContainText('m2m@clients');
    await expect(page.getByText('Times are checked against the server clock')).toBeVisible();
    await expect(inspector.region('Lifetime')).toContainText(/Valid: expires in 23 h 59 min/);

    // Move the server clock past the token's expiry: the inspector follows the server, not the browser.
    const moved = await page.evaluate(async () => {
      const base = document.baseURI.replace(/inspect$/, '');
      const response = await fetch(`${base}server/admin/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceSeconds: 90_000 }),
      });
      return response.status;
    });
    expect(moved).toBe(200);
    await inspector.paste('');
    await inspector.paste(token);
    await expect(
      page.getByText('Times are checked against the server clock, which has been moved forward by 1 d 1 h.'),
    ).toBeVisible();
    await expect(inspector.region('Lifetime')).toContainText(/Expired 1 h( \d+ s)? ago\./);
    await expect(inspector.check('Expiry (exp)')).toContainText(
      /fail.*Expired 1 h( \d+ s)? ago by the server clock/,
    );
  });

  test('axe finds no violations, light and dark; 375 px wide has no horizontal scroll', async ({ page }) => {
    const signer = await foreignSigner(
      'RS256',
      'a-rather-long-key-identifier-that-should-wrap-nicely-0123456789',
    );
    const token = await signer.sign({
      'https://example.com/roles': ['admin', 'a-very-long-role-name-without-any-spaces-at-all-0123456789'],
      email: 'alice@example.com',
      email_verified: true,
    });
    const inspector = new InspectorPage(page);
    await inspector.goto();
    // The empty page, and an opaque token, are accessible too.
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
    await inspector.paste('8xLOxBtZp8_rT2Hq9Yw3kQ');
    await expect(inspector.opaqueExplanation).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
    await inspector.paste(token);
    await inspector.verifyWithJwk(JSON.stringify({ keys: [signer.jwk] }));
    await expect(inspector.signatureResult).toHaveText('Signature valid (RS256, key from the pasted JWKS).');
    await inspector.expectedValues.click();

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
      await page.screenshot({ path: `/tmp/inspector-${colorScheme}.png`, fullPage: true });
    }

    await page.setViewportSize({ width: 375, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/inspector-375.png', fullPage: true });
    await page.screenshot({ path: '/tmp/inspector-375-top.png' });
    await inspector.region('Payload').screenshot({ path: '/tmp/inspector-375-payload.png' });
    await inspector.region('Validation').screenshot({ path: '/tmp/inspector-375-checks.png' });
    await inspector.paste(
      'not a token at all, with a very long word: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    );
    await expect(inspector.problem).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});

test.describe('token inspector: JWTs a client signs', () => {
  /** The compact JWS a flow step shows (a secret: revealed first). */
  async function signedInStep(page: Page, what: string): Promise<string> {
    await page.getByLabel('Reveal secrets in this step').check();
    return (await page.locator(`dt:text-is("${what} (compact JWS)") + dd`).textContent()) ?? '';
  }

  test('a private_key_jwt assertion and a JAR request object from the flows: recognised, checked, verified with the client’s registered key', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const flow = new FlowPage(page);
    await flow.open('private-key-jwt');
    await flow.button('Generate the key pair').click();
    await flow.nextStep.click();
    await flow.button('Register the client').click();
    await flow.nextStep.click();
    await flow.button('Sign the client assertion').click();
    const assertion = await signedInStep(page, 'Client assertion');
    expect(assertion).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);

    await flow.open('jar');
    await flow.button('Generate the key pair').click();
    await flow.nextStep.click();
    await flow.button('Register the client').click();
    await flow.nextStep.click();
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.button('Sign the request object').click();
    const requestObject = await signedInStep(page, 'Request object');

    const inspector = new InspectorPage(page);
    await inspector.goto();
    await inspector.paste(assertion);
    await expect(page.getByRole('list', { name: 'Summary' })).toContainText('client assertion');
    // The key the client registered by DCR verifies it: no key to paste.
    await expect(inspector.signatureResult).toHaveText(
      /^Signature valid \(ES256, key from client [\w-]+’s registered JWKS\)\.$/,
    );
    for (const claim of ['sub', 'aud', 'jti', 'exp', 'lifetime'])
      await expect(inspector.check(claim === 'lifetime' ? 'Lifetime' : claim)).toContainText('pass');
    await expect(inspector.check('aud')).toContainText('/server/, the issuer.');
    await expect(inspector.check('Lifetime')).toContainText('60 s: short-lived, as it should be.');
    await expect(inspector.region('Validation')).toContainText('0 failed');

    await inspector.paste(requestObject);
    await expect(page.getByRole('list', { name: 'Summary' })).toContainText('request object');
    await expect(inspector.signatureResult).toHaveText(
      /^Signature valid \(ES256, key from client [\w-]+’s registered JWKS\)\.$/,
    );
    await expect(inspector.check('typ')).toContainText('pass');
    await expect(inspector.check('client_id')).toContainText('the same as iss.');
    await expect(inspector.region('Validation')).toContainText('0 failed');

    // Another key: the signature no longer verifies with the registered one.
    await inspector.verifyWithJwk(JSON.stringify((await foreignSigner('ES256', 'other')).jwk));
    await expect(inspector.signatureResult).toHaveText(/^Signature invalid/);
  });
});
