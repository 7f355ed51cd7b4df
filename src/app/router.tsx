import { createBrowserRouter } from 'react-router';
import { routerBasename } from '../lib/app-url.ts';
import { Layout } from './layout.tsx';
import { NotFound } from './not-found.tsx';
import { RouteError } from './route-error.tsx';

/** The inspector's page is built by another feature; until it exists the route says so. */
const inspectorPage = import.meta.glob<{ default: React.ComponentType }>(
  '../features/token-inspector/route.tsx',
);
const loadInspector = async () =>
  inspectorPage['../features/token-inspector/route.tsx']?.() ?? { default: InspectorUnavailable };

function InspectorUnavailable() {
  return <h1>Token inspector</h1>;
}

/** Shown while a lazily loaded page arrives on the first load (react-router's HydrateFallback). */
function PageLoading() {
  return <p className="muted">Loading…</p>;
}

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const router = createBrowserRouter(
  [
    {
      // The embed renders without the app's chrome.
      path: '/embed',
      errorElement: <RouteError />,
      HydrateFallback: PageLoading,
      lazy: page(() => import('../features/embed/route.tsx')),
    },
    {
      // The redirect URI: shown inside the in-page browser too, so without the chrome.
      path: '/callback',
      errorElement: <RouteError standalone />,
      HydrateFallback: PageLoading,
      lazy: page(() => import('../features/callback/route.tsx')),
    },
    {
      path: '/',
      element: <Layout />,
      errorElement: <RouteError standalone />,
      children: [
        {
          errorElement: <RouteError />,
          HydrateFallback: PageLoading,
          children: [
            { index: true, lazy: page(() => import('../features/flows/route.tsx')) },
            { path: 'flows/:flowId', lazy: page(() => import('../features/flow-runner/route.tsx')) },
            { path: 'inspect', lazy: page(loadInspector) },
            { path: 'tenant', lazy: page(() => import('../features/tenant-editor/route.tsx')) },
            { path: 'providers', lazy: page(() => import('../features/providers/route.tsx')) },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ],
  { basename: routerBasename },
);
