import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../../testing/harness.ts';
import { authorizePath, CALLBACK, codeRequest, responseParams, TestBrowser } from './browser-testing.ts';

const WEB_APP = { Authorization: `Basic ${btoa('web-app:web-app-secret')}` };
const READ = JSON.stringify([
  { type: 'messages', actions: ['read'], locations: ['https://api.example.com'] },
]);

describe.each(Object.entries(storeFactories))('RAR, RFC 9396 (%s store)', (_name, makeStore) => {
  const fresh = () => new TestBrowser(createTestServer({ makeStore }));

  it('is advertised in discovery', async () => {
    const doc = await (await fresh().server.fetch('.well-known/openid-configuration')).json();
    expect(doc.authorization_details_types_supported).toEqual(['messages']);
  });

  it('shows the details in words on the consent page, returns them with the tokens, and the API honours them', async () => {
    const browser = fresh();
    const loginUrl = await browser.startLogin(codeRequest({ scope: 'openid', authorization_details: READ }));
    const consentUrl = (await browser.login(loginUrl)).headers.get('location') ?? '';
    const html = await (await browser.get(consentUrl)).text();
    expect(html).toContain(
      '<ul class="scopes" aria-label="Requested authorization details">\n<li>Read your messages at https://api.example.com</li>\n</ul>',
    );
    const done = await browser.post(consentUrl, { decision: 'accept' });
    const code = responseParams(done).get('code') ?? '';
    const token = await browser.server.post(
      'oauth/token',
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      WEB_APP,
    );
    const body = await token.json();
    expect(token.status, JSON.stringify(body)).toBe(200);
    expect(body.authorization_details).toEqual(JSON.parse(READ));
    const claims = decodeJwt(body.access_token);
    expect(claims.authorization_details).toEqual(JSON.parse(READ));
    expect(claims.aud).toEqual(['https://api.example.com', 'http://localhost:4000/userinfo']);
    expect(claims.scope).toBe('openid');
    // No read:messages scope, but the read action: GET is allowed, POST is not.
    const auth = { Authorization: `Bearer ${body.access_token}` };
    expect((await browser.server.fetch('api/messages', { headers: auth })).status).toBe(200);
    const write = await browser.server.post('api/messages', { text: 'hi' }, auth);
    expect(write.status).toBe(403);
    expect((await write.json()).error).toBe('insufficient_scope');
  });

  it('asks for consent each time details are requested, and prompt=none then gets consent_required', async () => {
    const browser = fresh();
    await browser.authorize(codeRequest({ scope: 'openid', authorization_details: READ }));
    const again = await browser.get(
      authorizePath(codeRequest({ scope: 'openid', authorization_details: READ })),
    );
    expect(again.headers.get('location')).toMatch(/\/u\/consent\//);
    const none = await browser.get(
      authorizePath(codeRequest({ scope: 'openid', authorization_details: READ, prompt: 'none' })),
    );
    expect(responseParams(none).get('error')).toBe('consent_required');
  });

  it('sends invalid_authorization_details to the redirect URI for an unknown type, field or value', async () => {
    const browser = fresh();
    const res = await browser.get(
      authorizePath(codeRequest({ authorization_details: '[{"type":"payments","actions":["read"]}]' })),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `${CALLBACK}?error=invalid_authorization_details&error_description=authorization_details%5B0%5D%3A+unknown+type+%27payments%27+%28supported%3A+messages%29.&state=xyz&iss=http%3A%2F%2Flocalhost%3A4000%2F`,
    );
    const field = responseParams(
      await browser.get(
        authorizePath(
          codeRequest({ authorization_details: '[{"type":"messages","actions":["read"],"x":1}]' }),
        ),
      ),
    );
    expect(field.get('error')).toBe('invalid_authorization_details');
  });

  it('PAR refuses bad authorization_details with 400 invalid_authorization_details', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.post(
      'oauth/par',
      {
        response_type: 'code',
        redirect_uri: CALLBACK,
        scope: 'openid',
        authorization_details: '[{"type":"messages","actions":["delete"]}]',
      },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_authorization_details',
      error_description: "authorization_details[0]: actions may only be 'read' and 'write'.",
    });
    const ok = await server.post(
      'oauth/par',
      { response_type: 'code', redirect_uri: CALLBACK, scope: 'openid', authorization_details: READ },
      WEB_APP,
    );
    expect(ok.status).toBe(201);
  });
});
