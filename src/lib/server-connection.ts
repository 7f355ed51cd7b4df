/**
 * The app's link to the in-browser server (`src/features/in-browser-server`, owned by the worker
 * work). Features import from here so that the dependency is in one place.
 */
export {
  browseServer,
  isServerUrl,
  registerServer,
  requirePageBrowser,
  ServerStatusBanner,
  serverFetch,
  serverIssuer,
  serverMode,
  subscribeTrace,
  tracedSince,
  usePageBrowser,
  useServerStatus,
} from '../features/in-browser-server/index.ts';
