/**
 * OAuth errors are values: one class carries the RFC error code, a human description and the
 * HTTP status. Tests match `code`; people read `description`.
 * @see [RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'unmet_authentication_requirements'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'unsupported_token_type'
  | 'method_not_allowed'
  | 'not_found'
  | 'request_too_large'
  | 'invalid_tenant'
  | 'invalid_target'
  // RFC 7591 §3.2.2
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  // RFC 9101 §7, OIDC Core §3.1.2.6
  | 'invalid_request_object'
  | 'invalid_request_uri'
  | 'request_not_supported'
  | 'request_uri_not_supported'
  // RFC 9449 §5, §7.1, §8
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  // RFC 9396 §5
  | 'invalid_authorization_details'
  // OpenID CIBA Core §13
  | 'unknown_user_id'
  | 'invalid_binding_message';

const defaultStatus: Partial<Record<OAuthErrorCode, number>> = {
  invalid_client: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  server_error: 500,
  temporarily_unavailable: 503,
  method_not_allowed: 405,
  not_found: 404,
  request_too_large: 413,
};

export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly description: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Extra members of the JSON body (e.g. field errors of an invalid tenant). */
  readonly extra: Record<string, unknown>;

  constructor(
    code: OAuthErrorCode,
    description: string,
    options: {
      status?: number;
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(`${code}: ${description}`, { cause: options.cause });
    this.name = 'OAuthError';
    this.code = code;
    this.description = errorDescriptionText(description);
    this.status = options.status ?? defaultStatus[code] ?? 400;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { error: this.code, error_description: this.description, ...this.extra };
  }
}

/**
 * RFC 6749 §4.1.2.1 and §5.2: "Values for the "error_description" parameter MUST NOT include
 * characters outside the set %x20-21 / %x23-5B / %x5D-7E." Descriptions are written for people
 * (with § and typographic quotes), so they are spelled in that set here, once, for every response
 * mode and for the WWW-Authenticate challenges (RFC 6750 §3 has the same rule).
 */
export function errorDescriptionText(text: string): string {
  return text
    .replace(/§\s?/g, 'section ')
    .replace(/[‘’“”"]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/\\/g, '/')
    .replace(/\s/g, ' ')
    .replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
}

export function oauthError(
  code: OAuthErrorCode,
  description: string,
  options?: ConstructorParameters<typeof OAuthError>[2],
): OAuthError {
  return new OAuthError(code, description, options);
}

/** Responses that carry tokens or errors must not be cached (RFC 6749 §5.1). */
export const noStoreHeaders = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

export function errorResponse(error: OAuthError): Response {
  return new Response(JSON.stringify(error.toJSON()), {
    status: error.status,
    headers: { 'Content-Type': 'application/json', ...noStoreHeaders, ...error.headers },
  });
}

/** Anything unexpected: a 500 with no stack trace on the wire. */
export function serverErrorResponse(): Response {
  return errorResponse(oauthError('server_error', 'The server met an unexpected condition.'));
}
