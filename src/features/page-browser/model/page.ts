import type { BrowserRequest } from './navigate.ts';

/**
 * The one script of the server's pages that the in-page browser carries out itself: the
 * form_post page's `document.forms[0].submit();` (src/server/pages/form-post-page.ts). Scripts
 * never run in the in-page browser; this one is recognised and its effect performed.
 */
const AUTO_SUBMIT = /^\s*document\.forms\[0\]\.submit\(\);?\s*$/;

export interface PageReading {
  /** The form the page submits by itself (form_post), if any. */
  autoSubmit: HTMLFormElement | null;
  /** What would have run as script and did not (described for the user), besides the auto-submit. */
  refusedScripts: string[];
}

function describeScript(source: string): string {
  const text = source.replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 77)}…` : text || '(an external script)';
}

/** Finds the page's auto-submit and every script that the in-page browser does not run. */
export function readPage(doc: Document): PageReading {
  let autoSubmit: HTMLFormElement | null = null;
  const refusedScripts: string[] = [];
  for (const script of Array.from(doc.querySelectorAll('script'))) {
    const source = script.src ? '' : (script.textContent ?? '');
    if (!script.src && AUTO_SUBMIT.test(source) && doc.forms[0] && !autoSubmit) autoSubmit = doc.forms[0];
    else
      refusedScripts.push(
        script.src ? `<script src="${script.getAttribute('src')}">` : describeScript(source),
      );
  }
  for (const element of Array.from(doc.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      if (/^on/i.test(attribute.name))
        refusedScripts.push(`${attribute.name}="${describeScript(attribute.value)}"`);
    }
  }
  for (const link of Array.from(doc.querySelectorAll('a[href], form[action]'))) {
    const target = link.getAttribute(link.tagName === 'A' ? 'href' : 'action') ?? '';
    if (/^\s*javascript:/i.test(target)) refusedScripts.push(describeScript(target));
  }
  return { autoSubmit, refusedScripts };
}

type FormDataConstructor = new (form?: HTMLFormElement, submitter?: HTMLElement | null) => FormData;

/**
 * The navigation a form submission makes (HTML "form submission algorithm"): the submitter's
 * `formaction`/`formmethod` over the form's, the entry list as `application/x-www-form-urlencoded`,
 * in the query for GET and in the body for POST. `FormDataImpl` is the document's own FormData
 * where the global one cannot read its forms (tests in Node).
 */
export function formRequest(
  form: HTMLFormElement,
  submitter: HTMLElement | null,
  pageUrl: string,
  FormDataImpl: FormDataConstructor = FormData,
): BrowserRequest {
  const pick = (name: 'formaction' | 'formmethod', fallback: string | null) =>
    (submitter?.hasAttribute(name) ? submitter.getAttribute(name) : null) ?? fallback;
  const action = pick('formaction', form.getAttribute('action')) || pageUrl;
  const method = (pick('formmethod', form.getAttribute('method')) ?? 'get').toLowerCase();
  const fields = new URLSearchParams();
  for (const [name, value] of new FormDataImpl(form, submitter)) {
    if (typeof value === 'string') fields.append(name, value);
  }
  const url = new URL(action, pageUrl);
  if (method === 'post') return { method: 'POST', url: url.href, body: fields.toString() };
  url.search = fields.toString();
  return { method: 'GET', url: url.href };
}

/**
 * The page as the frame's `srcdoc`: scripts removed (the sandbox would not run them anyway) and
 * the server's Content-Security-Policy kept as a `<meta>` (CSP3 §4.2), since a srcdoc has no headers.
 */
export function pageSource(doc: Document, csp: string | null): string {
  for (const script of Array.from(doc.querySelectorAll('script'))) script.remove();
  if (csp) {
    const meta = doc.createElement('meta');
    meta.setAttribute('http-equiv', 'Content-Security-Policy');
    // frame-ancestors is ignored in a <meta> (CSP3 §6.4.2): the frame is the app's own.
    meta.setAttribute(
      'content',
      csp
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d && !/^(frame-ancestors|report-uri|sandbox)\b/i.test(d))
        .join('; '),
    );
    doc.head.prepend(meta);
  }
  return `<!doctype html>\n${doc.documentElement.outerHTML}`;
}

/** The page's visible text, for an error message (whitespace collapsed). */
export function pageText(doc: Document, max = 300): string {
  const main = doc.querySelector('main') ?? doc.body;
  return (main?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
}
