import { useEffect, useRef, useState } from 'react';
import { maskUrl } from '../../../lib/http/mask.ts';
import { usePageBrowser } from '../../../lib/server-connection.ts';
import type { CallbackResult } from '../../flows/index.ts';
import { CALLBACK_MESSAGE } from '../model/callback-message.ts';
import { openFrame, receiveCallback, reportAuthorizeErrorPage, useRun } from '../model/run-store.ts';
import { PageBrowserFrame } from './page-browser-frame.tsx';

/** The in-page browser: the worker's frame, or the worker-less one where the worker cannot show pages. */
export function BrowserFrame() {
  return usePageBrowser() ? <PageBrowserFrame /> : <WorkerBrowserFrame />;
}

/**
 * An in-page browser: a same-origin frame with an address bar showing where it is. The callback
 * page inside posts its result here (checked: same origin, this frame's window).
 */
function WorkerBrowserFrame() {
  const { frame } = useRun();
  const ref = useRef<HTMLIFrameElement>(null);
  const [address, setAddress] = useState(frame?.url ?? '');

  useEffect(() => setAddress(frame?.url ?? ''), [frame?.url]);

  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      if (event.origin !== window.location.origin) return;
      if (!ref.current || event.source !== ref.current.contentWindow) return;
      const data = event.data as { type?: unknown; result?: CallbackResult } | null;
      if (data?.type !== CALLBACK_MESSAGE || !data.result) return;
      setAddress(data.result.displayUrl);
      receiveCallback(data.result);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  if (!frame) return null;
  const title =
    frame.purpose === 'device'
      ? 'Second device: verification page'
      : frame.purpose === 'logout'
        ? 'Logout'
        : 'Authorization server';

  const onLoad = () => {
    try {
      const inner = ref.current?.contentWindow;
      const href = inner?.location.href;
      if (href && href !== 'about:blank')
        setAddress((current) => (href.includes('/callback') ? current : href));
      // Still at /authorize after loading: an error page, not a login page or a redirect.
      if (
        frame.purpose === 'authorize' &&
        frame.stepId &&
        href &&
        new URL(href).pathname.endsWith('/authorize')
      ) {
        const page = inner?.document.querySelector('main') ?? inner?.document.body;
        const text = (page?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
        reportAuthorizeErrorPage(frame.stepId, text);
      }
    } catch {
      setAddress('(another origin: its address cannot be read)');
    }
  };

  return (
    <section className="frame-box" aria-label={title}>
      <div className="address-bar">
        <output aria-label="Frame address">{maskUrl(address)}</output>
        <button type="button" onClick={() => openFrame(null)}>
          Close
        </button>
      </div>
      <iframe key={frame.url} ref={ref} src={frame.url} title={title} onLoad={onLoad} />
    </section>
  );
}
