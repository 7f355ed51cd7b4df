/** The typed result of the /authorize checks: what is persisted in an interaction. */
import type { AuthorizationDetail } from '../rar/authorization-details.ts';

import type { ClaimsRequest } from '../tokens/claims.ts';

export type ResponseType =
  | 'code'
  | 'token'
  | 'id_token'
  | 'id_token token'
  // OIDC Core §3.3: the hybrid flow.
  | 'code id_token'
  | 'code token'
  | 'code id_token token';
export type ResponseMode = 'query' | 'fragment' | 'form_post' | 'web_message';
export type Prompt = 'none' | 'login' | 'consent';

export interface AuthorizeRequest {
  clientId: string;
  /** Where the response goes: the `redirect_uri` sent, or the only one registered. */
  redirectUri: string;
  /** Whether the request named the redirect URI (then the token request must repeat it, RFC 6749 §4.1.3). */
  redirectUriSent: boolean;
  responseType: ResponseType;
  responseMode: ResponseMode;
  /** The scopes that can be granted (unknown ones dropped, RFC 6749 §3.3). */
  scope: string[];
  audience?: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  prompt: Prompt[];
  maxAge?: number;
  loginHint?: string;
  connection?: string;
  /** RFC 9396 §2: what the client asks for beyond scopes. */
  authorizationDetails?: AuthorizationDetail[];
  /** RFC 9449 §10: the DPoP key the code is bound to. */
  dpopJkt?: string;
  /** The `claims` request (OIDC Core §5.5). */
  claims?: ClaimsRequest;
  /** The `acr` for the ID token, when the request asked for one (OIDC Core §3.1.2.1, §5.5.1.1). */
  acr?: string;
  /**
   * The only user this request may be answered for: the `sub` of `id_token_hint` (OIDC Core
   * §3.1.2.1) or of `claims.id_token.sub.value` (§5.5.1).
   */
  subject?: string;
}

/** Where an authorization response (success or error) is delivered. */
export interface ResponseTarget {
  /** The issuer, sent as `iss` in every authorization response (RFC 9207 §2). */
  issuer: string;
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}
