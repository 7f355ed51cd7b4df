import { escapeHtml } from './escape.ts';
import { htmlPage } from './layout.ts';

/** RFC 8628 §3.3: the verification page, field **Code**, button **Continue**. */
export function activatePage(options: {
  action: string;
  userCode?: string;
  error?: string;
  status?: number;
}): Response {
  const error = options.error
    ? `<p class="error" role="alert" id="code-error">${escapeHtml(options.error)}</p>`
    : '';
  return htmlPage({
    title: 'Activate your device',
    status: options.status,
    body: `<h1>Activate your device</h1>
<p>Enter the code shown on your device.</p>
${error}
<form method="post" action="${escapeHtml(options.action)}">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" required value="${escapeHtml(options.userCode ?? '')}"${options.error ? ' aria-describedby="code-error"' : ''} autofocus>
<div class="actions"><button type="submit">Continue</button></div>
</form>`,
  });
}
