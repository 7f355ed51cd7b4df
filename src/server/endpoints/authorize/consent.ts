import { grantConsent } from '../../consent/consents.ts';
import type { ServerContext } from '../../context.ts';
import { OAuthError, oauthError } from '../../errors.ts';
import { consentPage, deviceConfirmPage } from '../../pages/consent-page.ts';
import { errorPage, messagePage } from '../../pages/error-page.ts';
import { bodyParams } from '../../params.ts';
import { describeAuthorizationDetail } from '../../rar/authorization-details.ts';
import { currentSession } from '../../session/session.ts';
import type { DeviceCodeRecord } from '../../tokens/records.ts';
import { decideDeviceCode, displayUserCode } from '../activate-codes.ts';
import type { Route } from '../route.ts';
import { complete, consentScope, interactionExpiredPage } from './flow.ts';
import { consumeInteraction, type Interaction, loadInteraction, loginPath } from './interaction.ts';
import { clientName, interactionFormAction } from './login.ts';
import { authorizationError, redirect, redirectStatus } from './respond.ts';
import { audienceOf, describeScopes } from './scopes.ts';
import { targetOf } from './validate.ts';

/** The interaction's login is still this user agent's session (else: log in again). */
async function loggedIn(ctx: ServerContext, request: Request, interaction: Interaction): Promise<boolean> {
  if (!interaction.login) return false;
  const session = await currentSession(ctx, request);
  return session?.id === interaction.login.sessionId && session.userId === interaction.login.userId;
}

async function render(ctx: ServerContext, interaction: Interaction): Promise<Response> {
  const user = ctx.tenant.users.find((u) => u.id === interaction.login?.userId);
  const action = ctx.url(`u/consent/${interaction.id}`);
  const name = await clientName(ctx, interaction);
  if (interaction.kind === 'authorize') {
    const request = interaction.request;
    return consentPage({
      action,
      clientName: name,
      userEmail: user?.email ?? '',
      audience: audienceOf(ctx, request.audience),
      scopes: describeScopes(ctx, request.audience, consentScope(request)),
      details: request.authorizationDetails?.map(describeAuthorizationDetail),
      formAction: interactionFormAction(interaction),
    });
  }
  const device = await ctx.store.get<DeviceCodeRecord>('deviceCodes', interaction.deviceCode);
  if (!device || ctx.now >= device.expiresAt || device.status !== 'pending') return deviceCodeGone();
  return deviceConfirmPage({
    action,
    clientName: name,
    userEmail: user?.email ?? '',
    userCode: displayUserCode(device.userCode),
    audience: audienceOf(ctx, device.audience),
    scopes: describeScopes(ctx, device.audience, device.scope),
  });
}

function deviceCodeGone(): Response {
  return messagePage({
    title: 'Code expired',
    message: 'This code has expired or was already used. Start again on your device.',
    status: 400,
  });
}

async function decideDevice(
  ctx: ServerContext,
  interaction: Extract<Interaction, { kind: 'device' }>,
  accept: boolean,
): Promise<Response> {
  if (!(await consumeInteraction(ctx, interaction.id))) return interactionExpiredPage();
  const login = interaction.login;
  if (!login) return interactionExpiredPage();
  const result = await decideDeviceCode(
    ctx,
    interaction.deviceCode,
    accept ? { approve: true, userId: login.userId, authTime: login.authTime } : { approve: false },
  );
  if (result === 'approved')
    return messagePage({ title: 'Device connected', message: 'You can return to your device now.' });
  if (result === 'denied')
    return messagePage({
      title: 'Access denied',
      message: 'The device was not given access. You can close this page.',
    });
  return deviceCodeGone();
}

/** The consent page (and the device confirmation of /activate): **Accept** or **Decline**. */
export const consentRoute: Route = {
  methods: ['GET', 'POST'],
  path: '/u/consent/:id',
  handler: async (ctx, request, c) => {
    const interaction = await loadInteraction(ctx, c.req.param('id'));
    if (!interaction) return interactionExpiredPage();
    if (!(await loggedIn(ctx, request, interaction))) {
      return redirect(ctx.url(loginPath(interaction.id)), redirectStatus(request));
    }
    if (request.method === 'GET') return render(ctx, interaction);

    let decision: string | undefined;
    try {
      decision = (await bodyParams(request)).get('decision');
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return errorPage({ error: error.code, description: error.description, status: error.status });
    }
    if (decision !== 'accept' && decision !== 'decline') {
      return errorPage({ error: 'invalid_request', description: 'Choose Accept or Decline.' });
    }
    if (interaction.kind === 'device') return decideDevice(ctx, interaction, decision === 'accept');

    const authorize = interaction.request;
    const login = interaction.login;
    if (!login) return interactionExpiredPage();
    if (decision === 'decline') {
      if (!(await consumeInteraction(ctx, interaction.id))) return interactionExpiredPage();
      const error = oauthError('access_denied', 'User did not authorize the request');
      return authorizationError(targetOf(ctx, authorize), error, redirectStatus(request));
    }
    await grantConsent(ctx, login.userId, authorize.clientId, authorize.audience, consentScope(authorize));
    return complete(ctx, request, interaction, { stored: true });
  },
};
