import { escapeHtml } from './escape.ts';
import { htmlPage } from './layout.ts';

export interface ScopeLine {
  value: string;
  description: string;
}

export interface ConsentPageOptions {
  action: string;
  clientName: string;
  userEmail: string;
  /** The API (audience) the access is for, when one was requested. */
  audience?: { identifier: string; name?: string };
  scopes: readonly ScopeLine[];
  /** RFC 9396 authorization details, each in words. */
  details?: readonly string[];
  formAction?: readonly string[];
}

function detailList(details: readonly string[] | undefined): string {
  if (!details?.length) return '';
  const items = details.map((d) => `<li>${escapeHtml(d)}</li>`).join('\n');
  return `<p>It also asks for this specific access:</p>\n<ul class="scopes" aria-label="Requested authorization details">\n${items}\n</ul>`;
}

function scopeList(scopes: readonly ScopeLine[]): string {
  if (!scopes.length) return '<p>No scopes were requested.</p>';
  const items = scopes
    .map(
      (s) =>
        `<li><code>${escapeHtml(s.value)}</code>${s.description ? `: ${escapeHtml(s.description)}` : ''}</li>`,
    )
    .join('\n');
  return `<ul class="scopes" aria-label="Requested scopes">\n${items}\n</ul>`;
}

/** The consent page: client, audience, scopes with descriptions; buttons **Accept** and **Decline**. */
export function consentPage(options: ConsentPageOptions): Response {
  const audience = options.audience
    ? `<p>API: <strong>${escapeHtml(options.audience.name ?? options.audience.identifier)}</strong> (<code>${escapeHtml(options.audience.identifier)}</code>)</p>`
    : '';
  return htmlPage({
    title: 'Authorize application',
    formAction: options.formAction,
    body: `<h1>Authorize ${escapeHtml(options.clientName)}</h1>
<p class="muted">Logged in as ${escapeHtml(options.userEmail)}</p>
<p><strong>${escapeHtml(options.clientName)}</strong> is requesting access to your account.</p>
${audience}
${scopeList(options.scopes)}
${detailList(options.details)}
<form method="post" action="${escapeHtml(options.action)}">
<div class="actions">
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="decline" class="secondary">Decline</button>
</div>
</form>`,
  });
}

export interface DeviceConfirmPageOptions {
  action: string;
  clientName: string;
  userEmail: string;
  userCode: string;
  audience?: { identifier: string; name?: string };
  scopes: readonly ScopeLine[];
}

/** RFC 8628 §5.4: the user confirms that the code matches the one on their device before approving. */
export function deviceConfirmPage(options: DeviceConfirmPageOptions): Response {
  const audience = options.audience
    ? `<p>API: <strong>${escapeHtml(options.audience.name ?? options.audience.identifier)}</strong> (<code>${escapeHtml(options.audience.identifier)}</code>)</p>`
    : '';
  return htmlPage({
    title: 'Confirm your device',
    body: `<h1>Confirm your device</h1>
<p class="muted">Logged in as ${escapeHtml(options.userEmail)}</p>
<p>Check that your device shows this code:</p>
<p class="user-code">${escapeHtml(options.userCode)}</p>
<p><strong>${escapeHtml(options.clientName)}</strong> is requesting access to your account.</p>
${audience}
${scopeList(options.scopes)}
<p class="muted">Only accept if you started this on a device you own.</p>
<form method="post" action="${escapeHtml(options.action)}">
<div class="actions">
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="decline" class="secondary">Decline</button>
</div>
</form>`,
  });
}
