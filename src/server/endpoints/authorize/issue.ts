import type { AuthorizeRequest } from '../../checks/authorize-request.ts';
import type { ServerContext } from '../../context.ts';
import type { Client, User } from '../../tenant/schema.ts';
import { createGrant, issueAccessToken, issueIdToken } from '../../tokens/issue.ts';
import { randomToken } from '../../tokens/random.ts';
import type { AuthorizationCodeRecord } from '../../tokens/records.ts';

/**
 * What the authorization endpoint returns once the user is authenticated and consented:
 * a code (RFC 6749 §4.1.2), or tokens in the fragment (§4.2.2, OIDC Core §3.2.2.5).
 * Never a refresh token for implicit (RFC 6749 §4.2.2).
 */
export async function issueAuthorizationResult(
  ctx: ServerContext,
  request: AuthorizeRequest,
  client: Client,
  user: User,
  authTime: number,
): Promise<Record<string, string>> {
  if (request.responseType === 'code') {
    const record: AuthorizationCodeRecord = {
      code: randomToken(32),
      clientId: client.clientId,
      ...(request.redirectUriSent ? { redirectUri: request.redirectUri } : {}),
      userId: user.id,
      scope: request.scope,
      ...(request.audience !== undefined ? { audience: request.audience } : {}),
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      ...(request.claims ? { claims: request.claims } : {}),
      ...(request.acr !== undefined ? { acr: request.acr } : {}),
      authTime,
      ...(request.codeChallenge !== undefined
        ? { codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod }
        : {}),
      createdAt: ctx.now,
      expiresAt: ctx.now + ctx.tenant.codeLifetime,
    };
    await ctx.store.put('codes', record.code, record);
    return { code: record.code };
  }

  const grant = await createGrant(ctx, {
    clientId: client.clientId,
    sub: user.id,
    userId: user.id,
    audience: request.audience,
    scope: request.scope,
    authTime,
    nonce: request.nonce,
    ...(request.claims ? { claims: request.claims } : {}),
    ...(request.acr !== undefined ? { acr: request.acr } : {}),
    grantType: 'implicit',
  });
  const result: Record<string, string> = {};
  let accessToken: string | undefined;
  if (request.responseType === 'token' || request.responseType === 'id_token token') {
    const issued = await issueAccessToken(ctx, grant, { user });
    accessToken = issued.accessToken;
    result.access_token = issued.accessToken;
    result.token_type = 'Bearer';
    result.expires_in = String(issued.expiresIn);
    result.scope = request.scope.join(' ');
  }
  if (request.responseType === 'id_token' || request.responseType === 'id_token token') {
    // OIDC Core §3.2.2.10: at_hash when an access token is issued beside the ID token.
    result.id_token = await issueIdToken(ctx, {
      client,
      user,
      scope: request.scope,
      authTime,
      nonce: request.nonce,
      accessToken,
      claims: request.claims?.id_token,
      acr: request.acr,
    });
  }
  return result;
}
