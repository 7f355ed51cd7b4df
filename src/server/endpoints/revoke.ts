import { authenticateClient } from '../checks/client-auth.ts';
import { noStoreHeaders, oauthError } from '../errors.ts';
import { bodyParams, required } from '../params.ts';
import { findToken } from '../tokens/lookup.ts';
import { revokeAccessToken, revokeGrant } from '../tokens/revoke.ts';
import type { Route } from './route.ts';

/**
 * Token revocation (RFC 7009). A refresh token revokes its whole grant (every refresh and access
 * token issued from it, §2.1 "SHOULD also invalidate all access tokens based on the same
 * authorization grant"); an access token revokes itself. Unknown tokens are answered 200 too (§2.2).
 */
export const revokeRoute: Route = {
  methods: ['POST'],
  path: '/oauth/revoke',
  async handler(ctx, request) {
    const params = await bodyParams(request, { json: true });
    const { client } = await authenticateClient(ctx, request, params);
    const token = required(params, 'token');
    // RFC 7009 §2.1: the hint is only a hint; any value is accepted and both kinds are searched.
    const found = await findToken(ctx, token, params.get('token_type_hint'));
    if (found) {
      // RFC 7009 §2.1: "verifies whether the token was issued to the client making the revocation request".
      if (found.record.clientId !== client.clientId) {
        throw oauthError('invalid_request', 'The token was not issued to this client.');
      }
      if (found.kind === 'refresh_token') await revokeGrant(ctx, found.record.grantId);
      else await revokeAccessToken(ctx, found.record.id);
    }
    return new Response(null, { status: 200, headers: noStoreHeaders });
  },
};
