import type { Locator, Page } from '@playwright/test';

/** Exports on the flow page: the run's HAR and code, and each exchange's curl / raw HTTP. */
export class ExportPanel {
  constructor(readonly page: Page) {}

  get run() {
    return this.page.getByRole('group', { name: 'Export this run' });
  }
  get downloadHar() {
    return this.run.getByRole('button', { name: 'Download HAR' });
  }
  get includeSecrets() {
    return this.run.getByLabel('Include secrets');
  }
  get showCode() {
    return this.run.getByRole('button', { name: 'Show code' });
  }
  /** Where curl and raw HTTP exports of the in-browser server's requests go (`npm run server`). */
  get nodeServer() {
    return this.run.getByLabel('npm run server address for curl and HTTP exports');
  }
  get code() {
    return this.run.getByRole('textbox', { name: 'JavaScript code' });
  }
  /** The timeline entry's own export buttons (the entry must be open). */
  entryExports(entry: Locator) {
    const item = entry.locator('xpath=ancestor::li[1]');
    return {
      copyCurl: item.getByRole('button', { name: 'Copy as curl' }),
      copyHttp: item.getByRole('button', { name: 'Copy as HTTP' }),
      copyFetch: item.getByRole('button', { name: 'Copy as fetch()' }),
      includeSecrets: item.getByLabel('Include secrets'),
    };
  }

  async har(): Promise<{ log: { creator: { name: string }; entries: HarEntry[] } }> {
    const download = this.page.waitForEvent('download');
    await this.downloadHar.click();
    const file = await download;
    const chunks: Buffer[] = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  async clipboard(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }
}

export interface HarEntry {
  startedDateTime: string;
  request: {
    method: string;
    url: string;
    postData?: { text: string; params?: { name: string; value: string }[] };
  };
  response: { status: number; content: { text?: string; mimeType: string }; redirectURL: string };
}
