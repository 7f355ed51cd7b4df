/**
 * The app's `/callback` route cannot read a POST body: the worker takes the `form_post` response
 * and hands its fields to the app in the fragment, which is never sent to a server (the app
 * clears it once read).
 * @see [OAuth 2.0 Form Post Response Mode §2](https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode)
 */
export async function answerFormPost(request: Request, callbackUrl: string): Promise<Response> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return new Response('The callback received a body that is not a form.', {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const fields = new URLSearchParams();
  for (const [name, value] of form) if (typeof value === 'string') fields.append(name, value);
  // 303: the browser follows with a GET (RFC 9110 §15.4.4), so a reload does not post again.
  return new Response(null, {
    status: 303,
    headers: {
      Location: `${callbackUrl}#${fields}`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    },
  });
}
