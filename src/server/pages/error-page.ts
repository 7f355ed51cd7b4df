import { escapeHtml } from './escape.ts';
import { htmlPage } from './layout.ts';

/**
 * The page shown instead of a redirect when the client or its redirect URI cannot be trusted
 * (RFC 6749 §4.1.2.1), and for other dead ends a user can reach in a browser.
 */
export function errorPage(options: {
  error: string;
  description: string;
  status?: number;
  /** A sentence on what to do next. */
  hint?: string;
}): Response {
  return htmlPage({
    title: 'Error',
    status: options.status ?? 400,
    body: `<h1>Something went wrong</h1>
<p class="error" role="alert"><code>${escapeHtml(options.error)}</code>: ${escapeHtml(options.description)}</p>
${options.hint ? `<p class="muted">${escapeHtml(options.hint)}</p>` : ''}`,
  });
}

/** A page that only tells the user something (logged out, device connected, ...). */
export function messagePage(options: { title: string; message: string; status?: number }): Response {
  return htmlPage({
    title: options.title,
    status: options.status ?? 200,
    body: `<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(options.message)}</p>`,
  });
}
