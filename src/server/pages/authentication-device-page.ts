import { escapeHtml } from './escape.ts';
import { htmlPage } from './layout.ts';

export interface PendingRequestLine {
  approvalId: string;
  clientName: string;
  bindingMessage?: string;
  scopes: readonly string[];
}

/**
 * The user's authentication device (OpenID CIBA Core §1): the requests waiting for this user,
 * each with its binding message, and buttons **Approve** and **Deny**.
 */
export function authenticationDevicePage(options: {
  action: string;
  userEmail: string;
  requests: readonly PendingRequestLine[];
}): Response {
  const items = options.requests
    .map(
      (r) => `<li>
<p><strong>${escapeHtml(r.clientName)}</strong> asks you to sign in.</p>
${r.bindingMessage ? `<p>Check that the application shows: <strong class="binding-message">${escapeHtml(r.bindingMessage)}</strong></p>` : ''}
<p class="muted">Scopes: ${escapeHtml(r.scopes.join(' '))}</p>
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="request" value="${escapeHtml(r.approvalId)}">
<div class="actions">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</div>
</form>
</li>`,
    )
    .join('\n');
  const list = options.requests.length
    ? `<ul class="requests" aria-label="Pending requests">\n${items}\n</ul>`
    : '<p>No request is waiting. Reload this page when an application asks you to sign in.</p>';
  return htmlPage({
    title: 'Authentication device',
    body: `<h1>Authentication device</h1>
<p class="muted">Signed in as ${escapeHtml(options.userEmail)}</p>
${list}`,
  });
}
