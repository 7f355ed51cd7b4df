import type { Page } from '@playwright/test';

/** Share links on the flow page: making one, and the panel that restores one. */
export class SharePanel {
  constructor(readonly page: Page) {}

  get share() {
    return this.page.getByRole('button', { name: 'Share this setup' });
  }
  get link() {
    return this.page.getByRole('textbox', { name: 'Share link' });
  }
  get notCarried() {
    return this.page.getByRole('list', { name: 'Not in the link' });
  }
  get tenantChanges() {
    return this.page.getByRole('list', { name: 'Tenant changes' });
  }
  get apply() {
    return this.page.getByRole('button', { name: "Apply the link's tenant" });
  }
  get keep() {
    return this.page.getByRole('button', { name: 'Keep my tenant' });
  }
  get restored() {
    return this.page.getByRole('region', {
      name: /^(The link's tenant is applied|The shared setup is restored|Your tenant is kept)/,
    });
  }
  get newSecrets() {
    return this.page.getByRole('list', { name: 'New secrets' });
  }
  get refused() {
    return this.page.getByRole('alert').filter({ hasText: 'This share link cannot be used' });
  }

  async makeLink(): Promise<string> {
    await this.share.click();
    await this.link.waitFor();
    return this.link.inputValue();
  }
}
