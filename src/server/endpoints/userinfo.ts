import { bearerChallenge } from '../checks/bearer.ts';
import { authenticateResource } from '../dpop/resource.ts';
import { noStoreHeaders, oauthError } from '../errors.ts';
import { bodyParams, type Params } from '../params.ts';
import { userClaims } from '../tokens/claims.ts';
import { json, type Route } from './route.ts';

const REALM = 'userinfo';

/** RFC 6750 §2.2: the form-encoded body parameter `access_token`, for POST only. */
async function formParams(request: Request): Promise<Params | undefined> {
  if (request.method !== 'POST') return undefined;
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' ? bodyParams(request) : undefined;
}

/**
 * OIDC UserInfo (OpenID Connect Core §5.3): the claims of the token's user for its granted scopes
 * and its `claims` request (§5.5), plus the tenant's custom claims when enabled. The token needs `openid`.
 */
export const userinfoRoute: Route = {
  methods: ['GET', 'POST'],
  path: '/userinfo',
  async handler(ctx, request) {
    const verified = await authenticateResource(ctx, request, {
      realm: REALM,
      requiredScope: 'openid',
      bodyParams: await formParams(request),
    });
    const user = ctx.tenant.users.find((u) => u.id === verified.record.userId);
    if (!user) {
      const description = 'The user of this access token no longer exists.';
      throw oauthError('invalid_token', description, {
        headers: { 'WWW-Authenticate': bearerChallenge(REALM, { code: 'invalid_token', description }) },
      });
    }
    const custom = ctx.tenant.customClaims.userinfo ? (user.claims as Record<string, unknown>) : {};
    return json(
      { ...custom, ...userClaims(user, verified.record.scope, verified.grant.claims?.userinfo) },
      { headers: noStoreHeaders },
    );
  },
};
