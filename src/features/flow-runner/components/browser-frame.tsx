import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { callbackUrl } from '../../../lib/app-url.ts';
import { maskUrl } from '../../../lib/http/mask.ts';
import { usePageBrowser } from '../../../lib/server-connection.ts';
import type { CallbackResult } from '../../flows/index.ts';
import { isCallback } from '../../page-browser/index.ts';
import { CALLBACK_MESSAGE } from '../model/callback-message.ts';
import { useRun, useRunStore } from '../model/run-context.tsx';
import { frameTitle } from './frame-title.ts';
import { PageBrowserPage } from './page-browser-frame.tsx';

/** What the page inside the in-page browser reports after each navigation. */
export interface FramePageLoad {
  /** Its address; undefined when it cannot be read (another origin). */
  href?: string;
  /** Its visible text (for error pages), when readable. */
  text?: string;
}

/**
 * The page area of the in-page browser: whatever renders the server's pages (a same-origin
 * iframe served by the service worker; another host may render them differently) reports each
 * page it shows and the callback's result, and sizes itself to its content, so that nothing
 * scrolls inside it.
 */
export interface FramePageProps {
  url: string;
  title: string;
  hidden: boolean;
  onPageLoad(load: FramePageLoad): void;
  onCallback(result: CallbackResult): void;
}

/** Fallback height when the page's content cannot be measured (another origin). */
const UNMEASURED_HEIGHT = 560;

/** The in-page browser's page as a same-origin iframe; the callback page inside posts its result here. */
export function IframePage({ url, title, hidden, onPageLoad, onCallback }: FramePageProps) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | undefined>(undefined);
  const resizeObserver = useRef<ResizeObserver | null>(null);
  const callback = useRef(onCallback);
  callback.current = onCallback;

  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      if (event.origin !== window.location.origin) return;
      if (!ref.current || event.source !== ref.current.contentWindow) return;
      const data = event.data as { type?: unknown; result?: CallbackResult } | null;
      if (data?.type !== CALLBACK_MESSAGE || !data.result) return;
      callback.current(data.result);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  useEffect(() => () => resizeObserver.current?.disconnect(), []);

  const onLoad = () => {
    resizeObserver.current?.disconnect();
    resizeObserver.current = null;
    let href: string | undefined;
    let doc: Document | undefined;
    try {
      const inner = ref.current?.contentWindow;
      href = inner?.location.href;
      doc = inner?.document;
      if (inner && doc) {
        // The frame takes its page's height, so the page never scrolls inside it.
        const fitToPage = () =>
          setHeight(Math.ceil(doc?.documentElement.getBoundingClientRect().height ?? 0));
        fitToPage();
        const Observer = (inner as Window & typeof globalThis).ResizeObserver;
        resizeObserver.current = new Observer(fitToPage);
        resizeObserver.current.observe(doc.documentElement);
      }
    } catch {
      href = undefined;
      doc = undefined;
      setHeight(UNMEASURED_HEIGHT);
    }
    if (href === 'about:blank') return;
    const page = doc?.querySelector('main') ?? doc?.body;
    onPageLoad({ href, text: page ? (page.textContent ?? '').replace(/\s+/g, ' ').trim() : undefined });
  };

  return (
    <iframe
      ref={ref}
      src={url}
      title={title}
      onLoad={onLoad}
      hidden={hidden}
      style={height ? { height: `${Math.max(height, 120)}px` } : undefined}
    />
  );
}

function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * An in-page browser: an address bar showing where it is, and the page. It comes into view when it
 * opens; once its job is done (the callback reached the app, the logout returned) it collapses to
 * its last address, and the page can be shown again.
 */
export function BrowserFrame({ Page: chosen }: { Page?: React.ComponentType<FramePageProps> }) {
  const { frame } = useRun();
  // Where the worker cannot show the server's pages in a frame, the worker-less browser does.
  const pageBrowser = usePageBrowser();
  const Page = chosen ?? (pageBrowser ? PageBrowserPage : IframePage);
  const store = useRunStore();
  const queryClient = useQueryClient();
  const box = useRef<HTMLElement>(null);
  const [address, setAddress] = useState(frame?.url ?? '');
  const [collapsed, setCollapsed] = useState<string | null>(null);
  const [shown, setShown] = useState(false);

  const url = frame?.url;
  useEffect(() => {
    setAddress(url ?? '');
    setCollapsed(null);
    setShown(false);
    if (url)
      box.current?.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }, [url]);

  if (!frame) return null;
  const title = frameTitle(frame);

  const onCallback = (result: CallbackResult) => {
    setAddress(result.displayUrl);
    setCollapsed('The app received the callback: this page’s work is done.');
    store.receiveCallback(result);
  };

  const onPageLoad = ({ href, text }: FramePageLoad) => {
    // Each page may have logged the user in or out: the session panel asks the server again.
    void queryClient.invalidateQueries({ queryKey: ['admin'] });
    if (!href) {
      setAddress('(another origin: its address cannot be read)');
      return;
    }
    const path = new URL(href).pathname;
    // The app's redirect URI shows as onCallback set it; another origin's /callback is shown.
    if (!isCallback(href, callbackUrl())) setAddress(href);
    if (frame.purpose === 'logout' && !path.endsWith('/v2/logout')) {
      setCollapsed('Logged out: the server ended the session and sent the browser back to returnTo.');
      return;
    }
    // Still at /authorize after loading: an error page, not a login page or a redirect.
    if (frame.purpose === 'authorize' && frame.stepId && path.endsWith('/authorize')) {
      store.reportAuthorizeErrorPage(frame.stepId, (text ?? '').slice(0, 300));
    }
    if (!collapsed) box.current?.scrollIntoView({ block: 'nearest' });
  };

  const folded = collapsed !== null && !shown;
  return (
    <section ref={box} className="frame-box" aria-label={title} data-collapsed={folded || undefined}>
      <div className="address-bar">
        <output aria-label="Frame address">{maskUrl(address)}</output>
        {collapsed !== null && (
          <button type="button" aria-expanded={shown} onClick={() => setShown((s) => !s)}>
            {shown ? 'Hide the page' : 'Show the page'}
          </button>
        )}
        <button type="button" onClick={() => store.openFrame(null)}>
          Close
        </button>
      </div>
      {folded && <p className="frame-note small">{collapsed}</p>}
      <Page
        key={frame.url}
        url={frame.url}
        title={title}
        hidden={folded}
        onPageLoad={onPageLoad}
        onCallback={onCallback}
      />
    </section>
  );
}
