import type { Page } from '@playwright/test';

/** The providers page (`/providers`). */
export class ProvidersPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/providers');
    await this.page.getByRole('heading', { level: 1, name: 'Providers' }).waitFor();
  }

  get issuer() {
    return this.page.getByLabel('Issuer URL', { exact: true });
  }
  get discover() {
    return this.page.getByRole('button', { name: 'Discover' });
  }
  get problem() {
    return this.page.getByRole('alert');
  }
  get endpoints() {
    return this.page.getByRole('region', { name: 'Endpoints', exact: true });
  }
  get clientId() {
    return this.page.getByLabel('Client ID', { exact: true });
  }
  get clientSecret() {
    return this.page.getByLabel('Client secret (confidential clients only)');
  }
  get use() {
    return this.page.getByRole('button', { name: 'Use this provider' });
  }
  get useBuiltIn() {
    return this.page.getByRole('button', { name: 'Use the built-in server' });
  }
  get checkCors() {
    return this.page.getByRole('button', { name: 'Check CORS' });
  }
  get corsResults() {
    return this.page.getByRole('list', { name: 'CORS check' });
  }
  get manual() {
    return this.page.getByText('Or enter the endpoints by hand');
  }
  manualField(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }
  get useManual() {
    return this.page.getByRole('button', { name: 'Use these endpoints' });
  }
  get inUse() {
    return this.page.getByRole('region', { name: 'In use' });
  }

  async discoverIssuer(url: string): Promise<void> {
    await this.issuer.fill(url);
    await this.discover.click();
  }
}

/** node-oidc-provider's development login and consent pages (`devInteractions`). */
export class DevInteractionPages {
  constructor(readonly page: Page) {}

  get login() {
    return this.page.getByPlaceholder('Enter any login');
  }
  get password() {
    return this.page.getByPlaceholder('and password');
  }
  get signIn() {
    return this.page.getByRole('button', { name: 'Sign-in' });
  }
  get continue() {
    return this.page.getByRole('button', { name: 'Continue' });
  }
}
