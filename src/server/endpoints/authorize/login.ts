import type { ServerContext } from '../../context.ts';
import { OAuthError } from '../../errors.ts';
import { errorPage } from '../../pages/error-page.ts';
import { cspSource } from '../../pages/layout.ts';
import { loginPage } from '../../pages/login-page.ts';
import { bodyParams } from '../../params.ts';
import { startSession } from '../../session/session.ts';
import type { DeviceCodeRecord } from '../../tokens/records.ts';
import type { Route } from '../route.ts';
import { interactionExpiredPage, proceed } from './flow.ts';
import { type Interaction, loadInteraction, loginPath } from './interaction.ts';

export const WRONG_CREDENTIALS = 'Wrong email or password.';

/** The client an interaction is for, by name (the device's client for /activate). */
export async function interactionClientId(ctx: ServerContext, interaction: Interaction): Promise<string> {
  if (interaction.kind === 'authorize') return interaction.request.clientId;
  const device = await ctx.store.get<DeviceCodeRecord>('deviceCodes', interaction.deviceCode);
  return device?.clientId ?? '';
}

export async function clientName(ctx: ServerContext, interaction: Interaction): Promise<string> {
  const clientId = await interactionClientId(ctx, interaction);
  const client = ctx.tenant.clients.find((c) => c.clientId === clientId);
  return client?.name ?? clientId;
}

/** Where the page's form may lead: this server, and the client's redirect URI (the redirect after the POST). */
export function interactionFormAction(interaction: Interaction): string[] {
  return interaction.kind === 'authorize' ? [cspSource(interaction.request.redirectUri)] : [];
}

async function renderLogin(
  ctx: ServerContext,
  interaction: Interaction,
  options: { email?: string; error?: string; status?: number } = {},
): Promise<Response> {
  return loginPage({
    action: ctx.url(loginPath(interaction.id)),
    clientName: await clientName(ctx, interaction),
    email: options.email ?? (interaction.kind === 'authorize' ? interaction.request.loginHint : undefined),
    error: options.error,
    status: options.status,
    formAction: interactionFormAction(interaction),
  });
}

export function passwordsEqual(a: string, b: string): boolean {
  // Compare every character so that the time taken does not tell how much of the password was right.
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}

export const loginRoute: Route = {
  methods: ['GET', 'POST'],
  path: '/u/login/:id',
  handler: async (ctx, request, c) => {
    const interaction = await loadInteraction(ctx, c.req.param('id'));
    if (!interaction) return interactionExpiredPage();
    if (request.method === 'GET') return renderLogin(ctx, interaction);

    let form: Map<string, string>;
    try {
      form = await bodyParams(request);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return errorPage({ error: error.code, description: error.description, status: error.status });
    }
    const email = form.get('email') ?? '';
    const password = form.get('password') ?? '';
    const connection = interaction.kind === 'authorize' ? interaction.request.connection : undefined;
    const user = ctx.tenant.users.find(
      (u) =>
        u.email.toLowerCase() === email.trim().toLowerCase() &&
        (connection === undefined || u.connection === connection),
    );
    if (!user || !passwordsEqual(password, user.password)) {
      // The interaction stays as it is: the user can try again on the same URL.
      return renderLogin(ctx, interaction, { email, error: WRONG_CREDENTIALS, status: 400 });
    }
    const { session, setCookie } = await startSession(ctx, request, user.id);
    interaction.login = { userId: user.id, authTime: session.authTime, sessionId: session.id };
    return proceed(ctx, request, interaction, {
      stored: true,
      headers: setCookie ? { 'Set-Cookie': setCookie } : {},
    });
  },
};
