import { getClockRoute, postClockRoute } from './admin-clock.ts';
import { rotateKeysRoute } from './admin-keys.ts';
import { registeredClientsRoute } from './admin-registered-clients.ts';
import { resetRoute } from './admin-reset.ts';
import { deleteTenantRoute, getTenantRoute, putTenantRoute } from './admin-tenant.ts';
import { listMessagesRoute, postMessageRoute } from './api-messages.ts';
import { backchannelAuthorizeRoute } from './bc-authorize.ts';
import { deviceCodeRoute } from './device-code.ts';
import { introspectRoute } from './introspect.ts';
import { parRoute } from './par.ts';
import { registerRoute } from './register.ts';
import { revokeRoute } from './revoke.ts';
import type { Route } from './route.ts';
import { tokenRoute } from './token.ts';
import { userinfoRoute } from './userinfo.ts';

/**
 * Endpoints clients call directly: the token endpoint and its grants, device authorization,
 * userinfo, revocation, introspection, pushed authorization requests, client registration, the sample API, and the playground's admin endpoints.
 */
export const apiRoutes: Route[] = [
  tokenRoute,
  deviceCodeRoute,
  backchannelAuthorizeRoute,
  userinfoRoute,
  revokeRoute,
  introspectRoute,
  parRoute,
  registerRoute,
  listMessagesRoute,
  postMessageRoute,
  getTenantRoute,
  putTenantRoute,
  deleteTenantRoute,
  registeredClientsRoute,
  getClockRoute,
  postClockRoute,
  rotateKeysRoute,
  resetRoute,
];
