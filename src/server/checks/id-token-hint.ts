import { jwtVerify } from 'jose';
import type { ServerContext } from '../context.ts';
import { oauthError } from '../errors.ts';
import type { Client } from '../tenant/schema.ts';
import { serverKeys } from './bearer.ts';

/** An expired ID token still says who the user was; only this much expiry is tolerated (the longest lifetime). */
const EXPIRED_HINT_TOLERANCE = 10 * 365 * 86400;

/**
 * OIDC Core §3.1.2.1 `id_token_hint`: "ID Token previously issued by the Authorization Server being
 * passed as a hint about the End-User's current or past authenticated session with the Client".
 * It must be one of our ID tokens (signature, `iss`, `typ`) issued to this client (`aud`); expired is
 * fine. Returns its `sub`; anything else is `invalid_request`.
 */
export async function checkIdTokenHint(ctx: ServerContext, client: Client, hint: string): Promise<string> {
  const keys = await serverKeys(ctx);
  try {
    const { payload } = await jwtVerify(hint, keys, {
      issuer: ctx.issuer,
      audience: client.clientId,
      typ: 'JWT',
      algorithms: ['RS256', 'ES256'],
      currentDate: new Date(ctx.now * 1000),
      clockTolerance: EXPIRED_HINT_TOLERANCE,
    });
    if (typeof payload.sub !== 'string') throw new Error('no sub');
    return payload.sub;
  } catch {
    throw oauthError(
      'invalid_request',
      `id_token_hint is not an ID token this server issued to ${client.clientId}.`,
    );
  }
}
