/**
 * The app's link to the in-browser server (`src/features/in-browser-server`, owned by the worker
 * work). Features import from here so that the dependency is in one place.
 */
export {
  registerServer,
  ServerStatusBanner,
  serverIssuer,
  subscribeTrace,
  tracedSince,
  useServerStatus,
} from '../features/in-browser-server/index.ts';
