import { expect, type Page } from '@playwright/test';

/** The app's base path (`BASE_PATH=/playground/` for a sub-path build). */
const BASE_PATH = process.env.BASE_PATH ?? '/';

/** The app's chrome: navigation, theme, server status. */
export class Playground {
  constructor(readonly page: Page) {}

  get nav() {
    return this.page.getByRole('navigation', { name: 'Main' });
  }
  get theme() {
    return this.page.getByLabel('Theme');
  }
  get skipLink() {
    return this.page.getByRole('link', { name: 'Skip to content' });
  }
  get starting() {
    return this.page.getByText('Starting the in-browser server');
  }
  /** The note that the server runs in the page (no service worker). */
  get pageModeNote() {
    return this.page.getByRole('status', { name: 'Server mode' });
  }
  /** Goes to another flow as a person would, without reloading (a reload ends an in-page server). */
  async switchToFlow(title: string): Promise<void> {
    await this.nav.getByRole('link', { name: 'Flows' }).click();
    await this.flowLink(title).click();
  }
  flowLink(title: string) {
    return this.page.getByRole('link', { name: title, exact: true });
  }

  /** Opens an app path (`/flows/device`) under the app's base path. */
  async open(path = '/'): Promise<void> {
    await this.page.goto(`${BASE_PATH}${path.replace(/^\//, '')}`);
    await this.waitForServer();
  }

  /** Opens an app path where no service worker can run: the server starts in the page. */
  async openInPageMode(path = '/'): Promise<void> {
    await this.page.goto(`${BASE_PATH}${path.replace(/^\//, '')}`);
    await expect(this.pageModeNote).toBeVisible({ timeout: 20_000 });
  }

  /** The in-browser server controls the page and answers (the banner is gone). */
  async waitForServer(): Promise<void> {
    await expect(this.page.locator('#main')).toBeVisible();
    await this.page.waitForFunction(async () => {
      if (!navigator.serviceWorker?.controller) return false;
      const res = await fetch('server/.well-known/openid-configuration', { cache: 'no-store' }).catch(
        () => null,
      );
      return res?.headers.get('content-type')?.includes('application/json') ?? false;
    });
    await expect(this.starting).toHaveCount(0);
  }
}
