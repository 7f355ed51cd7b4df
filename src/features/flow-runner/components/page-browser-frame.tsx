import { useMemo } from 'react';
import { appUrl, callbackUrl } from '../../../lib/app-url.ts';
import { browseServer, isServerUrl } from '../../../lib/server-connection.ts';
import type { BrowserScope } from '../../page-browser/index.ts';
import { PageBrowser } from '../../page-browser/ui.ts';
import { openFrame, receiveCallback, reportAuthorizeErrorPage, useRun } from '../model/run-store.ts';
import { frameTitle } from './frame-title.ts';

/**
 * The run's in-page browser where no service worker shows the server's pages in a frame: the
 * server runs in the page, or the playground is framed by another site (see usePageBrowser).
 */
export function PageBrowserFrame() {
  const { frame } = useRun();
  const scope = useMemo<BrowserScope>(
    () => ({ transport: browseServer, serves: isServerUrl, callbackUrl: callbackUrl(), appUrl: appUrl() }),
    [],
  );
  if (!frame) return null;
  return (
    <PageBrowser
      key={frame.url}
      url={frame.url}
      title={frameTitle(frame.purpose)}
      scope={scope}
      onCallback={receiveCallback}
      onAuthorizeErrorPage={(text) => {
        if (frame.purpose === 'authorize' && frame.stepId) reportAuthorizeErrorPage(frame.stepId, text);
      }}
      onClose={() => openFrame(null)}
    />
  );
}
