import { escapeHtml } from './escape.ts';
import { cspSource, htmlPage } from './layout.ts';

/**
 * OAuth 2.0 Form Post Response Mode §2: an HTML form that auto-submits the response parameters
 * to the redirect URI with POST. The script is allowed by a per-response CSP nonce; without
 * script, the user submits with the button.
 */
export function formPostPage(redirectUri: string, params: Record<string, string>): Response {
  const fields = Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return htmlPage({
    title: 'Submit this form',
    formAction: [cspSource(redirectUri)],
    body: `<h1>Returning to the application</h1>
<form method="post" action="${escapeHtml(redirectUri)}">
${fields}
<noscript><p>JavaScript is off: continue with the button.</p><div class="actions"><button type="submit">Continue</button></div></noscript>
</form>`,
    script: 'document.forms[0].submit();',
  });
}
