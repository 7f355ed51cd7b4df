import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../../testing/harness.ts';
import {
  authorizePath,
  CALLBACK,
  codeRequest,
  formPostFields,
  responseParams,
  TestBrowser,
} from './browser-testing.ts';

const ISSUER = 'http://localhost:4000/server/';

describe.each(Object.entries(storeFactories))(
  'RFC 9207 iss in authorization responses (%s store)',
  (_name, makeStore) => {
    const fresh = () => new TestBrowser(createTestServer({ makeStore, basePath: '/server/' }));

    it('is advertised in discovery', async () => {
      const doc = await (await fresh().server.fetch('.well-known/openid-configuration')).json();
      expect(doc.authorization_response_iss_parameter_supported).toBe(true);
    });

    it('ends a code response in the query, after state', async () => {
      const res = await fresh().authorize(codeRequest());
      expect(res.headers.get('location')).toMatch(
        /^http:\/\/localhost:3000\/callback\?code=[\w-]{43}&state=xyz&iss=http%3A%2F%2Flocalhost%3A4000%2Fserver%2F$/,
      );
    });

    it('is in an error response sent to the redirect URI', async () => {
      const res = await fresh().get(authorizePath(codeRequest({ scope: 'openid', prompt: 'none' })));
      expect(res.headers.get('location')).toBe(
        `${CALLBACK}?error=login_required&error_description=The+user+is+not+logged+in+%28prompt%3Dnone%29.&state=xyz&iss=http%3A%2F%2Flocalhost%3A4000%2Fserver%2F`,
      );
    });

    it('is in the fragment beside an ID token, and in the fragment error of an implicit request', async () => {
      const browser = fresh();
      const ok = await browser.authorize(
        codeRequest({ client_id: 'spa', response_type: 'id_token', nonce: 'n1', scope: 'openid' }),
      );
      expect(ok.headers.get('location')).toMatch(/^http:\/\/localhost:3000\/callback#id_token=/);
      const params = responseParams(ok);
      expect([...params.keys()]).toEqual(['id_token', 'state', 'iss']);
      expect(params.get('iss')).toBe(ISSUER);
      const error = await browser.get(
        authorizePath(codeRequest({ client_id: 'spa', response_type: 'id_token' })),
      );
      expect(error.headers.get('location')).toMatch(
        /^http:\/\/localhost:3000\/callback#error=invalid_request&/,
      );
      expect(responseParams(error).get('iss')).toBe(ISSUER);
    });

    it('is a field of a form_post response, success and error', async () => {
      const browser = fresh();
      const ok = await browser.authorize(codeRequest({ response_mode: 'form_post' }));
      expect(ok.status).toBe(200);
      const fields = formPostFields(await ok.text());
      expect(Object.keys(fields)).toEqual(['code', 'state', 'iss']);
      expect(fields.iss).toBe(ISSUER);
      const error = await browser.get(
        authorizePath(codeRequest({ response_mode: 'form_post', response_type: 'x' })),
      );
      expect(formPostFields(await error.text())).toEqual({
        error: 'unsupported_response_type',
        error_description: 'Unsupported response type: x',
        state: 'xyz',
        iss: ISSUER,
      });
    });

    it('is in access_denied after Decline', async () => {
      const browser = fresh();
      const consentUrl =
        (await browser.login(await browser.startLogin(codeRequest()))).headers.get('location') ?? '';
      const res = await browser.post(consentUrl, { decision: 'decline' });
      expect(responseParams(res).get('iss')).toBe(ISSUER);
      expect(responseParams(res).get('error')).toBe('access_denied');
    });
  },
);
