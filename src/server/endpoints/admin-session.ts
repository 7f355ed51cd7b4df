import { type ConsentFilter, listConsents, revokeConsents } from '../consent/consents.ts';
import type { ServerContext } from '../context.ts';
import { noStoreHeaders } from '../errors.ts';
import { currentSession, endSession, sessionUser } from '../session/session.ts';
import { json, type Route } from './route.ts';

/** `GET /admin/session`: the login session of this user agent (cookie) or browser profile. */
export interface AdminSessionResponse {
  session: { userId: string; email: string; name: string; authTime: number } | null;
}

/** `GET /admin/consents`: what users allowed clients, per audience (null: no audience). */
export interface AdminConsentsResponse {
  consents: { userId: string; clientId: string; audience: string | null; scopes: string[] }[];
}

async function getSession(ctx: ServerContext, request: Request): Promise<Response> {
  const session = await currentSession(ctx, request);
  const user = sessionUser(ctx, session);
  const body: AdminSessionResponse = {
    session:
      session && user
        ? { userId: user.id, email: user.email, name: user.name ?? user.email, authTime: session.authTime }
        : null,
  };
  return json(body, { headers: noStoreHeaders });
}

async function deleteSession(ctx: ServerContext, request: Request): Promise<Response> {
  const { setCookie } = await endSession(ctx, request);
  return new Response(null, {
    status: 204,
    headers: { ...noStoreHeaders, ...(setCookie ? { 'Set-Cookie': setCookie } : {}) },
  });
}

function consentFilter(request: Request): ConsentFilter {
  const params = new URL(request.url).searchParams;
  const filter: ConsentFilter = {};
  const clientId = params.get('client_id');
  const userId = params.get('user_id');
  const audience = params.get('audience');
  if (clientId) filter.clientId = clientId;
  if (userId) filter.userId = userId;
  if (audience) filter.audience = audience;
  return filter;
}

async function getConsents(ctx: ServerContext, request: Request): Promise<Response> {
  const records = await listConsents(ctx, consentFilter(request));
  const body: AdminConsentsResponse = {
    consents: records.map((r) => ({
      userId: r.userId,
      clientId: r.clientId,
      audience: r.audience,
      scopes: r.scopes,
    })),
  };
  return json(body, { headers: noStoreHeaders });
}

async function deleteConsents(ctx: ServerContext, request: Request): Promise<Response> {
  await revokeConsents(ctx, consentFilter(request));
  return new Response(null, { status: 204, headers: noStoreHeaders });
}

export const adminSessionRoute: Route = {
  methods: ['GET', 'DELETE'],
  path: '/admin/session',
  handler: (ctx, request) =>
    request.method === 'DELETE' ? deleteSession(ctx, request) : getSession(ctx, request),
};

export const adminConsentsRoute: Route = {
  methods: ['GET', 'DELETE'],
  path: '/admin/consents',
  handler: (ctx, request) =>
    request.method === 'DELETE' ? deleteConsents(ctx, request) : getConsents(ctx, request),
};
