import { authenticateClient } from '../checks/client-auth.ts';
import { findApi, grantableScopes } from '../checks/scope.ts';
import { noStoreHeaders, oauthError } from '../errors.ts';
import { bodyParams, splitScope } from '../params.ts';
import { randomToken } from '../tokens/random.ts';
import type { DeviceCodeRecord } from '../tokens/records.ts';
import { newUserCode, normalizeUserCode } from '../tokens/user-code.ts';
import { json, type Route } from './route.ts';

/**
 * Device authorization request (RFC 8628 §3.1–3.2): a device code to poll with, and a user code
 * to type on the verification page (`/activate`).
 */
export const deviceCodeRoute: Route = {
  methods: ['POST'],
  path: '/oauth/device/code',
  async handler(ctx, request) {
    const params = await bodyParams(request, { json: true });
    const { client } = await authenticateClient(ctx, request, params);
    if (!client.grantTypes.includes('urn:ietf:params:oauth:grant-type:device_code')) {
      throw oauthError(
        'unauthorized_client',
        `The device code grant is not enabled for the client ${client.clientId}.`,
      );
    }
    const api = findApi(ctx.tenant, params.get('audience'));
    const scope = grantableScopes(splitScope(params.get('scope')), api);
    const deviceCode = randomToken(32);
    let userCode = newUserCode();
    // A user code must name one pending authorization: draw again on a collision.
    for (let attempt = 0; attempt < 5; attempt++) {
      const { before } = await ctx.store.update<string>(
        'userCodes',
        normalizeUserCode(userCode),
        (current) => (current === undefined ? deviceCode : current),
      );
      if (before === undefined) break;
      if (attempt === 4)
        throw oauthError('temporarily_unavailable', 'Could not allocate a user code; try again.');
      userCode = newUserCode();
    }
    const record: DeviceCodeRecord = {
      deviceCode,
      userCode,
      clientId: client.clientId,
      scope,
      audience: api?.identifier,
      createdAt: ctx.now,
      expiresAt: ctx.now + ctx.tenant.deviceCodeLifetime,
      interval: ctx.tenant.deviceInterval,
      status: 'pending',
    };
    await ctx.store.put('deviceCodes', deviceCode, record);
    const verificationUri = ctx.url('activate');
    return json(
      {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
        expires_in: ctx.tenant.deviceCodeLifetime,
        interval: ctx.tenant.deviceInterval,
      },
      { headers: noStoreHeaders },
    );
  },
};
