import { oauthError } from '../errors.ts';
import type { ClaimsRequest } from '../tokens/claims.ts';
import type { AuthorizeParams } from './authorize-params.ts';

/**
 * The one authentication context class this server satisfies: a password typed into a demo
 * login page. OIDC Core §2: "An absolute URI or an RFC 6711 registered name SHOULD be used as the
 * acr value"; the exception is "0", authentication that does not meet ISO/IEC 29115 level 1, which
 * is what a playground login is.
 */
export const ACR = '0';
export const ACR_VALUES_SUPPORTED = [ACR] as const;

/**
 * The `acr` for the ID token, when the request asks for one: by `acr_values` (OIDC Core §3.1.2.1,
 * voluntary, so never an error) or by an `acr` claim request (§5.5.1.1). An essential `acr` with
 * values this server cannot satisfy fails the authentication (`unmet_authentication_requirements`,
 * OpenID Connect Core Error Code unmet_authentication_requirements); a voluntary one leaves `acr` out.
 */
export function checkAcr(params: AuthorizeParams, claims: ClaimsRequest | undefined): string | undefined {
  const requested = claims?.id_token?.acr;
  if (requested !== undefined) {
    const values = requested?.values ?? (requested?.value !== undefined ? [requested.value] : undefined);
    if (values === undefined || values.includes(ACR)) return ACR;
    if (requested?.essential)
      throw oauthError(
        'unmet_authentication_requirements',
        `None of the essential acr values can be satisfied; this server supports: ${ACR_VALUES_SUPPORTED.join(' ')}.`,
      );
    return undefined;
  }
  return params.values.has('acr_values') ? ACR : undefined;
}
