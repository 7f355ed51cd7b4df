import type { ServerContext } from '../context.ts';
import { OAuthError } from '../errors.ts';
import { activatePage } from '../pages/activate-page.ts';
import { errorPage } from '../pages/error-page.ts';
import { bodyParams } from '../params.ts';
import { findDeviceCodeByUserCode } from './activate-codes.ts';
import { proceed } from './authorize/flow.ts';
import { type DeviceInteraction, newInteractionBase } from './authorize/interaction.ts';
import type { Route } from './route.ts';

export const UNKNOWN_CODE = 'That code is not valid. Check the code shown on your device and try again.';
export const EXPIRED_CODE = 'That code has expired. Start again on your device to get a new code.';
export const USED_CODE = 'That code was already used. Start again on your device to get a new code.';

function form(ctx: ServerContext, userCode?: string, error?: string): Response {
  return activatePage({
    action: ctx.url('activate'),
    userCode,
    error,
    status: error ? 400 : 200,
  });
}

/**
 * The device verification page (RFC 8628 §3.3). `user_code` from `verification_uri_complete`
 * only fills the field: the user still confirms it (RFC 8628 §5.4, remote phishing).
 */
async function activate(ctx: ServerContext, request: Request): Promise<Response> {
  if (request.method === 'GET') {
    const userCode = new URL(request.url).searchParams.get('user_code') ?? undefined;
    return form(ctx, userCode?.slice(0, 64));
  }
  let userCode: string | undefined;
  try {
    userCode = (await bodyParams(request)).get('user_code');
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return errorPage({ error: error.code, description: error.description, status: error.status });
  }
  if (userCode === undefined) return form(ctx, undefined, 'Enter the code shown on your device.');
  const device = await findDeviceCodeByUserCode(ctx, userCode);
  if (!device) return form(ctx, userCode, UNKNOWN_CODE);
  if (ctx.now >= device.expiresAt) return form(ctx, userCode, EXPIRED_CODE);
  if (device.status !== 'pending') return form(ctx, userCode, USED_CODE);
  const interaction: DeviceInteraction = {
    ...newInteractionBase(ctx),
    kind: 'device',
    deviceCode: device.deviceCode,
    userCode: device.userCode,
  };
  return proceed(ctx, request, interaction, { stored: false });
}

export const activateRoute: Route = { methods: ['GET', 'POST'], path: '/activate', handler: activate };
