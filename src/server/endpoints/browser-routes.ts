import { activateRoute } from './activate.ts';
import { adminConsentsRoute, adminSessionRoute } from './admin-session.ts';
import { authenticationDeviceRoute } from './authentication-device.ts';
import { authorizeRoute } from './authorize/authorize.ts';
import { consentRoute } from './authorize/consent.ts';
import { loginRoute } from './authorize/login.ts';
import { auth0LogoutRoute, oidcLogoutRoute } from './logout.ts';
import type { Route } from './route.ts';

/**
 * Endpoints a user agent navigates to: /authorize with its login and consent pages, the device
 * activation page, and logout; and the session and consent panel of the playground's UI.
 */
export const browserRoutes: Route[] = [
  authorizeRoute,
  loginRoute,
  consentRoute,
  activateRoute,
  authenticationDeviceRoute,
  auth0LogoutRoute,
  oidcLogoutRoute,
  adminSessionRoute,
  adminConsentsRoute,
];
