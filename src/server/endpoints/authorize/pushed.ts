import type { ServerContext } from '../../context.ts';
import { oauthError } from '../../errors.ts';
import { unchanged } from '../../store/types.ts';
import { randomToken } from '../../tokens/random.ts';

/** RFC 9126 §2.2: the URN prefix of the request_uri values this server issues. */
export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';
/** RFC 9126 §2.2: a request_uri lives briefly; 60 s here (the RFC's example too). */
export const PUSHED_REQUEST_LIFETIME = 60;

/** A pushed authorization request, kept until its request_uri is used once or expires. */
export interface PushedRequest {
  id: string;
  clientId: string;
  /** The authorization request's parameters (a pushed request object already unpacked). */
  pairs: [string, string][];
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
}

export async function savePushedRequest(
  ctx: ServerContext,
  clientId: string,
  pairs: [string, string][],
): Promise<PushedRequest> {
  const record: PushedRequest = {
    id: `${REQUEST_URI_PREFIX}${randomToken(32)}`,
    clientId,
    pairs,
    createdAt: ctx.now,
    expiresAt: ctx.now + PUSHED_REQUEST_LIFETIME,
  };
  await ctx.store.put('pushedRequests', record.id, record);
  return record;
}

/**
 * Uses a request_uri exactly once (one store transaction, so two tabs cannot both use it):
 * unknown, expired, already used or another client's is `invalid_request_uri` (RFC 9126 §4,
 * RFC 9101 §7). It is marked used rather than deleted, so that a second use can say so.
 */
export async function consumePushedRequest(
  ctx: ServerContext,
  requestUri: string,
  clientId: string,
): Promise<PushedRequest> {
  const { before } = await ctx.store.update<PushedRequest>('pushedRequests', requestUri, (current) =>
    current && current.usedAt === undefined && current.clientId === clientId && ctx.now < current.expiresAt
      ? { ...current, usedAt: ctx.now }
      : unchanged,
  );
  if (!before)
    throw oauthError(
      'invalid_request_uri',
      'The request_uri is unknown: push the request to /oauth/par first.',
    );
  if (before.clientId !== clientId)
    throw oauthError('invalid_request_uri', 'The request_uri was issued to another client.');
  if (before.usedAt !== undefined)
    throw oauthError(
      'invalid_request_uri',
      'The request_uri was already used: a pushed request works once (RFC 9126 §4).',
    );
  if (ctx.now >= before.expiresAt)
    throw oauthError(
      'invalid_request_uri',
      `The request_uri has expired (it lives ${PUSHED_REQUEST_LIFETIME} s).`,
    );
  return before;
}
