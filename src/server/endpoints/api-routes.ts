import type { Route } from './route.ts';

/**
 * Endpoints clients call directly: the token endpoint and its grants, device authorization,
 * userinfo, revocation, introspection, the sample API, and the playground's admin endpoints.
 */
export const apiRoutes: Route[] = [];
