import type { Locator, Page } from '@playwright/test';

/** The tenant editor (`/tenant`). */
export class TenantEditorPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/tenant');
    await this.heading.waitFor();
  }

  get heading() {
    return this.page.getByRole('heading', { level: 1, name: 'Tenant' });
  }
  /** "All changes saved", "Saving…", "Not saved: ..." */
  get saveStatus() {
    return this.page.locator('output.tenant-status');
  }
  client(clientId: string): Locator {
    return this.page.getByRole('group', { name: `Client ${clientId}`, exact: true });
  }
  user(email: string): Locator {
    return this.page.getByRole('group', { name: `User ${email}`, exact: true });
  }
  api(identifier: string): Locator {
    return this.page.getByRole('group', { name: `API ${identifier}`, exact: true });
  }
  field(scope: Locator, label: string): Locator {
    return scope.getByLabel(label, { exact: true });
  }
  get addUser() {
    return this.page.getByRole('button', { name: 'Add a user' });
  }
  get fieldsToFix() {
    return this.page.getByRole('list', { name: 'Fields to fix' });
  }
  get exportJson() {
    return this.page.getByRole('button', { name: 'Export tenant JSON' });
  }
  get importJson() {
    return this.page.getByLabel('Import tenant JSON');
  }
  get importErrors() {
    return this.page.getByRole('list', { name: 'Tenant errors' });
  }
  get editAsJson() {
    return this.page.getByRole('button', { name: 'Edit as JSON' });
  }
  get jsonEditor() {
    return this.page.getByRole('textbox', { name: 'Tenant as JSON' });
  }
  get applyJson() {
    return this.page.getByRole('button', { name: 'Apply JSON' });
  }
  get reset() {
    return this.page.getByRole('button', { name: 'Reset to the demo tenant' });
  }
  get confirmReset() {
    return this.page.getByRole('button', { name: 'Yes, reset' });
  }
  get rotateKeys() {
    return this.page.getByRole('button', { name: 'Rotate signing keys' });
  }
  get signingKeys() {
    return this.page.getByRole('list', { name: 'Signing keys' });
  }

  /** Downloads the export and returns its parsed JSON. */
  async exportTenant(): Promise<{ text: string; json: Record<string, unknown> }> {
    const download = this.page.waitForEvent('download');
    await this.exportJson.click();
    const file = await download;
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return { text, json: JSON.parse(text) as Record<string, unknown> };
  }

  async importTenant(name: string, text: string): Promise<void> {
    await this.importJson.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  }
}
