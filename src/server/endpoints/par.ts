import { parseAuthorizeParams } from '../checks/authorize-params.ts';
import { authenticateClient } from '../checks/client-auth.ts';
import { noStoreHeaders, oauthError } from '../errors.ts';
import { bodyParams } from '../params.ts';
import { PUSHED_REQUEST_LIFETIME, savePushedRequest } from './authorize/pushed.ts';
import { requestObjectParams } from './authorize/request-object.ts';
import { validateAuthorizeRequest } from './authorize/validate.ts';
import { json, type Route } from './route.ts';

/** Client authentication parameters: they authenticate the push and are not part of the request. */
const CLIENT_AUTH_PARAMS = new Set(['client_secret', 'client_assertion', 'client_assertion_type']);

/**
 * Pushed authorization requests: the client authenticates as at the token endpoint and sends the
 * authorization request in the body; it is checked exactly as /authorize checks it (errors are
 * `400` JSON here) and kept for 60 s under a one-time `request_uri`.
 * @see [RFC 9126 §2](https://www.rfc-editor.org/rfc/rfc9126.html#section-2)
 */
export const parRoute: Route = {
  methods: ['POST'],
  path: '/oauth/par',
  async handler(ctx, request) {
    const params = await bodyParams(request);
    const { client } = await authenticateClient(ctx, request, params);
    // RFC 9126 §2.1: "The request_uri authorization request parameter is one exception, and it MUST NOT be provided."
    if (params.has('request_uri'))
      throw oauthError(
        'invalid_request',
        'request_uri must not be pushed: it is what this endpoint returns (RFC 9126 §2.1).',
      );
    let pairs: [string, string][] = [['client_id', client.clientId]];
    for (const [name, value] of params) {
      if (!CLIENT_AUTH_PARAMS.has(name) && name !== 'client_id') pairs.push([name, value]);
    }
    const requestObject = params.get('request');
    // RFC 9126 §3: a pushed request object is verified, and its parameters are the request.
    if (requestObject !== undefined) pairs = await requestObjectParams(ctx, client, requestObject);
    const validation = validateAuthorizeRequest(ctx, parseAuthorizeParams(pairs));
    if (validation.kind !== 'ok') {
      const { code, description } = validation.error;
      throw oauthError(code, description, { status: code === 'invalid_client' ? 401 : 400 });
    }
    const pushed = await savePushedRequest(ctx, client.clientId, pairs);
    return json(
      { request_uri: pushed.id, expires_in: PUSHED_REQUEST_LIFETIME },
      { status: 201, headers: noStoreHeaders },
    );
  },
};
