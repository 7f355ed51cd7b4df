import { secretsMatch } from '../checks/client-auth.ts';
import { findApi, grantableScopes } from '../checks/scope.ts';
import type { ServerContext } from '../context.ts';
import type { DpopBinding } from '../dpop/token-endpoint.ts';
import { oauthError } from '../errors.ts';
import { type Params, required, splitScope } from '../params.ts';
import type { Client, User } from '../tenant/schema.ts';
import { createGrant, issueTokenResponse, type TokenResponseBody } from '../tokens/issue.ts';
import type { Grant } from './types.ts';

/** Auth0's answer to wrong credentials on the password grants. */
const WRONG_CREDENTIALS = 'Wrong email or password.';

async function findUser(
  ctx: ServerContext,
  username: string,
  password: string,
  realm?: string,
): Promise<User> {
  const email = username.toLowerCase();
  const user = ctx.tenant.users.find(
    (u) => u.email.toLowerCase() === email && (realm === undefined || u.connection === realm),
  );
  // Compare even for an unknown user, so that the answer takes as long either way.
  const matches = secretsMatch(password, user?.password ?? '\u0000no user');
  // SPEC.md: token errors are 400 (RFC 6749 §5.2), where Auth0 answers this one with 403.
  if (!user || !matches) throw oauthError('invalid_grant', WRONG_CREDENTIALS);
  return user;
}

async function passwordTokens(
  ctx: ServerContext,
  client: Client,
  params: Params,
  grantType: 'password' | 'http://auth0.com/oauth/grant-type/password-realm',
  realm?: string,
  dpop?: DpopBinding,
): Promise<TokenResponseBody> {
  const username = required(params, 'username');
  const password = required(params, 'password');
  const api = findApi(ctx.tenant, params.get('audience'));
  const scope = grantableScopes(splitScope(params.get('scope')), api);
  const user = await findUser(ctx, username, password, realm);
  const grant = await createGrant(ctx, {
    clientId: client.clientId,
    sub: user.id,
    userId: user.id,
    audience: api?.identifier,
    scope,
    authTime: ctx.now,
    grantType,
  });
  return issueTokenResponse(ctx, { dpop, grant, client, user, gty: 'password', refreshable: true });
}

/**
 * Resource owner password credentials (RFC 6749 §4.3), as Auth0: `username`, `password`, optional
 * `scope` and `audience`; wrong credentials are `400 invalid_grant` "Wrong email or password.".
 */
export const passwordGrant: Grant = {
  grantType: 'password',
  handler: ({ ctx, client, params, dpop }) =>
    passwordTokens(ctx, client, params, 'password', undefined, dpop),
};

/** Auth0's password-realm extension grant: the same, with `realm` naming the connection of the user. */
export const passwordRealmGrant: Grant = {
  grantType: 'http://auth0.com/oauth/grant-type/password-realm',
  handler: ({ ctx, client, params, dpop }) => {
    const realm = required(params, 'realm');
    if (!ctx.tenant.connections.some((c) => c.name === realm)) {
      throw oauthError('invalid_request', `Unknown realm: ${realm}`);
    }
    return passwordTokens(
      ctx,
      client,
      params,
      'http://auth0.com/oauth/grant-type/password-realm',
      realm,
      dpop,
    );
  },
};
