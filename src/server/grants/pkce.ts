import { oauthError } from '../errors.ts';
import { s256 } from '../tokens/hash.ts';

/** RFC 7636 §4.1: `code-verifier = 43*128unreserved`, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~". */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Checks the `code_verifier` of a token request against the challenge sent to /authorize.
 * @see [RFC 7636 §4.6](https://www.rfc-editor.org/rfc/rfc7636.html#section-4.6)
 */
export async function checkCodeVerifier(
  verifier: string | undefined,
  challenge: { codeChallenge?: string; codeChallengeMethod?: 'S256' | 'plain' },
): Promise<void> {
  if (challenge.codeChallenge === undefined) {
    // RFC 9700 §2.1.1: a code_verifier for a code issued without a challenge is refused (PKCE downgrade).
    if (verifier !== undefined) {
      throw oauthError(
        'invalid_grant',
        'code_verifier was sent, but the authorization request had no code_challenge.',
      );
    }
    return;
  }
  if (verifier === undefined)
    throw oauthError('invalid_request', 'Missing required parameter: code_verifier');
  if (!CODE_VERIFIER.test(verifier)) {
    throw oauthError('invalid_request', 'code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~].');
  }
  const method = challenge.codeChallengeMethod ?? 'plain';
  const computed = method === 'S256' ? await s256(verifier) : verifier;
  if (computed !== challenge.codeChallenge) {
    throw oauthError('invalid_grant', 'code_verifier does not match the code_challenge.');
  }
}
