import { authenticateClient } from '../checks/client-auth.ts';
import type { ServerContext } from '../context.ts';
import { noStoreHeaders } from '../errors.ts';
import { bodyParams, required } from '../params.ts';
import { type FoundToken, findToken } from '../tokens/lookup.ts';
import type { GrantRecord } from '../tokens/records.ts';
import { json, type Route } from './route.ts';

async function isActive(ctx: ServerContext, found: FoundToken): Promise<boolean> {
  const { record } = found;
  if (record.revokedAt !== undefined || record.expiresAt <= ctx.now) return false;
  if (found.kind === 'refresh_token' && found.record.rotatedAt !== undefined) return false;
  const grant = await ctx.store.get<GrantRecord>('grants', record.grantId);
  return grant !== undefined && grant.revokedAt === undefined;
}

/**
 * Token introspection (RFC 7662): `{active: false}` for anything not valid now (unknown, expired,
 * revoked, rotated), otherwise what the token stands for (§2.2).
 */
export const introspectRoute: Route = {
  methods: ['POST'],
  path: '/oauth/introspect',
  async handler(ctx, request) {
    const params = await bodyParams(request, { json: true });
    await authenticateClient(ctx, request, params);
    const token = required(params, 'token');
    const found = await findToken(ctx, token, params.get('token_type_hint'));
    if (!found || !(await isActive(ctx, found))) return json({ active: false }, { headers: noStoreHeaders });
    const { record } = found;
    const user = record.userId ? ctx.tenant.users.find((u) => u.id === record.userId) : undefined;
    let aud: string | string[] | undefined = record.audience;
    if (
      found.kind === 'access_token' &&
      !found.record.opaque &&
      record.audience &&
      record.scope.includes('openid')
    ) {
      aud = [record.audience, ctx.url('userinfo')];
    }
    return json(
      {
        active: true,
        scope: record.scope.join(' '),
        client_id: record.clientId,
        ...(user ? { username: user.email } : {}),
        token_type: found.kind === 'access_token' ? (found.record.jkt ? 'DPoP' : 'Bearer') : 'refresh_token',
        exp: record.expiresAt,
        iat: record.issuedAt,
        sub: record.sub,
        ...(aud !== undefined ? { aud } : {}),
        iss: ctx.issuer,
        ...(found.kind === 'access_token' && !found.record.opaque ? { jti: record.id } : {}),
        // RFC 9449 §6.2: introspection tells the key a token is bound to.
        ...(record.jkt ? { cnf: { jkt: record.jkt } } : {}),
      },
      { headers: noStoreHeaders },
    );
  },
};
