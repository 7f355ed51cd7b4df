import http from 'node:http';
import type { FrameLocator, Page } from '@playwright/test';
import { listen } from './support-servers.ts';

export interface HostEvent {
  origin: string;
  data: { source?: string; type?: string; [key: string]: unknown };
}

/**
 * A docs page on another origin that embeds the playground: it lists the messages it receives
 * and exposes them as `window.hostEvents`; `send()` posts a command to the frame.
 */
export function hostPageHtml(embedUrl: string, early?: Record<string, unknown>): string {
  const src = JSON.stringify(embedUrl);
  // A command posted as soon as the frame has loaded, before the playground says it is ready.
  const sendEarly = early
    ? `frame.addEventListener('load', () => frame.contentWindow.postMessage(${JSON.stringify(early)}, playground), { once: true });`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Docs page</title></head>
<body>
<h1>Docs page</h1>
<iframe id="playground" title="OAuth playground" width="1000" height="900" style="border:1px solid #ccc"></iframe>
<h2>Events</h2>
<ul aria-label="Events"></ul>
<script>
  const frame = document.getElementById('playground');
  frame.src = ${src};
  const playground = new URL(${src}).origin;
  ${sendEarly}
  window.hostEvents = [];
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    window.hostEvents.push({ origin: event.origin, data: event.data });
    const li = document.createElement('li');
    li.textContent = [
      event.data.type,
      event.data.stepTitle || '',
      event.data.result ? '(' + event.data.result + ')' : '',
      event.data.tokens ? 'with tokens' : '',
    ].filter(Boolean).join(' ');
    document.querySelector('ul').append(li);
  });
  window.send = (message) => frame.contentWindow.postMessage(message, playground);
</script>
</body></html>`;
}

/** Serves host pages on 127.0.0.1 (`/<name>` -> the page embedding `pages[name]`). */
export async function startHostServer(
  port: number,
  pages: Record<string, string | { url: string; early: Record<string, unknown> }>,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://host').pathname.slice(1);
    const entry = pages[name];
    if (!entry) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(typeof entry === 'string' ? hostPageHtml(entry) : hostPageHtml(entry.url, entry.early));
  });
  await listen(server, port);
  return server;
}

/** The host page and the embedded playground inside it. */
export class EmbedHostPage {
  readonly frame: FrameLocator;
  constructor(readonly page: Page) {
    this.frame = page.frameLocator('iframe[title="OAuth playground"]');
  }

  get events() {
    return this.page.getByRole('list', { name: 'Events' });
  }
  get fallback() {
    return this.frame
      .getByRole('alert')
      .filter({ hasText: 'The in-browser server cannot run inside this frame.' });
  }
  get openInNewTab() {
    return this.frame.getByRole('link', { name: 'Open the playground in a new tab' });
  }
  get serverWindowNote() {
    return this.frame.getByRole('status', { name: 'Server window' });
  }
  get notes() {
    return this.frame.getByRole('status').filter({ hasText: /^Ignored/ });
  }
  /** A note in the frame (status) by its text. */
  note(text: string | RegExp) {
    return this.frame.getByRole('status').filter({ hasText: text });
  }
  /** The server's login and consent pages inside the embed's own in-page browser. */
  get serverPages() {
    return this.frame.frameLocator('iframe[title="Authorization server"]');
  }
  stepButton(name: string | RegExp) {
    return this.frame.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name });
  }

  /** Opens a panel folded under the steps (a narrow frame); where all panels show, does nothing. */
  async showPanel(label: string): Promise<void> {
    const button = this.frame
      .getByRole('list', { name: 'Panels' })
      .getByRole('button', { name: label, exact: true });
    if ((await button.count()) === 0) return;
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  }

  async send(message: Record<string, unknown>): Promise<void> {
    await this.page.evaluate((m) => (window as unknown as { send(m: unknown): void }).send(m), message);
  }

  async received(): Promise<HostEvent[]> {
    return this.page.evaluate(() => (window as unknown as { hostEvents: HostEvent[] }).hostEvents);
  }

  /** Waits for an event of this type and returns the latest one. */
  async waitForEvent(type: string, timeout = 20_000): Promise<HostEvent> {
    await this.page.waitForFunction(
      (t) => (window as unknown as { hostEvents: HostEvent[] }).hostEvents.some((e) => e.data?.type === t),
      type,
      { timeout },
    );
    const events = await this.received();
    return events.filter((e) => e.data.type === type).at(-1) as HostEvent;
  }
}
