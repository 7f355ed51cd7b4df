import { base64url, calculateJwkThumbprint, EmbeddedJWK, errors, type JWK, jwtVerify } from 'jose';
import type { ServerContext } from '../context.ts';
import { unchanged } from '../store/types.ts';
import { acceptsNonce, currentNonce } from './nonce.ts';

/** The proof algorithms this server verifies: asymmetric only (RFC 9449 §4.2 forbids `none` and MACs). */
export const DPOP_ALGS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'] as const;

/** How old a proof's `iat` may be, and how far in the future (seconds of the server clock). */
export const PROOF_MAX_AGE = 300;
export const PROOF_FUTURE_LEEWAY = 60;
const MAX_PROOF_LENGTH = 8 * 1024;
const MAX_JTI_LENGTH = 256;

/** Why a proof is refused: `invalid_dpop_proof`, or `use_dpop_nonce` with the nonce to use (RFC 9449 §8). */
export class DpopProblem extends Error {
  constructor(
    readonly code: 'invalid_dpop_proof' | 'use_dpop_nonce',
    readonly description: string,
    readonly nonce?: string,
  ) {
    super(description);
    this.name = 'DpopProblem';
  }
}

export interface VerifiedProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's public key, as `cnf.jkt` carries it (RFC 9449 §6.1). */
  jkt: string;
  jwk: JWK;
  jti: string;
}

export interface ProofExpectations {
  /** The access token sent beside the proof (resources): `ath` must be its hash (RFC 9449 §4.3 step 11). */
  accessToken?: string;
  /** The key the token is bound to: the proof must be made with it (RFC 9449 §4.3 step 12). */
  jkt?: string;
  /** A server nonce is required (RFC 9449 §8, §9). */
  requireNonce: boolean;
}

/** The one `DPoP` header of a request, if any. Two headers arrive joined by a comma, which no JWT has. */
export function dpopHeader(request: Request): string | undefined {
  const value = request.headers.get('dpop');
  if (value === null) return undefined;
  // RFC 9449 §4.3 step 1: "there is not more than one DPoP HTTP request header field".
  if (value.includes(','))
    throw new DpopProblem('invalid_dpop_proof', 'The request has more than one DPoP header.');
  return value.trim();
}

/** `ath`: base64url of the SHA-256 of the access token's ASCII (RFC 9449 §4.2). */
export async function accessTokenHash(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return base64url.encode(new Uint8Array(digest));
}

/** The request's URI without query and fragment, normalised by the URL parser (RFC 9449 §4.3 step 9). */
function htuOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return undefined;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The proof's `htu` names this request's URI. The loopback names of one port are one server (the
 * Node host answers localhost, 127.0.0.1 and [::1] and sees every request under its issuer's name).
 */
function sameHtu(given: string | undefined, expected: string | undefined): boolean {
  if (given === undefined || expected === undefined) return false;
  if (given === expected) return true;
  const a = new URL(given);
  const b = new URL(expected);
  return (
    a.protocol === b.protocol &&
    a.port === b.port &&
    a.pathname === b.pathname &&
    LOOPBACK.has(a.hostname) &&
    LOOPBACK.has(b.hostname)
  );
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JOSEAlgNotAllowed)
    return `The DPoP proof's alg is not one of ${DPOP_ALGS.join(', ')}.`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'typ') return 'The DPoP proof must have typ dpop+jwt in its header.';
    if (error.claim === 'iat' && error.reason === 'missing') return 'The DPoP proof has no iat claim.';
    if (error.claim === 'iat')
      return `The DPoP proof's iat is too old or in the future (proofs are accepted for ${PROOF_MAX_AGE} s).`;
    if (error.reason === 'missing') return `The DPoP proof has no ${error.claim} claim.`;
    return `The DPoP proof's ${error.claim} claim is invalid.`;
  }
  if (error instanceof errors.JWTExpired)
    return error.claim === 'iat'
      ? `The DPoP proof's iat is too old or in the future (proofs are accepted for ${PROOF_MAX_AGE} s).`
      : 'The DPoP proof has expired.';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'The DPoP proof signature does not verify with its jwk.';
  if (error instanceof errors.JWSInvalid && /jwk/i.test(error.message))
    return 'The DPoP proof header must carry the public key (jwk) it was signed with.';
  return 'The DPoP proof is not a valid signed JWT.';
}

/**
 * Checks a DPoP proof as RFC 9449 §4.3 lists: one header, a JWS with `typ: dpop+jwt`, an
 * asymmetric `alg`, a public `jwk` that verifies it, `htm` and `htu` of this request, a recent
 * `iat`, the server nonce when one is required, `ath` beside an access token, the bound key, and a
 * `jti` never seen before (recorded atomically, so two concurrent uses cannot both pass).
 */
export async function verifyDpopProof(
  ctx: ServerContext,
  request: Request,
  proof: string,
  expect: ProofExpectations,
): Promise<VerifiedProof> {
  if (proof.length > MAX_PROOF_LENGTH)
    throw new DpopProblem('invalid_dpop_proof', 'The DPoP proof is too long.');
  let verified: Awaited<ReturnType<typeof jwtVerify>>;
  try {
    verified = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: [...DPOP_ALGS],
      requiredClaims: ['jti', 'htm', 'htu', 'iat'],
      maxTokenAge: PROOF_MAX_AGE,
      clockTolerance: PROOF_FUTURE_LEEWAY,
      currentDate: new Date(ctx.now * 1000),
    });
  } catch (error) {
    throw new DpopProblem('invalid_dpop_proof', describeJoseError(error));
  }
  const { payload, protectedHeader } = verified;
  const jwk = protectedHeader.jwk as JWK;
  const { htm, htu, jti, nonce, ath } = payload as Record<string, unknown>;
  if (typeof jti !== 'string' || !jti || jti.length > MAX_JTI_LENGTH)
    throw new DpopProblem(
      'invalid_dpop_proof',
      'The DPoP proof jti must be a string of 1 to 256 characters.',
    );
  if (htm !== request.method)
    throw new DpopProblem(
      'invalid_dpop_proof',
      `The DPoP proof's htm must be ${request.method}, the method of this request.`,
    );
  const expectedHtu = htuOf(request.url);
  if (typeof htu !== 'string' || !sameHtu(htuOf(htu), expectedHtu))
    throw new DpopProblem(
      'invalid_dpop_proof',
      `The DPoP proof's htu must be ${expectedHtu}, the URL of this request.`,
    );
  if (expect.requireNonce && !(await acceptsNonce(ctx, nonce))) {
    const fresh = await currentNonce(ctx);
    throw new DpopProblem(
      'use_dpop_nonce',
      nonce === undefined
        ? 'This server requires a nonce in the DPoP proof: use the one in the DPoP-Nonce header.'
        : 'The DPoP proof nonce is stale or unknown: use the one in the DPoP-Nonce header.',
      fresh,
    );
  }
  if (expect.accessToken !== undefined) {
    if (typeof ath !== 'string')
      throw new DpopProblem(
        'invalid_dpop_proof',
        'The DPoP proof has no ath claim (the hash of the access token).',
      );
    if (ath !== (await accessTokenHash(expect.accessToken)))
      throw new DpopProblem('invalid_dpop_proof', "The DPoP proof's ath does not match the access token.");
  }
  const jkt = await calculateJwkThumbprint(jwk, 'sha256');
  if (expect.jkt !== undefined && jkt !== expect.jkt)
    throw new DpopProblem(
      'invalid_dpop_proof',
      'The DPoP proof key is not the key the token is bound to (cnf.jkt).',
    );

  // RFC 9449 §11.1: a proof is used once. The jti is kept until the proof would be too old anyway.
  const id = `${jkt}:${jti}`;
  let replayed = false;
  await ctx.store.update<{ id: string; expiresAt: number }>('dpopProofs', id, (current) => {
    if (current && current.expiresAt > ctx.now) {
      replayed = true;
      return unchanged;
    }
    return { id, expiresAt: ctx.now + PROOF_MAX_AGE + PROOF_FUTURE_LEEWAY };
  });
  if (replayed)
    throw new DpopProblem(
      'invalid_dpop_proof',
      'This DPoP proof was already used (its jti was seen before).',
    );
  return { jkt, jwk, jti };
}
