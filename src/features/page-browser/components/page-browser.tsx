import { useCallback, useEffect, useRef, useState } from 'react';
import { maskUrl } from '../../../lib/http/mask.ts';
import type { CallbackResult } from '../../flows/index.ts';
import { type BrowserRequest, type BrowserScope, browse } from '../model/navigate.ts';
import { formRequest, pageSource, pageText, readPage } from '../model/page.ts';

export interface PageBrowserProps {
  /** The first address (an /authorize URL, a verification page, a logout). */
  url: string;
  /** The frame's accessible name. */
  title: string;
  scope: BrowserScope;
  hidden?: boolean;
  /** Each address the browser is at: every redirect hop, then where it lands. */
  onAddress(url: string): void;
  /** A page is shown (or the browser landed back in the app): its address and visible text. */
  onPageLoad(load: { href: string; text?: string }): void;
  /** The redirect URI was reached. */
  onCallback(result: CallbackResult): void;
}

type View =
  | { kind: 'loading' }
  | { kind: 'page'; url: string; srcdoc: string; refusedScripts: string[] }
  | { kind: 'callback'; url: string }
  | { kind: 'app'; url: string }
  | { kind: 'elsewhere'; url: string; back?: View }
  | { kind: 'failed'; url: string; message: string; back?: View };

/**
 * An in-page browser that needs no service worker: the server's pages are fetched from the
 * server where it runs and shown in a sandboxed frame (no scripts), their form submissions and
 * links are caught and sent as requests, and redirects are followed hop by hop, the address bar
 * showing each URL, until the redirect URI. Addresses outside the server are never requested.
 */
export function PageBrowser({
  url,
  title,
  scope,
  hidden,
  onAddress,
  onPageLoad,
  onCallback,
}: PageBrowserProps) {
  const [address, setAddressState] = useState(url);
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [height, setHeight] = useState<number | undefined>(undefined);
  const frame = useRef<HTMLIFrameElement>(null);
  const generation = useRef(0);
  const current = useRef<View>(view);
  current.current = view;
  const callbacks = useRef({ onCallback, onPageLoad, onAddress });
  callbacks.current = { onCallback, onPageLoad, onAddress };
  const setAddress = useCallback((next: string) => {
    setAddressState(next);
    callbacks.current.onAddress(next);
  }, []);

  const go = useCallback(
    async (request: BrowserRequest) => {
      generation.current += 1;
      const mine = generation.current;
      const back = current.current.kind === 'page' ? current.current : undefined;
      let landing = await browse(request, scope, (hop) => {
        if (generation.current === mine) setAddress(hop);
      });
      // form_post: the page's only script submits its form; the browser does that itself.
      for (let i = 0; i < 3 && landing.kind === 'page'; i++) {
        const doc = new DOMParser().parseFromString(landing.html, 'text/html');
        const { autoSubmit } = readPage(doc);
        if (!autoSubmit) break;
        const pageUrl = landing.url;
        landing = await browse(formRequest(autoSubmit, null, pageUrl), scope, (hop) => {
          if (generation.current === mine) setAddress(hop);
        });
      }
      if (generation.current !== mine) return;
      switch (landing.kind) {
        case 'page': {
          const doc = new DOMParser().parseFromString(landing.html, 'text/html');
          const { refusedScripts } = readPage(doc);
          callbacks.current.onPageLoad({ href: landing.url, text: pageText(doc, 2000) });
          setView({ kind: 'page', url: landing.url, srcdoc: pageSource(doc, landing.csp), refusedScripts });
          break;
        }
        case 'callback':
          setView({ kind: 'callback', url: landing.url });
          callbacks.current.onCallback(landing.result);
          break;
        case 'app':
          callbacks.current.onPageLoad({ href: landing.url });
          setView({ kind: 'app', url: landing.url });
          break;
        case 'elsewhere':
          setView({ kind: 'elsewhere', url: landing.url, back });
          break;
        case 'failed':
          setView({ kind: 'failed', url: landing.url, message: landing.message, back });
          break;
      }
    },
    [scope, setAddress],
  );

  useEffect(() => {
    setAddressState(url);
    setView({ kind: 'loading' });
    void go({ method: 'GET', url });
  }, [url, go]);

  const restore = (back: View) => {
    if (back.kind === 'page') setAddress(back.url);
    setHeight(undefined);
    setView(back);
  };
  const pageUrl = view.kind === 'page' ? view.url : '';
  const [refusedLink, setRefusedLink] = useState('');
  const attach = () => {
    const doc = frame.current?.contentDocument;
    if (!doc || !pageUrl) return;
    // The frame takes its page's height, so the page never scrolls inside it.
    setHeight(Math.ceil(doc.documentElement.getBoundingClientRect().height));
    doc.addEventListener(
      'submit',
      (event) => {
        event.preventDefault();
        const form = event.target as HTMLFormElement;
        const submitter = (event as SubmitEvent).submitter ?? null;
        void go(formRequest(form, submitter, pageUrl));
      },
      true,
    );
    doc.addEventListener(
      'click',
      (event) => {
        const link = (event.target as Element | null)?.closest?.('a[href]');
        if (!link) return;
        event.preventDefault();
        const href = link.getAttribute('href') ?? '';
        if (/^\s*javascript:/i.test(href)) {
          setRefusedLink(href.slice(0, 80));
          return;
        }
        if (href.startsWith('#')) return;
        void go({ method: 'GET', url: new URL(href, pageUrl).href });
      },
      true,
    );
  };

  return (
    <div className="page-browser" hidden={hidden}>
      {view.kind === 'page' && view.refusedScripts.length > 0 && (
        <p className="banner warn" role="alert">
          This page tried to run script, which the in-page browser does not run (the playground shows the
          server's pages with scripts off): {view.refusedScripts.join('; ')}
        </p>
      )}
      {refusedLink && (
        <p className="banner warn" role="alert">
          A link of this page is a script ({refusedLink}): the in-page browser does not run it.
        </p>
      )}
      {view.kind === 'loading' && <p role="status">Loading {maskUrl(address)}…</p>}
      {view.kind === 'page' && (
        <iframe
          ref={frame}
          key={view.srcdoc}
          title={title}
          // Same origin, so that the app can catch the page's forms and links; no scripts.
          sandbox="allow-same-origin allow-forms"
          srcDoc={view.srcdoc}
          onLoad={attach}
          style={height ? { height: `${Math.max(height, 120)}px` } : undefined}
        />
      )}
      {view.kind === 'callback' && (
        <p role="status">The browser is back at the redirect URI: the playground has the result.</p>
      )}
      {view.kind === 'app' && <p role="status">Back in the playground at {maskUrl(view.url)}.</p>}
      {view.kind === 'elsewhere' && (
        <div className="banner warn" role="alert">
          <p>
            <strong>This leads out of the playground</strong>, to <code>{maskUrl(view.url)}</code>. The
            in-page browser only shows the playground's own server, so it did not open this address.
          </p>
          <p>
            {/^https?:/i.test(view.url) && (
              <a href={view.url} target="_blank" rel="noopener noreferrer">
                Open it in a new tab
              </a>
            )}
            {view.back && (
              <>
                {' '}
                <button type="button" onClick={() => view.back && restore(view.back)}>
                  Back to the previous page
                </button>
              </>
            )}
          </p>
        </div>
      )}
      {view.kind === 'failed' && (
        <div className="banner error" role="alert">
          <p>{view.message}</p>
          {view.back && (
            <button type="button" onClick={() => view.back && restore(view.back)}>
              Back to the previous page
            </button>
          )}
        </div>
      )}
    </div>
  );
}
