import { authenticateClient } from '../checks/client-auth.ts';
import { findApi, grantableScopes } from '../checks/scope.ts';
import { BACKCHANNEL_INTERVAL, BACKCHANNEL_LIFETIME, type BackchannelRequest } from '../ciba/records.ts';
import { noStoreHeaders, oauthError } from '../errors.ts';
import { bodyParams, splitScope } from '../params.ts';
import { randomToken } from '../tokens/random.ts';
import { json, type Route } from './route.ts';

export const CIBA_GRANT = 'urn:openid:params:grant-type:ciba';
const MAX_BINDING_MESSAGE = 64;

/**
 * The backchannel authentication endpoint (OpenID CIBA Core §7, poll mode): a confidential client
 * names the user by `login_hint` (an email) and gets an `auth_req_id` to poll the token endpoint
 * with, while the user approves on their authentication device (`/authentication-device`).
 */
export const backchannelAuthorizeRoute: Route = {
  methods: ['POST'],
  path: '/bc-authorize',
  async handler(ctx, request) {
    const params = await bodyParams(request);
    const { client, method } = await authenticateClient(ctx, request, params);
    // CIBA Core §4: "only confidential clients", registered for the CIBA grant.
    if (method === 'none' || !client.grantTypes.includes(CIBA_GRANT)) {
      throw oauthError('unauthorized_client', `The client ${client.clientId} may not use CIBA.`);
    }
    const requested = splitScope(params.get('scope'));
    // CIBA Core §7.1: scope is REQUIRED and must contain openid.
    if (!requested.includes('openid')) throw oauthError('invalid_scope', 'scope must include openid.');
    const hints = ['login_hint', 'login_hint_token', 'id_token_hint'].filter((h) => params.has(h));
    // CIBA Core §7.1: exactly one hint.
    if (hints.length !== 1)
      throw oauthError(
        'invalid_request',
        'Send exactly one of login_hint, login_hint_token and id_token_hint.',
      );
    if (hints[0] !== 'login_hint')
      throw oauthError(
        'invalid_request',
        `${hints[0]} is not supported: send login_hint (the user's email).`,
      );
    const email = (params.get('login_hint') ?? '').trim().toLowerCase();
    const user = ctx.tenant.users.find((u) => u.email.toLowerCase() === email);
    if (!user) throw oauthError('unknown_user_id', 'No user has that login_hint.');
    const bindingMessage = params.get('binding_message');
    // CIBA Core §7.1: a short plain-text message shown on both devices.
    if (
      bindingMessage !== undefined &&
      (bindingMessage.length > MAX_BINDING_MESSAGE || /[\p{Cc}]/u.test(bindingMessage))
    ) {
      throw oauthError(
        'invalid_binding_message',
        `binding_message must be plain text of at most ${MAX_BINDING_MESSAGE} characters.`,
      );
    }
    let lifetime = BACKCHANNEL_LIFETIME;
    const expiry = params.get('requested_expiry');
    if (expiry !== undefined) {
      if (!/^[1-9][0-9]{0,5}$/.test(expiry))
        throw oauthError('invalid_request', 'requested_expiry must be a positive whole number of seconds.');
      lifetime = Math.min(lifetime, Number(expiry));
    }
    const api = findApi(ctx.tenant, params.get('audience'));
    const record: BackchannelRequest = {
      authReqId: randomToken(32),
      approvalId: randomToken(16),
      clientId: client.clientId,
      userId: user.id,
      scope: grantableScopes(requested, api),
      ...(api ? { audience: api.identifier } : {}),
      ...(bindingMessage !== undefined ? { bindingMessage } : {}),
      createdAt: ctx.now,
      expiresAt: ctx.now + lifetime,
      interval: BACKCHANNEL_INTERVAL,
      status: 'pending',
    };
    await ctx.store.put('backchannelRequests', record.authReqId, record);
    // CIBA Core §7.3: 200 with auth_req_id, expires_in and interval.
    return json(
      { auth_req_id: record.authReqId, expires_in: lifetime, interval: record.interval },
      { headers: noStoreHeaders },
    );
  },
};
