import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { InvalidTokenError, serverKeys, validateAccessToken, verifyServerJwt } from '../checks/bearer.ts';
import { grantableScopes } from '../checks/scope.ts';
import type { ServerContext } from '../context.ts';
import { oauthError } from '../errors.ts';
import { required, splitScope } from '../params.ts';
import type { User } from '../tenant/schema.ts';
import { createGrant, issueTokenResponse } from '../tokens/issue.ts';
import type { Grant } from './types.ts';

export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

interface ExchangedToken {
  sub: string;
  user?: User;
  /** The scope of a subject access token (an ID token carries none). */
  scope?: string[];
}

/**
 * Verifies a subject or actor token: an access token or an ID token issued by this server.
 * RFC 8693 §2.2.2: a token that is "invalid for any reason" is `invalid_request`.
 */
async function verifyExchangedToken(
  ctx: ServerContext,
  keys: JWTVerifyGetKey,
  token: string,
  type: string,
  name: 'subject_token' | 'actor_token',
): Promise<ExchangedToken> {
  if (type === ACCESS_TOKEN_TYPE) {
    try {
      const { record } = await validateAccessToken(ctx, token, { keys });
      return {
        sub: record.sub,
        user: ctx.tenant.users.find((u) => u.id === record.userId),
        scope: record.scope,
      };
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        throw oauthError(
          'invalid_request',
          `${name} is not a valid access token of this server: ${error.description}`,
        );
      }
      throw error;
    }
  }
  if (type === ID_TOKEN_TYPE) {
    let claims: JWTPayload;
    try {
      claims = await verifyServerJwt(ctx, token, { typ: 'JWT', keys });
    } catch {
      throw oauthError('invalid_request', `${name} is not a valid, unexpired ID token of this server.`);
    }
    const user = ctx.tenant.users.find((u) => u.id === claims.sub);
    if (!user) throw oauthError('invalid_request', `The user of the ${name} no longer exists.`);
    return { sub: user.id, user };
  }
  throw oauthError(
    'invalid_request',
    `Unsupported ${name}_type; use ${ACCESS_TOKEN_TYPE} or ${ID_TOKEN_TYPE}.`,
  );
}

/**
 * Token exchange (RFC 8693): a client trades a token this server issued (access or ID token) for an
 * access token for `audience`, optionally on behalf of an actor (`act` claim, §4.1).
 */
export const tokenExchangeGrant: Grant = {
  grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
  async handler({ ctx, client, params, dpop }) {
    const subjectToken = required(params, 'subject_token');
    const subjectTokenType = required(params, 'subject_token_type');
    const actorToken = params.get('actor_token');
    const actorTokenType = params.get('actor_token_type');
    // RFC 8693 §2.1: actor_token_type is REQUIRED when actor_token is present, and MUST NOT be sent otherwise.
    if (actorToken !== undefined && actorTokenType === undefined) {
      throw oauthError('invalid_request', 'Missing required parameter: actor_token_type');
    }
    if (actorToken === undefined && actorTokenType !== undefined) {
      throw oauthError('invalid_request', 'actor_token_type was sent without actor_token.');
    }
    const requestedType = params.get('requested_token_type');
    if (requestedType !== undefined && requestedType !== ACCESS_TOKEN_TYPE) {
      throw oauthError(
        'invalid_request',
        `Unsupported requested_token_type; this server issues ${ACCESS_TOKEN_TYPE}.`,
      );
    }
    if (params.has('resource')) {
      throw oauthError('invalid_request', 'resource is not supported; name the API with audience.');
    }
    const audience = params.get('audience');
    const api = audience === undefined ? undefined : ctx.tenant.apis.find((a) => a.identifier === audience);
    // RFC 8693 §2.2.2: "invalid_target" when the server cannot issue a token for the audience.
    if (audience !== undefined && !api) throw oauthError('invalid_target', `Unknown audience: ${audience}`);

    const keys = await serverKeys(ctx);
    const subject = await verifyExchangedToken(ctx, keys, subjectToken, subjectTokenType, 'subject_token');
    const actor =
      actorToken !== undefined && actorTokenType !== undefined
        ? await verifyExchangedToken(ctx, keys, actorToken, actorTokenType, 'actor_token')
        : undefined;

    const requested = splitScope(params.get('scope'));
    const grantable = grantableScopes(requested, api);
    const dropped = requested.filter((s) => !grantable.includes(s));
    if (dropped.length)
      throw oauthError('invalid_scope', `Unknown scope for this audience: ${dropped.join(' ')}`);
    // A subject access token's scope bounds what the exchange may grant (offline_access aside).
    const bound = subject.scope;
    const wider = bound ? grantable.filter((s) => !bound.includes(s) && s !== 'offline_access') : [];
    if (wider.length) {
      throw oauthError('invalid_scope', `The scope exceeds the subject token's scope: ${wider.join(' ')}`);
    }
    const scope = requested.length
      ? grantable
      : grantableScopes(
          (bound ?? []).filter((s) => s !== 'offline_access'),
          api,
        );

    const grant = await createGrant(ctx, {
      clientId: client.clientId,
      sub: subject.sub,
      userId: subject.user?.id,
      audience: api?.identifier,
      scope,
      authTime: ctx.now,
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
    });
    return issueTokenResponse(ctx, {
      dpop,
      grant,
      client,
      user: subject.user,
      scope,
      gty: 'token-exchange',
      refreshable: true,
      idToken: false,
      extraClaims: actor ? { act: { sub: actor.sub } } : undefined,
      issuedTokenType: ACCESS_TOKEN_TYPE,
    });
  },
};
