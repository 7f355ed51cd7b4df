import type { ServerContext } from '../../context.ts';
import type { ScopeLine } from '../../pages/consent-page.ts';

/** What each OIDC scope lets the client see, as the consent page says it (OIDC Core §5.4). */
const oidcScopeDescriptions: Record<string, string> = {
  openid: 'Sign you in and know who you are',
  profile: 'Your profile: name, nickname, picture, birthdate, gender, locale',
  email: 'Your email address and whether it is verified',
  address: 'Your postal address',
  phone: 'Your phone number and whether it is verified',
  offline_access: 'Keep access while you are away (refresh tokens)',
};

export function describeScopes(
  ctx: ServerContext,
  audience: string | undefined,
  scopes: readonly string[],
): ScopeLine[] {
  const api = ctx.tenant.apis.find((a) => a.identifier === audience);
  return scopes.map((value) => ({
    value,
    description:
      oidcScopeDescriptions[value] ?? api?.scopes.find((s) => s.value === value)?.description ?? '',
  }));
}

export function audienceOf(ctx: ServerContext, audience: string | undefined) {
  const api = ctx.tenant.apis.find((a) => a.identifier === audience);
  return api ? { identifier: api.identifier, name: api.name } : undefined;
}
