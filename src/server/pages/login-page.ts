import { escapeHtml } from './escape.ts';
import { htmlPage } from './layout.ts';

export interface LoginPageOptions {
  /** Where the form posts: built with `ctx.url(...)`, so it works under the worker's base path. */
  action: string;
  clientName: string;
  email?: string;
  error?: string;
  status?: number;
  formAction?: readonly string[];
}

/** The login form: fields **Email** and **Password**, button **Log in**. Credentials go in the POST body only. */
export function loginPage(options: LoginPageOptions): Response {
  const error = options.error
    ? `<p class="error" role="alert" id="login-error">${escapeHtml(options.error)}</p>`
    : '';
  const describedBy = options.error ? ' aria-describedby="login-error"' : '';
  return htmlPage({
    title: 'Log in',
    status: options.status,
    formAction: options.formAction,
    body: `<h1>Log in</h1>
<p class="muted">to continue to <strong>${escapeHtml(options.clientName)}</strong></p>
${error}
<form method="post" action="${escapeHtml(options.action)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}"${describedBy}${options.email ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${options.email ? ' autofocus' : ''}>
<div class="actions"><button type="submit">Log in</button></div>
</form>`,
  });
}
