import { saveRegisteredClient } from '../clients/registered.ts';
import { MAX_METADATA_BYTES, parseMetadata, registerClient } from '../clients/registration.ts';
import { noStoreHeaders, OAuthError, oauthError } from '../errors.ts';
import { readBodyText } from '../params.ts';
import { json, type Route } from './route.ts';

async function readMetadata(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json')
    throw oauthError(
      'invalid_client_metadata',
      'The registration request must be JSON (Content-Type: application/json).',
    );
  let text: string;
  try {
    text = await readBodyText(request, MAX_METADATA_BYTES);
  } catch (error) {
    if (error instanceof OAuthError && error.code === 'request_too_large')
      throw oauthError(
        'invalid_client_metadata',
        `The client metadata is larger than ${MAX_METADATA_BYTES} bytes.`,
      );
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw oauthError('invalid_client_metadata', 'The registration request is not valid JSON.');
  }
}

/**
 * Dynamic client registration, open (no initial access token): `201` with the client's id, its
 * secret when it has one (`client_secret_expires_at: 0`, it does not expire), and the metadata
 * as registered. Registered clients are kept in the store and survive a restarted host.
 * @see [RFC 7591 §3](https://www.rfc-editor.org/rfc/rfc7591.html#section-3)
 */
export const registerRoute: Route = {
  methods: ['POST'],
  path: '/oidc/register',
  async handler(ctx, request) {
    const registration = await registerClient(ctx.tenant, parseMetadata(await readMetadata(request)));
    const { client, metadata } = registration;
    await saveRegisteredClient(ctx.store, {
      clientId: client.clientId,
      client,
      metadata,
      registeredAt: ctx.now,
    });
    const body = {
      ...metadata,
      client_id_issued_at: ctx.now,
      ...(client.clientSecret ? { client_secret: client.clientSecret, client_secret_expires_at: 0 } : {}),
    };
    return json(body, { status: 201, headers: noStoreHeaders });
  },
};
