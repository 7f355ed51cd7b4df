import { oauthError } from '../errors.ts';
import { MAX_PARAM_LENGTH } from '../params.ts';
import type { AuthorizeParams } from './authorize-params.ts';

/** RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once." */
export function checkParameters(params: AuthorizeParams): void {
  const [duplicate] = params.duplicated;
  if (duplicate !== undefined)
    throw oauthError('invalid_request', `Parameter '${duplicate}' was included more than once.`);
  const [overlong] = params.overlong;
  if (overlong !== undefined)
    throw oauthError(
      'invalid_request',
      `Parameter '${overlong}' is longer than ${MAX_PARAM_LENGTH} characters.`,
    );
  // OIDC Core §6: request objects are not supported (and must not be silently ignored).
  if (params.values.has('request'))
    throw oauthError('invalid_request', 'The request parameter (request object) is not supported.');
  if (params.values.has('request_uri'))
    throw oauthError('invalid_request', 'The request_uri parameter is not supported.');
}
