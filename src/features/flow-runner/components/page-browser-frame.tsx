import { appUrl, callbackUrl } from '../../../lib/app-url.ts';
import { browseServer, isServerUrl } from '../../../lib/server-connection.ts';
import { type BrowserScope, isPassThroughHop } from '../../page-browser/index.ts';
import { PageBrowser } from '../../page-browser/ui.ts';
import type { FramePageProps } from './browser-frame.tsx';

let scope: BrowserScope | undefined;
function browserScope(): BrowserScope {
  scope ??= { transport: browseServer, serves: isServerUrl, callbackUrl: callbackUrl(), appUrl: appUrl() };
  return scope;
}

/**
 * The in-page browser's page where no service worker shows the server's pages in a frame (the
 * server runs in the page, or the playground is framed by another site): the worker-less browser.
 * Each redirect hop is reported as a page load without text, except /authorize itself (a page
 * that stays there is an error page; a hop through it is not).
 */
export function PageBrowserPage({ url, title, hidden, onPageLoad, onCallback }: FramePageProps) {
  return (
    <PageBrowser
      url={url}
      title={title}
      hidden={hidden}
      scope={browserScope()}
      onAddress={(href) => {
        if (!isPassThroughHop(href, browserScope())) onPageLoad({ href });
      }}
      onPageLoad={onPageLoad}
      onCallback={onCallback}
    />
  );
}
