import { authenticateClient } from '../checks/client-auth.ts';
import { tokenRequestBinding } from '../dpop/token-endpoint.ts';
import { noStoreHeaders, oauthError } from '../errors.ts';
import { findGrant } from '../grants/index.ts';
import { bodyParams, required } from '../params.ts';
import { json, type Route } from './route.ts';

/**
 * The token endpoint: every grant, form or JSON body (Auth0 accepts both).
 * @see [RFC 6749 §3.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.2)
 */
export const tokenRoute: Route = {
  methods: ['POST'],
  path: '/oauth/token',
  async handler(ctx, request) {
    const params = await bodyParams(request, { json: true });
    const grantType = required(params, 'grant_type');
    const grant = findGrant(grantType);
    if (!grant) throw oauthError('unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    const { client } = await authenticateClient(ctx, request, params);
    if (!client.grantTypes.includes(grant.grantType)) {
      throw oauthError(
        'unauthorized_client',
        `The grant type ${grantType} is not enabled for the client ${client.clientId}.`,
      );
    }
    const dpop = await tokenRequestBinding(ctx, request, client);
    const body = await grant.handler({ ctx, client, params, dpop });
    // RFC 6749 §5.1: Cache-Control: no-store and Pragma: no-cache on every response with tokens.
    return json(body, { headers: noStoreHeaders });
  },
};
