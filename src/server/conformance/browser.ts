/**
 * A tiny user agent for the conformance suite: it follows redirects by hand, keeps cookies, reads
 * the server's HTML forms and submits them as a browser would (fields found by their label,
 * buttons by their text). It never runs scripts.
 */

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface Page {
  url: URL;
  status: number;
  headers: Headers;
  /** The body as text (HTML pages, JSON errors). */
  body: string;
  /** The redirects followed to get here, in order (each `Location`, absolute). */
  redirects: URL[];
}

interface FormField {
  name: string;
  value: string;
  id?: string;
  type: string;
}

interface FormButton {
  text: string;
  name?: string;
  value?: string;
}

export interface HtmlForm {
  action: URL;
  method: string;
  fields: FormField[];
  buttons: FormButton[];
  /** Label text -> the `name` of the field it labels. */
  labels: Map<string, string>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X'
          ? Number.parseInt(entity.slice(2), 16)
          : Number(entity.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return entities[entity.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const pattern = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const inner = tag.replace(/^<\s*[a-zA-Z]+/, '').replace(/\/?>$/, '');
  for (const match of inner.matchAll(pattern)) {
    attrs.set(match[1].toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attrs;
}

function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The forms of an HTML page, with their fields, buttons and labels. */
export function parseForms(html: string, pageUrl: URL): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(match[0].slice(0, match[0].indexOf('>') + 1));
    const content = match[1];
    const fields: FormField[] = [];
    for (const input of content.matchAll(/<input\b[^>]*>/gi)) {
      const a = attributes(input[0]);
      const type = (a.get('type') ?? 'text').toLowerCase();
      const name = a.get('name');
      if (type === 'submit' || type === 'button') continue;
      if ((type === 'checkbox' || type === 'radio') && !a.has('checked')) continue;
      if (name) fields.push({ name, value: a.get('value') ?? '', id: a.get('id'), type });
    }
    for (const textarea of content.matchAll(/<textarea\b[^>]*>([\s\S]*?)<\/textarea>/gi)) {
      const a = attributes(textarea[0].slice(0, textarea[0].indexOf('>') + 1));
      const name = a.get('name');
      if (name) fields.push({ name, value: decodeEntities(textarea[1]), id: a.get('id'), type: 'textarea' });
    }
    const buttons: FormButton[] = [];
    for (const button of content.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/gi)) {
      const a = attributes(button[0].slice(0, button[0].indexOf('>') + 1));
      if ((a.get('type') ?? 'submit').toLowerCase() !== 'submit') continue;
      buttons.push({ text: textOf(button[1]), name: a.get('name'), value: a.get('value') });
    }
    for (const input of content.matchAll(/<input\b[^>]*>/gi)) {
      const a = attributes(input[0]);
      if ((a.get('type') ?? '').toLowerCase() === 'submit') {
        buttons.push({ text: a.get('value') ?? 'Submit', name: a.get('name'), value: a.get('value') });
      }
    }
    const labels = new Map<string, string>();
    for (const label of content.matchAll(/<label\b[^>]*>([\s\S]*?)<\/label>/gi)) {
      const a = attributes(label[0].slice(0, label[0].indexOf('>') + 1));
      const forId = a.get('for');
      const nested = /<(input|textarea)\b[^>]*>/i.exec(label[1]);
      const text = textOf(label[1].replace(/<textarea\b[\s\S]*?<\/textarea>/gi, ''));
      const field = forId
        ? fields.find((f) => f.id === forId)
        : nested
          ? fields.find((f) => f.name === attributes(nested[0]).get('name'))
          : undefined;
      if (field) labels.set(text, field.name);
    }
    // aria-label on a field names it too.
    for (const input of content.matchAll(/<(input|textarea)\b[^>]*>/gi)) {
      const a = attributes(input[0]);
      const aria = a.get('aria-label');
      const name = a.get('name');
      if (aria && name) labels.set(aria, name);
    }
    forms.push({
      action: new URL(attrs.get('action') || pageUrl.href, pageUrl),
      method: (attrs.get('method') ?? 'get').toUpperCase(),
      fields,
      buttons,
      labels,
    });
  }
  return forms;
}

function parseSetCookie(header: string): { name: string; value: string; attributes: Map<string, string> } {
  const [pair, ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attrs = new Map<string, string>();
  for (const part of rest) {
    const [key, ...value] = part.trim().split('=');
    attrs.set(key.toLowerCase(), value.join('='));
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes: attrs };
}

export class UserAgent {
  readonly #fetch: Fetch;
  /** The origins whose responses the agent loads; a redirect elsewhere ends navigation there. */
  readonly #serverOrigin: string;
  readonly cookies = new Map<string, string>();
  /** Every `Set-Cookie` header received, as sent (to check HttpOnly and SameSite). */
  readonly setCookieHeaders: string[] = [];
  page: Page | undefined;
  /** Values typed into the current page's fields, by field name. */
  #typed = new Map<string, string>();

  constructor(fetch: Fetch, serverOrigin: string) {
    this.#fetch = fetch;
    this.#serverOrigin = serverOrigin;
  }

  #remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      this.setCookieHeaders.push(header);
      const cookie = parseSetCookie(header);
      const maxAge = cookie.attributes.get('max-age');
      const expires = cookie.attributes.get('expires');
      const gone =
        (maxAge !== undefined && Number(maxAge) <= 0) ||
        (expires !== undefined && Date.parse(expires) < Date.parse('2000-01-01')) ||
        cookie.value === '';
      if (gone) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  async #send(url: URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('Cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    headers.set('Accept', 'text/html,application/xhtml+xml');
    const response = await this.#fetch(url.href, { ...init, headers, redirect: 'manual' });
    this.#remember(response);
    return response;
  }

  /**
   * Loads `url` (GET, or the given request) and follows redirects that stay on the server's
   * origin. A redirect to another origin (a client's redirect URI) ends the navigation there,
   * without loading it: its URL is what a test inspects.
   */
  async navigate(url: string | URL, init: RequestInit = {}): Promise<Page> {
    let target = new URL(url);
    let response = await this.#send(target, init);
    const redirects: URL[] = [];
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      const location = response.headers.get('location');
      if (!location || hops > 20) break;
      target = new URL(location, target);
      redirects.push(target);
      if (target.origin !== this.#serverOrigin || target.pathname === '/callback') {
        this.page = { url: target, status: 0, headers: new Headers(), body: '', redirects };
        this.#typed = new Map();
        return this.page;
      }
      response = await this.#send(target);
    }
    this.page = {
      url: target,
      status: response.status,
      headers: response.headers,
      body: await response.text(),
      redirects,
    };
    this.#typed = new Map();
    return this.page;
  }

  get forms(): HtmlForm[] {
    if (!this.page) throw new Error('No page loaded');
    return parseForms(this.page.body, this.page.url);
  }

  /** The visible text of the current page. */
  get text(): string {
    return textOf((this.page?.body ?? '').replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ''));
  }

  hasField(label: string): boolean {
    return this.forms.some((form) => form.labels.has(label));
  }

  hasButton(text: string): boolean {
    return this.forms.some((form) => form.buttons.some((b) => b.text === text));
  }

  /** Types into the field labelled `label`. */
  fill(label: string, value: string): this {
    const form = this.forms.find((f) => f.labels.has(label));
    const name = form?.labels.get(label);
    if (!name)
      throw new Error(`No field labelled "${label}" on ${this.page?.url.href}: ${this.text.slice(0, 300)}`);
    this.#typed.set(name, value);
    return this;
  }

  /** Presses the submit button with this text and follows the result. */
  async press(text: string): Promise<Page> {
    const form = this.forms.find((f) => f.buttons.some((b) => b.text === text));
    const button = form?.buttons.find((b) => b.text === text);
    if (!form || !button) {
      throw new Error(`No button "${text}" on ${this.page?.url.href}: ${this.text.slice(0, 300)}`);
    }
    const data = new URLSearchParams();
    for (const field of form.fields) data.append(field.name, this.#typed.get(field.name) ?? field.value);
    for (const [name, value] of this.#typed)
      if (!form.fields.some((f) => f.name === name)) data.append(name, value);
    if (button.name) data.append(button.name, button.value ?? '');
    if (form.method === 'POST') {
      return this.navigate(form.action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: data.toString(),
      });
    }
    const action = new URL(form.action);
    action.search = data.toString();
    return this.navigate(action);
  }
}
