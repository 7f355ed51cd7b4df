import type { TestServer } from '../../testing/harness.ts';

/** Test support: a user agent with a cookie jar that drives the browser-facing endpoints. */

export const CALLBACK = 'http://localhost:3000/callback';
export const DEMO_API = 'https://api.example.com';
/** RFC 7636 Appendix B. */
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

export function authorizePath(params: Record<string, string> | [string, string][]): string {
  return `authorize?${new URLSearchParams(params).toString()}`;
}

/** The usual confidential code request of `web-app`. */
export function codeRequest(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: 'web-app',
    redirect_uri: CALLBACK,
    scope: 'openid profile email',
    state: 'xyz',
    ...overrides,
  };
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header received, as sent. */
  readonly setCookies: string[] = [];

  constructor(readonly server: TestServer) {}

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return cookie ? { Cookie: cookie, ...extra } : extra;
  }

  #remember(res: Response): Response {
    for (const header of res.headers.getSetCookie()) {
      this.setCookies.push(header);
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attributes.some((a) => a.trim().toLowerCase() === 'max-age=0') || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(pathOrUrl: string): Promise<Response> {
    return this.#remember(
      await this.server.fetch(pathOrUrl, { headers: this.#headers(), redirect: 'manual' }),
    );
  }

  async post(pathOrUrl: string, form: Record<string, string>): Promise<Response> {
    return this.#remember(
      await this.server.fetch(pathOrUrl, {
        method: 'POST',
        headers: this.#headers({ 'Content-Type': 'application/x-www-form-urlencoded' }),
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      }),
    );
  }

  /** GET /authorize; answers the login page URL it redirected to. */
  async startLogin(params: Record<string, string>): Promise<string> {
    const res = await this.get(authorizePath(params));
    const location = res.headers.get('location') ?? '';
    if (res.status !== 302 || !location.includes('/u/login/')) {
      throw new Error(`expected a redirect to the login page, got ${res.status} ${location}`);
    }
    return location;
  }

  async login(loginUrl: string, email = 'alice@example.com', password = 'wonderland'): Promise<Response> {
    return this.post(loginUrl, { email, password });
  }

  /** Logs in and accepts consent if asked; answers the final response to the client. */
  async authorize(
    params: Record<string, string>,
    user: { email: string; password: string } = { email: 'alice@example.com', password: 'wonderland' },
  ): Promise<Response> {
    let res = await this.get(authorizePath(params));
    if (res.headers.get('location')?.includes('/u/login/')) {
      res = await this.login(res.headers.get('location') ?? '', user.email, user.password);
    }
    const location = res.headers.get('location');
    if (location?.includes('/u/consent/')) res = await this.post(location, { decision: 'accept' });
    return res;
  }
}

/** The parameters of a redirect to the client: its query, or its fragment. */
export function responseParams(res: Response): URLSearchParams {
  const location = new URL(res.headers.get('location') ?? 'http://invalid/');
  return new URLSearchParams(location.hash ? location.hash.slice(1) : location.search);
}

/** The `name=value` hidden fields of a form_post page. */
export function formPostFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return fields;
}
