import { authenticateResource } from '../dpop/resource.ts';
import { oauthError } from '../errors.ts';
import { bodyParams, required } from '../params.ts';
import { detailsPermit } from '../rar/authorization-details.ts';
import { DEMO_API } from '../tenant/demo.ts';
import { randomToken } from '../tokens/random.ts';
import { json, type Route } from './route.ts';

const REALM = 'api';
const MAX_TEXT = 500;

/** A message of the sample API. */
export interface MessageRecord {
  id: string;
  text: string;
  /** The `sub` of the token that wrote it (a user, or `<client_id>@clients`). */
  author: string;
  /** The client that wrote it. */
  clientId: string;
  createdAt: number;
  /** Orders messages written in the same second. */
  sequence: number;
}

async function listMessages(store: Parameters<Route['handler']>[0]['store']): Promise<MessageRecord[]> {
  const messages = await store.list<MessageRecord>('messages');
  return messages.sort((a, b) => a.createdAt - b.createdAt || a.sequence - b.sequence);
}

/**
 * The sample API at `https://api.example.com`: a resource server that takes the access tokens of
 * this server (RFC 6750): `read:messages` to read, `write:messages` to write.
 */
export const listMessagesRoute: Route = {
  methods: ['GET'],
  path: '/api/messages',
  async handler(ctx, request) {
    await authenticateResource(ctx, request, {
      realm: REALM,
      audience: DEMO_API,
      requiredScope: 'read:messages',
      // RFC 9396 §9: a messages detail with the read action stands for the scope.
      alsoPermits: (verified) => detailsPermit(verified.grant.authorizationDetails, 'read'),
    });
    return json({ messages: await listMessages(ctx.store) });
  },
};

export const postMessageRoute: Route = {
  methods: ['POST'],
  path: '/api/messages',
  async handler(ctx, request) {
    const verified = await authenticateResource(ctx, request, {
      realm: REALM,
      audience: DEMO_API,
      requiredScope: 'write:messages',
      alsoPermits: (verified) => detailsPermit(verified.grant.authorizationDetails, 'write'),
    });
    const params = await bodyParams(request, { json: true });
    const text = required(params, 'text').trim();
    if (!text) throw oauthError('invalid_request', 'text must not be empty.');
    if (text.length > MAX_TEXT)
      throw oauthError('invalid_request', `text must be at most ${MAX_TEXT} characters.`);
    const existing = await ctx.store.list<MessageRecord>('messages');
    const message: MessageRecord = {
      id: randomToken(9),
      text,
      author: verified.record.sub,
      clientId: verified.record.clientId,
      createdAt: ctx.now,
      sequence: existing.reduce((max, m) => Math.max(max, m.sequence), 0) + 1,
    };
    await ctx.store.put('messages', message.id, message);
    return json(message, { status: 201 });
  },
};
