import type { BackchannelRequest } from '../ciba/records.ts';
import type { ServerContext } from '../context.ts';
import { OAuthError } from '../errors.ts';
import { authenticationDevicePage } from '../pages/authentication-device-page.ts';
import { errorPage, messagePage } from '../pages/error-page.ts';
import { loginPage } from '../pages/login-page.ts';
import { bodyParams } from '../params.ts';
import { currentSession, sessionUser, startSession } from '../session/session.ts';
import { unchanged } from '../store/types.ts';
import { passwordsEqual, WRONG_CREDENTIALS } from './authorize/login.ts';
import { redirect } from './authorize/respond.ts';
import type { Route } from './route.ts';

const PATH = 'authentication-device';

async function pending(ctx: ServerContext, userId: string): Promise<BackchannelRequest[]> {
  const all = await ctx.store.list<BackchannelRequest>('backchannelRequests');
  return all
    .filter((r) => r.userId === userId && r.status === 'pending' && ctx.now < r.expiresAt)
    .sort((a, b) => a.createdAt - b.createdAt);
}

async function form(request: Request): Promise<Map<string, string> | Response> {
  try {
    return await bodyParams(request);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return errorPage({ error: error.code, description: error.description, status: error.status });
  }
}

async function show(ctx: ServerContext, request: Request): Promise<Response> {
  const user = sessionUser(ctx, await currentSession(ctx, request));
  if (!user) return loginPage({ action: ctx.url(PATH), clientName: 'your authentication device' });
  const requests = await pending(ctx, user.id);
  return authenticationDevicePage({
    action: ctx.url(PATH),
    userEmail: user.email,
    requests: requests.map((r) => ({
      approvalId: r.approvalId,
      clientName: ctx.tenant.clients.find((c) => c.clientId === r.clientId)?.name ?? r.clientId,
      bindingMessage: r.bindingMessage,
      scopes: r.scope,
    })),
  });
}

/**
 * The authentication device of CIBA (poll mode), served by this server so that the playground
 * can show both devices: log in once, then approve or deny each request that names you.
 */
async function authenticationDevice(ctx: ServerContext, request: Request): Promise<Response> {
  if (request.method === 'GET') return show(ctx, request);
  const params = await form(request);
  if (params instanceof Response) return params;
  const decision = params.get('decision');
  if (decision === undefined) {
    const email = params.get('email') ?? '';
    const user = ctx.tenant.users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
    if (!user || !passwordsEqual(params.get('password') ?? '', user.password)) {
      return loginPage({
        action: ctx.url(PATH),
        clientName: 'your authentication device',
        email,
        error: WRONG_CREDENTIALS,
        status: 400,
      });
    }
    const { setCookie } = await startSession(ctx, request, user.id);
    return redirect(ctx.url(PATH), 303, setCookie ? { 'Set-Cookie': setCookie } : {});
  }
  const session = await currentSession(ctx, request);
  const user = sessionUser(ctx, session);
  if (!user) return redirect(ctx.url(PATH), 303);
  if (decision !== 'approve' && decision !== 'deny')
    return errorPage({ error: 'invalid_request', description: 'Choose Approve or Deny.' });
  const approvalId = params.get('request') ?? '';
  const target = (await pending(ctx, user.id)).find((r) => r.approvalId === approvalId);
  let decided = false;
  if (target) {
    await ctx.store.update<BackchannelRequest>('backchannelRequests', target.authReqId, (current) => {
      if (current?.status !== 'pending' || current.userId !== user.id || ctx.now >= current.expiresAt)
        return unchanged;
      decided = true;
      return decision === 'approve'
        ? { ...current, status: 'approved', authTime: session?.authTime ?? ctx.now }
        : { ...current, status: 'denied' };
    });
  }
  if (!decided)
    return messagePage({
      title: 'Request gone',
      message: 'This request has expired or was already answered.',
      status: 400,
    });
  return decision === 'approve'
    ? messagePage({
        title: 'Approved',
        message: 'You are signed in to the application. You can close this page.',
      })
    : messagePage({
        title: 'Denied',
        message: 'The application was not given access. You can close this page.',
      });
}

export const authenticationDeviceRoute: Route = {
  methods: ['GET', 'POST'],
  path: `/${PATH}`,
  handler: authenticationDevice,
};
