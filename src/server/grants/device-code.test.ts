import { describe, expect, it } from 'vitest';
import {
  approveDeviceCode,
  authorizeDevice,
  DEMO_API,
  tokens,
  verifyWithJwks,
} from '../endpoints/token-testing.ts';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import type { DeviceCodeRecord } from '../tokens/records.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const poll = (server: TestServer, deviceCode: unknown, clientId = 'device-app') =>
  tokens(server, { grant_type: DEVICE_GRANT, device_code: String(deviceCode), client_id: clientId });

describe.each(Object.entries(storeFactories))(
  'device_code grant (RFC 8628 §3.4) (%s store)',
  (_name, makeStore) => {
    it('polls: authorization_pending, slow_down (interval += 5), then tokens once approved', async () => {
      const server = createTestServer({ makeStore });
      const { body } = await authorizeDevice(server);
      const pending = await poll(server, body.device_code);
      expect(pending.res.status).toBe(400);
      expect(pending.body).toEqual({
        error: 'authorization_pending',
        error_description: 'The user has not yet completed the authorization.',
      });
      server.clock.ms += 2_000;
      const tooFast = await poll(server, body.device_code);
      expect(tooFast.res.status).toBe(400);
      expect(tooFast.body).toEqual({
        error: 'slow_down',
        error_description: 'Polling too fast: wait at least 10 seconds between requests.',
      });
      server.clock.ms += 5_000; // 5 s since the last poll, but the interval is now 10 s
      expect((await poll(server, body.device_code)).body.error).toBe('slow_down');
      server.clock.ms += 15_000;
      expect((await poll(server, body.device_code)).body.error).toBe('authorization_pending');

      await approveDeviceCode(server, String(body.device_code));
      server.clock.ms += 15_000;
      const approved = await poll(server, body.device_code);
      expect(approved.res.status).toBe(200);
      expect(approved.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 86400,
        scope: 'openid profile offline_access read:messages',
        id_token: expect.any(String),
        refresh_token: expect.any(String),
      });
      expect(await verifyWithJwks(server, approved.body.access_token, { audience: DEMO_API })).toMatchObject({
        sub: 'auth0|alice',
        azp: 'device-app',
      });
      // Consumed: a second exchange is refused.
      server.clock.ms += 15_000;
      const again = await poll(server, body.device_code);
      expect(again.res.status).toBe(400);
      expect(again.body).toEqual({
        error: 'invalid_grant',
        error_description: 'The device code was already exchanged for tokens.',
      });
    });

    it('answers a denied authorization with access_denied', async () => {
      const server = createTestServer({ makeStore });
      const { body } = await authorizeDevice(server);
      await server.store.update<DeviceCodeRecord>('deviceCodes', String(body.device_code), (current) =>
        current ? { ...current, status: 'denied' } : undefined,
      );
      const { res, body: error } = await poll(server, body.device_code);
      expect(res.status).toBe(400);
      expect(error).toEqual({
        error: 'access_denied',
        error_description: 'The user denied the authorization request.',
      });
    });

    it('answers an expired device code with expired_token', async () => {
      const server = createTestServer({ makeStore });
      const { body } = await authorizeDevice(server);
      server.clock.ms += 900_000;
      const { res, body: error } = await poll(server, body.device_code);
      expect(res.status).toBe(400);
      expect(error).toEqual({
        error: 'expired_token',
        error_description: 'The device code has expired; start a new device authorization.',
      });
    });

    it('answers an unknown device code with invalid_grant', async () => {
      const server = createTestServer({ makeStore });
      expect((await poll(server, 'nope')).body).toEqual({
        error: 'invalid_grant',
        error_description: 'Unknown device code.',
      });
    });

    it('requires device_code', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, { grant_type: DEVICE_GRANT, client_id: 'device-app' });
      expect(res.status).toBe(400);
      expect(body).toEqual({
        error: 'invalid_request',
        error_description: 'Missing required parameter: device_code',
      });
    });

    it('exchanges an approved device code exactly once when polled in parallel', async () => {
      const server = createTestServer({ makeStore });
      const { body } = await authorizeDevice(server);
      await approveDeviceCode(server, String(body.device_code));
      const results = await Promise.all([poll(server, body.device_code), poll(server, body.device_code)]);
      expect(results.map((r) => r.res.status).sort()).toEqual([200, 400]);
    });
  },
);
