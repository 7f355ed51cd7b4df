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
  // RFC 9101 §4: a request object (or a pushed request) never nests another one.
  if (params.values.has('request') || params.values.has('request_uri'))
    throw oauthError('invalid_request_object', 'A request object must not contain request or request_uri.');
}
