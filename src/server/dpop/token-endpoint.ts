import type { ServerContext } from '../context.ts';
import { type OAuthError, oauthError } from '../errors.ts';
import type { Client } from '../tenant/schema.ts';
import { DpopProblem, dpopHeader, verifyDpopProof } from './proof.ts';

/** The DPoP key of a token request: tokens issued for it are bound to this thumbprint. */
export interface DpopBinding {
  jkt: string;
}

function tokenEndpointError(problem: DpopProblem): OAuthError {
  // RFC 9449 §8: `use_dpop_nonce` with the nonce in the DPoP-Nonce header; §5: other proof errors are invalid_dpop_proof.
  return oauthError(problem.code, problem.description, {
    status: 400,
    headers: problem.nonce ? { 'DPoP-Nonce': problem.nonce } : {},
  });
}

/**
 * The DPoP proof of a token request (RFC 9449 §5), checked before the grant runs so that a
 * refused proof (a nonce round trip) consumes no code. A client registered with
 * `dpop_bound_access_tokens` must send one (§5.2).
 */
export async function tokenRequestBinding(
  ctx: ServerContext,
  request: Request,
  client: Client,
): Promise<DpopBinding | undefined> {
  try {
    const proof = dpopHeader(request);
    if (proof === undefined) {
      if (client.dpopBoundAccessTokens) {
        throw new DpopProblem(
          'invalid_dpop_proof',
          `The client ${client.clientId} must send a DPoP proof with every token request (dpop_bound_access_tokens).`,
        );
      }
      return undefined;
    }
    const verified = await verifyDpopProof(ctx, request, proof, { requireNonce: client.requireDpopNonce });
    return { jkt: verified.jkt };
  } catch (error) {
    if (error instanceof DpopProblem) throw tokenEndpointError(error);
    throw error;
  }
}

/** A token bound to a key may only be used with a proof of that key (RFC 9449 §5.0, §10). */
export function checkBinding(bound: string | undefined, dpop: DpopBinding | undefined, what: string): void {
  if (bound === undefined) return;
  if (!dpop)
    throw oauthError('invalid_grant', `The ${what} is bound to a DPoP key: send a DPoP proof made with it.`);
  if (dpop.jkt !== bound) throw oauthError('invalid_grant', `The ${what} is bound to another DPoP key.`);
}
