import {
  authenticateBearer,
  bearerChallenge,
  InvalidTokenError,
  looksLikeJwt,
  type VerifiedAccessToken,
  validateAccessToken,
} from '../checks/bearer.ts';
import type { ServerContext } from '../context.ts';
import { errorDescriptionText, type OAuthError, oauthError } from '../errors.ts';
import type { Params } from '../params.ts';
import { DPOP_ALGS, DpopProblem, dpopHeader, verifyDpopProof } from './proof.ts';

/** RFC 6750 §2.1 token68 characters, as the DPoP scheme uses them too (RFC 9449 §7.1). */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

function quoted(value: string): string {
  return `"${errorDescriptionText(value)}"`;
}

/** The `WWW-Authenticate: DPoP` challenge, with the algorithms a proof may use (RFC 9449 §7.1). */
export function dpopChallenge(
  realm: string,
  error?: { code: string; description: string; scope?: string },
): string {
  const parts = [`realm=${quoted(realm)}`];
  if (error) {
    parts.push(`error=${quoted(error.code)}`, `error_description=${quoted(error.description)}`);
    if (error.scope !== undefined) parts.push(`scope=${quoted(error.scope)}`);
  }
  parts.push(`algs=${quoted(DPOP_ALGS.join(' '))}`);
  return `DPoP ${parts.join(', ')}`;
}

function dpopError(
  realm: string,
  code: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'invalid_dpop_proof' | 'use_dpop_nonce',
  description: string,
  options: { scope?: string; nonce?: string } = {},
): OAuthError {
  const status = code === 'insufficient_scope' ? 403 : code === 'invalid_request' ? 400 : 401;
  return oauthError(code, description, {
    status,
    headers: {
      'WWW-Authenticate': dpopChallenge(realm, { code, description, scope: options.scope }),
      ...(options.nonce ? { 'DPoP-Nonce': options.nonce } : {}),
    },
  });
}

/** The JWT claim or the record that binds a token to a key: `cnf.jkt` (RFC 9449 §6). */
function boundJkt(verified: VerifiedAccessToken): string | undefined {
  return verified.record.jkt;
}

export interface ResourceOptions {
  realm: string;
  audience?: string;
  requiredScope?: string;
  /** Another way the token may be allowed in without the scope (RFC 9396 authorization_details). */
  alsoPermits?: (verified: VerifiedAccessToken) => boolean;
  bodyParams?: Params;
}

function permitted(verified: VerifiedAccessToken, options: ResourceOptions): boolean {
  if (options.requiredScope === undefined || verified.record.scope.includes(options.requiredScope))
    return true;
  return options.alsoPermits?.(verified) ?? false;
}

/**
 * A request to a protected resource (userinfo, the sample API) with `Authorization: Bearer` or
 * `Authorization: DPoP` (RFC 9449 §7). A DPoP-bound token is refused as a Bearer token (§7.2);
 * with the DPoP scheme the proof must carry `ath`, be made with the bound key, and, when the
 * token's client requires it, the server nonce (§9).
 */
export async function authenticateResource(
  ctx: ServerContext,
  request: Request,
  options: ResourceOptions,
): Promise<VerifiedAccessToken> {
  const header = request.headers.get('authorization')?.trim() ?? '';
  const scheme = /^DPoP(?:\s+(.*))?$/i.exec(header);
  if (!scheme) {
    const verified = await authenticateBearer(ctx, request, { ...options, requiredScope: undefined });
    if (boundJkt(verified) !== undefined) {
      // RFC 9449 §7.2: a DPoP-bound access token must not be accepted as a bearer token.
      throw dpopError(
        options.realm,
        'invalid_token',
        'This access token is DPoP-bound: send it as Authorization: DPoP with a DPoP proof.',
      );
    }
    if (!permitted(verified, options)) {
      const description = `The access token needs the scope ${options.requiredScope}.`;
      throw oauthError('insufficient_scope', description, {
        headers: {
          'WWW-Authenticate': bearerChallenge(options.realm, {
            code: 'insufficient_scope',
            description,
            scope: options.requiredScope,
          }),
        },
      });
    }
    return verified;
  }
  const token = scheme[1]?.trim() ?? '';
  if (!token || !TOKEN68.test(token))
    throw dpopError(options.realm, 'invalid_request', 'The Authorization header is not a valid DPoP token.');
  let verified: VerifiedAccessToken;
  try {
    verified = await validateAccessToken(ctx, token, { audience: options.audience });
  } catch (error) {
    if (error instanceof InvalidTokenError)
      throw dpopError(options.realm, 'invalid_token', error.description);
    throw error;
  }
  const jkt = boundJkt(verified);
  if (jkt === undefined)
    throw dpopError(
      options.realm,
      'invalid_token',
      `This access token is not DPoP-bound: send it as Authorization: Bearer${looksLikeJwt(token) ? '' : ' (it is opaque)'}.`,
    );
  const client = ctx.tenant.clients.find((c) => c.clientId === verified.record.clientId);
  try {
    const proof = dpopHeader(request);
    if (proof === undefined)
      throw new DpopProblem('invalid_dpop_proof', 'A DPoP token needs a DPoP proof header.');
    await verifyDpopProof(ctx, request, proof, {
      accessToken: token,
      jkt,
      requireNonce: client?.requireDpopNonce ?? false,
    });
  } catch (error) {
    if (error instanceof DpopProblem)
      throw dpopError(options.realm, error.code, error.description, { nonce: error.nonce });
    throw error;
  }
  if (!permitted(verified, options)) {
    throw dpopError(
      options.realm,
      'insufficient_scope',
      `The access token needs the scope ${options.requiredScope}.`,
      {
        scope: options.requiredScope,
      },
    );
  }
  return verified;
}
