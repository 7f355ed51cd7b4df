import { apiRoutes } from './api-routes.ts';
import { browserRoutes } from './browser-routes.ts';
import { discoveryRoute, jwksRoute } from './discovery.ts';
import type { Route } from './route.ts';

/** Every endpoint of the server: the table that wires paths to their handlers. */
export const routes: Route[] = [discoveryRoute, jwksRoute, ...browserRoutes, ...apiRoutes];
