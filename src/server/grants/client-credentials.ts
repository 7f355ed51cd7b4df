import { checkScopeSyntax, findApi } from '../checks/scope.ts';
import { oauthError } from '../errors.ts';
import { required, splitScope } from '../params.ts';
import { createGrant, issueTokenResponse } from '../tokens/issue.ts';
import type { Grant } from './types.ts';

/**
 * Client credentials (RFC 6749 §4.4): the client acts on its own behalf. As Auth0: `audience` is
 * required, and the client needs a client grant for that API. Requested scopes must be among the
 * client grant's scopes (`invalid_scope` otherwise, RFC 6749 §5.2, where Auth0 would silently drop
 * them); no `scope` means every scope of the client grant. Never a refresh token nor an ID token.
 */
export const clientCredentialsGrant: Grant = {
  grantType: 'client_credentials',
  async handler({ ctx, client, params, dpop }) {
    const audience = required(params, 'audience');
    const api = findApi(ctx.tenant, audience);
    if (!api) throw oauthError('invalid_request', 'Missing required parameter: audience');
    const clientGrant = client.clientGrants.find((g) => g.audience === api.identifier);
    if (!clientGrant) {
      // Auth0's answer when the client has no client grant for the API.
      throw oauthError(
        'access_denied',
        `Client is not authorized to access "${api.identifier}". You need to create a "client-grant" associated to this API.`,
        { status: 403 },
      );
    }
    const apiScopes = new Set(api.scopes.map((s) => s.value));
    const allowed = clientGrant.scopes.filter((s) => apiScopes.has(s));
    const requested = splitScope(params.get('scope'));
    checkScopeSyntax(requested);
    const outside = requested.filter((s) => !allowed.includes(s));
    if (outside.length) {
      throw oauthError('invalid_scope', `The client is not granted the scope: ${outside.join(' ')}`);
    }
    const scope = requested.length ? requested : allowed;
    const grant = await createGrant(ctx, {
      clientId: client.clientId,
      sub: `${client.clientId}@clients`,
      audience: api.identifier,
      scope,
      grantType: 'client_credentials',
    });
    return issueTokenResponse(ctx, {
      dpop,
      grant,
      client,
      scope,
      gty: 'client-credentials',
      refreshable: false,
    });
  },
};
