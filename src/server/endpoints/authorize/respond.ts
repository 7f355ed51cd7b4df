import type { ResponseTarget } from '../../checks/authorize-request.ts';
import { noStoreHeaders, type OAuthError } from '../../errors.ts';
import { formPostPage } from '../../pages/form-post-page.ts';
import { webMessagePage } from '../../pages/web-message-page.ts';

/** RFC 9700 §4.12: after a POST that may carry credentials, redirect with 303, never 307. */
export function redirectStatus(request: Request): 302 | 303 {
  return request.method === 'POST' ? 303 : 302;
}

export function redirect(
  location: string,
  status: 302 | 303,
  headers: Record<string, string> = {},
): Response {
  return new Response(null, { status, headers: { Location: location, ...noStoreHeaders, ...headers } });
}

/**
 * The authorization response (RFC 6749 §4.1.2, §4.2.2) or error (§4.1.2.1, §4.2.2.1), with
 * `state` when the request had one and `iss` always (RFC 9207), in the query, the fragment, a
 * form_post page or a web_message page (Auth0).
 */
export function authorizationResponse(
  target: ResponseTarget,
  params: Record<string, string>,
  status: 302 | 303,
  headers: Record<string, string> = {},
): Response {
  const all: Record<string, string> = { ...params };
  if (target.state !== undefined) all.state = target.state;
  // RFC 9207 §2: "the authorization server MUST provide ... the iss parameter" in success and error
  // responses alike, whatever the response mode (mix-up defence).
  all.iss = target.issuer;
  if (target.responseMode === 'form_post' || target.responseMode === 'web_message') {
    const page =
      target.responseMode === 'form_post'
        ? formPostPage(target.redirectUri, all)
        : webMessagePage(target.redirectUri, all);
    for (const [name, value] of Object.entries(headers)) page.headers.append(name, value);
    return page;
  }
  const encoded = new URLSearchParams(all).toString();
  // A registered redirect URI may have a query of its own, which is kept (RFC 6749 §3.1.2).
  const location =
    target.responseMode === 'fragment'
      ? `${target.redirectUri}#${encoded}`
      : `${target.redirectUri}${target.redirectUri.includes('?') ? '&' : '?'}${encoded}`;
  return redirect(location, status, headers);
}

export function authorizationError(
  target: ResponseTarget,
  error: OAuthError,
  status: 302 | 303,
  headers: Record<string, string> = {},
): Response {
  return authorizationResponse(
    target,
    { error: error.code, error_description: error.description },
    status,
    headers,
  );
}
