import { oauthError } from '../errors.ts';
import type { Client, GrantType } from '../tenant/schema.ts';
import type { AuthorizeParams } from './authorize-params.ts';
import type { ResponseMode, ResponseType } from './authorize-request.ts';

const supported: Record<string, ResponseType> = {
  code: 'code',
  token: 'token',
  id_token: 'id_token',
  'id_token token': 'id_token token',
  'code id_token': 'code id_token',
  'code token': 'code token',
  'code id_token token': 'code id_token token',
};

/** OIDC Core §3.3: a response type that returns a code and tokens from the authorization endpoint. */
export function isHybrid(responseType: ResponseType): boolean {
  return responseType.startsWith('code ');
}

/** Whether the response type returns an authorization code (code flow or hybrid flow). */
export function returnsCode(responseType: ResponseType): boolean {
  return responseType === 'code' || isHybrid(responseType);
}

/** The response type's space-separated values in a canonical order (their order does not matter, OAuth 2.0 Multiple Response Types §5). */
function canonical(value: string): string {
  return [...new Set(value.split(' ').filter(Boolean))].sort().join(' ');
}

/** A response type this server supports: code, implicit (OIDC Core §3.2) and hybrid (§3.3). */
export function checkResponseType(params: AuthorizeParams): ResponseType {
  const value = params.values.get('response_type');
  if (value === undefined) throw oauthError('invalid_request', 'Missing required parameter: response_type');
  const type = supported[canonical(value)];
  if (!type) throw oauthError('unsupported_response_type', `Unsupported response type: ${value}`);
  return type;
}

/**
 * The grants a response type needs: `code` needs authorization_code, implicit types implicit, and
 * hybrid types both (a code, and tokens from the authorization endpoint).
 */
export function checkResponseTypeAllowed(client: Client, responseType: ResponseType): void {
  const needed: GrantType[] = isHybrid(responseType)
    ? ['authorization_code', 'implicit']
    : [responseType === 'code' ? 'authorization_code' : 'implicit'];
  for (const grant of needed) {
    if (!client.grantTypes.includes(grant)) {
      throw oauthError(
        'unauthorized_client',
        `Client ${client.clientId} is not allowed the ${grant} grant (response_type ${responseType}).`,
      );
    }
  }
}

/** The default response mode: `query` for code, `fragment` for anything that returns a token. */
export function defaultResponseMode(responseType: string | undefined): ResponseMode {
  if (responseType === undefined) return 'query';
  const values = responseType.split(' ');
  return values.includes('token') || values.includes('id_token') ? 'fragment' : 'query';
}

/**
 * The response mode: `query`, `fragment`, `form_post`, or Auth0's `web_message`. Tokens must never
 * go in the query (OAuth 2.0 Multiple Response Types §2.1).
 */
export function checkResponseMode(params: AuthorizeParams, responseType: ResponseType): ResponseMode {
  const value = params.values.get('response_mode');
  if (value === undefined) return defaultResponseMode(responseType);
  if (value !== 'query' && value !== 'fragment' && value !== 'form_post' && value !== 'web_message')
    throw oauthError('invalid_request', `Unsupported response_mode: ${value}`);
  // OAuth 2.0 Multiple Response Types §5: tokens from the authorization endpoint never go in the query.
  if (value === 'query' && responseType !== 'code')
    throw oauthError(
      'invalid_request',
      `response_mode query is not allowed with response_type ${responseType}.`,
    );
  return value;
}

/**
 * Where an error about this request goes before it is fully checked: the mode it asked for if
 * that mode is usable, else the default for its response type.
 */
export function errorResponseMode(params: AuthorizeParams): ResponseMode {
  const rawType = params.values.get('response_type');
  const type = rawType === undefined ? undefined : canonical(rawType);
  const fallback = defaultResponseMode(type);
  const mode = params.duplicated.has('response_mode') ? undefined : params.values.get('response_mode');
  // web_message only gets here once its origin is checked (checkWebMessageOrigin).
  if (mode === 'form_post' || mode === 'fragment' || mode === 'web_message') return mode;
  if (mode === 'query' && fallback === 'query') return 'query';
  return fallback;
}
