import { oauthError } from '../errors.ts';
import { readBodyText } from '../params.ts';

/**
 * The JSON body of an admin request. Changes need `Content-Type: application/json`: a page of
 * another origin cannot send that without a CORS preflight, which these endpoints do not answer,
 * so it cannot reset or rewrite the playground with a plain form post (CSRF).
 */
export async function adminJsonBody(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json')
    throw oauthError('invalid_request', 'Content-Type must be application/json.');
  const text = await readBodyText(request);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw oauthError('invalid_request', 'The request body is not valid JSON.');
  }
}
