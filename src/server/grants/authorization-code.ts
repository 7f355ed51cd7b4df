import { checkBinding } from '../dpop/token-endpoint.ts';
import { oauthError } from '../errors.ts';
import { required } from '../params.ts';
import { unchanged } from '../store/types.ts';
import { createGrant, issueTokenResponse } from '../tokens/issue.ts';
import { randomToken } from '../tokens/random.ts';
import type { AuthorizationCodeRecord } from '../tokens/records.ts';
import { revokeGrant } from '../tokens/revoke.ts';
import { checkCodeVerifier } from './pkce.ts';
import type { Grant } from './types.ts';
import { grantUser } from './users.ts';

/**
 * Authorization code (RFC 6749 §4.1.3), with PKCE (RFC 7636). A code is bound to its client and
 * redirect URI, expires, and is consumed exactly once; a second use revokes what the first one issued.
 */
export const authorizationCodeGrant: Grant = {
  grantType: 'authorization_code',
  async handler({ ctx, client, params, dpop }) {
    const code = required(params, 'code');
    const record = await ctx.store.get<AuthorizationCodeRecord>('codes', code);
    // RFC 6749 §4.1.3: "ensure that the authorization code was issued to the authenticated confidential client".
    if (!record || record.clientId !== client.clientId) {
      throw oauthError('invalid_grant', 'Invalid authorization code.');
    }
    if (record.consumedAt !== undefined) {
      // RFC 6749 §4.1.2: "If an authorization code is used more than once, the authorization server MUST
      // deny the request and SHOULD revoke (when possible) all tokens previously issued based on that code."
      if (record.grantId) await revokeGrant(ctx, record.grantId);
      throw oauthError(
        'invalid_grant',
        'The authorization code was already used; the tokens issued from it are revoked.',
      );
    }
    if (record.expiresAt <= ctx.now) throw oauthError('invalid_grant', 'The authorization code has expired.');
    if (record.redirectUri !== undefined) {
      const redirectUri = params.get('redirect_uri');
      // RFC 6749 §4.1.3: redirect_uri is REQUIRED if it was included in the authorization request.
      if (redirectUri === undefined)
        throw oauthError('invalid_request', 'Missing required parameter: redirect_uri');
      if (redirectUri !== record.redirectUri) {
        throw oauthError('invalid_grant', 'redirect_uri does not match the one sent to /authorize.');
      }
    }
    const requirePkce = client.requirePkce ?? client.type === 'public';
    if (requirePkce && record.codeChallenge === undefined) {
      throw oauthError(
        'invalid_grant',
        'This client must use PKCE, and the code was issued without a code_challenge.',
      );
    }
    await checkCodeVerifier(params.get('code_verifier'), record);
    // RFC 9449 §10.1: a code requested with dpop_jkt is redeemed only with a proof of that key.
    checkBinding(record.dpopJkt, dpop, 'authorization code');
    const user = grantUser(ctx, record.userId);

    // The grant exists before the code is marked used, so that a concurrent second use finds it to revoke.
    const grant = await createGrant(ctx, {
      id: randomToken(16),
      clientId: client.clientId,
      sub: user.id,
      userId: user.id,
      audience: record.audience,
      scope: record.scope,
      authTime: record.authTime,
      nonce: record.nonce,
      ...(record.authorizationDetails ? { authorizationDetails: record.authorizationDetails } : {}),
      ...(record.claims ? { claims: record.claims } : {}),
      ...(record.acr !== undefined ? { acr: record.acr } : {}),
      grantType: 'authorization_code',
    });
    const outcome: { consumed: boolean; reusedGrantId?: string } = { consumed: false };
    await ctx.store.update<AuthorizationCodeRecord>('codes', code, (current) => {
      if (!current) return unchanged;
      if (current.consumedAt !== undefined) {
        outcome.reusedGrantId = current.grantId;
        return unchanged;
      }
      outcome.consumed = true;
      return { ...current, consumedAt: ctx.now, grantId: grant.id };
    });
    if (!outcome.consumed) {
      await ctx.store.delete('grants', grant.id);
      if (outcome.reusedGrantId) await revokeGrant(ctx, outcome.reusedGrantId);
      throw oauthError(
        'invalid_grant',
        'The authorization code was already used; the tokens issued from it are revoked.',
      );
    }
    return issueTokenResponse(ctx, { dpop, grant, client, user, refreshable: true });
  },
};
