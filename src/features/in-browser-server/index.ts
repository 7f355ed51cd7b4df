/**
 * The in-browser server, as the app uses it: start it, show its state, read its trace.
 * Gate every server action on `usable` (or `status === 'ready'`).
 */
export { ServerStatusBanner } from './components/ServerStatusBanner.tsx';
export { type ServerStatus, usePageBrowser, useServerStatus, useTrace } from './hooks.ts';
export {
  browseServer,
  isServerUrl,
  requirePageBrowser,
  type ServerMode,
  serverFetch,
  serverMode,
} from './model/page-mode.ts';
export { basePath, registerServer, reloadServer, serverIssuer } from './model/register.ts';
export type { ServerStatusKind } from './model/status.ts';
export { subscribeTrace, type TraceListener } from './model/trace.ts';
export { tracedSince } from './model/trace-history.ts';
