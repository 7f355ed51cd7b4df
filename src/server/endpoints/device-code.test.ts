import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import type { DeviceCodeRecord } from '../tokens/records.ts';
import { authorizeDevice, DEMO_API, nowOf } from './token-testing.ts';

describe.each(Object.entries(storeFactories))(
  'POST /oauth/device/code (RFC 8628 §3.1) (%s store)',
  (_name, makeStore) => {
    it('POST /oauth/device/code answers as RFC 8628 §3.2 and stores the codes', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await authorizeDevice(server);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body).toEqual({
        device_code: expect.any(String),
        user_code: expect.stringMatching(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/),
        verification_uri: 'http://localhost:4000/activate',
        verification_uri_complete: `http://localhost:4000/activate?user_code=${body.user_code}`,
        expires_in: 900,
        interval: 5,
      });
      const record = await server.store.get<DeviceCodeRecord>('deviceCodes', String(body.device_code));
      expect(record).toEqual({
        deviceCode: body.device_code,
        userCode: body.user_code,
        clientId: 'device-app',
        scope: ['openid', 'profile', 'offline_access', 'read:messages'],
        audience: DEMO_API,
        createdAt: nowOf(server),
        expiresAt: nowOf(server) + 900,
        interval: 5,
        status: 'pending',
      });
      const key = String(body.user_code).replace('-', '');
      expect(await server.store.get('userCodes', key)).toBe(body.device_code);
    });

    it('refuses a client without the device grant with unauthorized_client', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await authorizeDevice(server, { client_id: 'spa' });
      expect(res.status).toBe(400);
      expect(body.error).toBe('unauthorized_client');
    });

    it('refuses an unknown client with 401 invalid_client', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await authorizeDevice(server, { client_id: 'nobody' });
      expect(res.status).toBe(401);
      expect(body.error).toBe('invalid_client');
    });

    it('answers an unknown audience with 403 access_denied', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await authorizeDevice(server, { audience: 'https://x.example' });
      expect(res.status).toBe(403);
      expect(body.error).toBe('access_denied');
    });

    it('answers GET with 405', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('oauth/device/code');
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST, OPTIONS');
    });
  },
);
