import type { ServerContext } from '../context.ts';
import { oauthError } from '../errors.ts';
import type { User } from '../tenant/schema.ts';

/** The user a grant was issued for; a user deleted from the tenant since then makes the grant invalid. */
export function grantUser(ctx: ServerContext, userId: string | undefined): User {
  const user = userId === undefined ? undefined : ctx.tenant.users.find((u) => u.id === userId);
  if (!user) throw oauthError('invalid_grant', 'The user of this grant no longer exists.');
  return user;
}
