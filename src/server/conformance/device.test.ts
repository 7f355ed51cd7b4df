import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import { ALICE, API, type Conformance, setup } from './client.ts';

describe.each(Object.entries(storeFactories))(
  'conformance: device authorization (%s store)',
  (_name, makeStore) => {
    let c: Conformance;
    beforeEach(async () => {
      c = await setup(makeStore);
    });

    const start = async () => {
      const client = c.client('device-app');
      const response = await oauth.deviceAuthorizationRequest(
        c.as,
        client,
        oauth.None(),
        { scope: 'openid profile offline_access read:messages', audience: API },
        c.http,
      );
      expect(response.status).toBe(200);
      return oauth.processDeviceAuthorizationResponse(c.as, client, response);
    };

    /** One poll; the oauth4webapi error code when the server answers an error. */
    const poll = async (deviceCode: string) => {
      const client = c.client('device-app');
      const response = await oauth.deviceCodeGrantRequest(c.as, client, oauth.None(), deviceCode, c.http);
      try {
        return { tokens: await oauth.processDeviceCodeResponse(c.as, client, response) };
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError) return { error: error.error, status: error.status };
        throw error;
      }
    };

    /** A person opens verification_uri_complete, logs in and answers the consent page. */
    const approve = async (verificationUri: string, answer: 'Accept' | 'Decline') => {
      const ua = c.browser();
      await ua.navigate(verificationUri);
      // RFC 8628 §3.3.1: the code may be prefilled; the person confirms it.
      if (ua.hasButton('Continue')) await ua.press('Continue');
      if (ua.hasField('Email'))
        await ua.fill('Email', ALICE.email).fill('Password', ALICE.password).press('Log in');
      if (ua.hasButton('Accept')) await ua.press(answer);
      return ua;
    };

    it('answers the RFC 8628 §3.2 fields with the tenant interval and lifetime', async () => {
      const device = await start();
      expect(device.interval).toBe(5);
      expect(device.expires_in).toBe(900);
      expect(device.verification_uri).toBe(new URL('activate', c.server.issuer).href);
      expect(device.verification_uri_complete).toContain(encodeURIComponent(device.user_code));
      expect(device.device_code).not.toBe(device.user_code);
    });

    it('pending, then slow_down when polled faster than the interval, then approved tokens', async () => {
      const device = await start();
      expect(await poll(device.device_code)).toEqual({ error: 'authorization_pending', status: 400 });
      // RFC 8628 §3.5: polling again before the interval has passed.
      expect(await poll(device.device_code)).toEqual({ error: 'slow_down', status: 400 });
      c.advance(11); // the interval grows by 5 s after a slow_down
      expect((await poll(device.device_code)).error).toBe('authorization_pending');

      const ua = await approve(device.verification_uri_complete ?? '', 'Accept');
      expect(ua.text).toMatch(/device|success|approved|done|connected/i);
      c.advance(11);
      const { tokens } = await poll(device.device_code);
      expect(tokens?.refresh_token).toEqual(expect.any(String));
      const claims = await c.verify(tokens?.access_token ?? '', { audience: API, typ: 'at+jwt' });
      expect(claims).toMatchObject({ sub: ALICE.id, azp: 'device-app' });
      const id = await c.verify(tokens?.id_token ?? '', { audience: 'device-app' });
      expect(id.name).toBe('Alice Liddell');
      // A device code is consumed once.
      c.advance(11);
      expect((await poll(device.device_code)).error).toBe('invalid_grant');
    });

    it('the user declines: access_denied', async () => {
      const device = await start();
      await approve(device.verification_uri_complete ?? '', 'Decline');
      expect(await poll(device.device_code)).toEqual({ error: 'access_denied', status: 400 });
    });

    it('after expires_in: expired_token', async () => {
      const device = await start();
      c.advance(901);
      expect(await poll(device.device_code)).toEqual({ error: 'expired_token', status: 400 });
    });

    it('the activation page takes a typed code in the field labelled Code', async () => {
      const device = await start();
      const ua = c.browser();
      await ua.navigate(new URL('activate', c.server.issuer));
      expect(ua.hasField('Code')).toBe(true);
      await ua.fill('Code', device.user_code).press('Continue');
      if (ua.hasField('Email'))
        await ua.fill('Email', ALICE.email).fill('Password', ALICE.password).press('Log in');
      expect(ua.hasButton('Accept')).toBe(true);
      await ua.press('Accept');
      const { tokens } = await poll(device.device_code);
      expect(tokens?.access_token).toEqual(expect.any(String));
    });

    it('an unknown user code shows the form again with an error, escaped', async () => {
      const ua = c.browser();
      await ua.navigate(new URL('activate', c.server.issuer));
      const page = await ua.fill('Code', '<b>NOPE</b>').press('Continue');
      expect(page.body).not.toContain('<b>NOPE</b>');
      expect(ua.hasField('Code')).toBe(true);
    });
  },
);
