import type { Route } from './route.ts';

/**
 * Endpoints a user agent navigates to: /authorize with its login and consent pages, the device
 * activation page, and logout. (Owned by the authorize work; see SPEC.md.)
 */
export const browserRoutes: Route[] = [];
