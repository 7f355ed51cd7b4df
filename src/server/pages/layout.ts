import { noStoreHeaders } from '../errors.ts';
import { escapeHtml } from './escape.ts';

/** Shared styles of every server page: the app's design tokens, light and dark, readable at 375 px. */
const styles = `
:root{color-scheme:light dark;--bg:#f5f6f8;--surface:#fff;--fg:#1a1d23;--muted:#5a6270;--border:#d6d9df;
--accent:#2a5bd7;--accent-fg:#fff;--danger:#b42318;--danger-subtle:#fdecea;--ok:#18794e;--focus:#1d4ed8;
--code-bg:#f3f4f6}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--surface:#1b1f27;--fg:#e6e8ec;--muted:#a0a8b6;
--border:#363c48;--accent:#7ea2ff;--accent-fg:#0f1115;--danger:#ff8a80;--danger-subtle:#3a1c1a;--ok:#6fd3a0;
--focus:#9db8ff;--code-bg:#151922}}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:var(--bg);color:var(--fg);
line-height:1.5;-webkit-text-size-adjust:100%}
body{margin:0;padding:1rem}
main{max-width:26rem;margin:0 auto;background:var(--surface);border:1px solid var(--border);
border-radius:8px;padding:1.25rem 1.5rem;overflow-wrap:anywhere}
@media (min-height:40rem){body{padding:2rem 1rem}}
@media (max-width:30rem){body{padding:0}main{border:0;border-radius:0;padding:1rem}}
h1{font-size:1.3rem;margin:0 0 .5rem}
p{margin:.4rem 0}
.muted{color:var(--muted);font-size:.9rem}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
input[type=email],input[type=password],input[type=text]{width:100%;font:inherit;padding:.55rem .65rem;
border:1px solid var(--border);border-radius:6px;background:var(--surface);color:var(--fg)}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
button{font:inherit;font-weight:600;padding:.55rem 1.1rem;border-radius:6px;border:1px solid var(--accent);
background:var(--accent);color:var(--accent-fg);cursor:pointer;flex:1 1 8rem}
button.secondary{background:transparent;color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.error{background:var(--danger-subtle);color:var(--danger);border-radius:6px;padding:.5rem .75rem;font-weight:600}
ul.scopes{padding-left:1.1rem;margin:.4rem 0}ul.scopes li{margin:.2rem 0}
code{font-family:ui-monospace,Menlo,Consolas,monospace;background:var(--code-bg);padding:0 .25rem;border-radius:4px}
.user-code{font-size:1.5rem;letter-spacing:.15em;font-family:ui-monospace,Menlo,Consolas,monospace}
`;

export interface PageOptions {
  title: string;
  /** Already-escaped HTML of the page body (inside `<main>`). */
  body: string;
  status?: number;
  /** Extra `form-action` sources besides 'self' (e.g. the client's redirect URI origin). */
  formAction?: readonly string[];
  /** A `<script>` allowed by nonce (form_post); its source must not reflect request values. */
  script?: string;
  /**
   * The one origin besides none that may frame this page (`frame-ancestors`); default 'self'.
   * Only the web_message page sets it, to its client's origin.
   */
  frameAncestor?: string;
  headers?: Record<string, string>;
}

/** A CSP source for a URL: its origin for http(s), its scheme for a custom-scheme (native app) URI. */
export function cspSource(uri: string): string {
  const url = new URL(uri);
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  return url.protocol;
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * One server page: the shared layout, `Cache-Control: no-store`, and a CSP that allows no script
 * except the page's own nonce'd one, and framing by the same origin only (the app shows
 * /authorize in a frame).
 */
export function htmlPage(options: PageOptions): Response {
  const nonce = options.script ? randomNonce() : undefined;
  const formAction = ["'self'", ...new Set(options.formAction ?? [])].join(' ');
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    ...(nonce ? [`script-src 'nonce-${nonce}'`] : []),
    `form-action ${formAction}`,
    `frame-ancestors ${options.frameAncestor ?? "'self'"}`,
    "base-uri 'none'",
  ].join('; ');
  const script = nonce ? `<script nonce="${nonce}">${options.script}</script>` : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(options.title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
${options.body}
</main>
${script}
</body>
</html>
`;
  return new Response(html, {
    status: options.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      // X-Frame-Options cannot name another origin; CSP frame-ancestors overrides it where supported.
      ...(options.frameAncestor ? {} : { 'X-Frame-Options': 'SAMEORIGIN' }),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...noStoreHeaders,
      ...options.headers,
    },
  });
}
