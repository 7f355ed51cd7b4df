import type { Page } from '@playwright/test';

/** The server's own pages (login, consent), found by their accessible names (SPEC.md, "Pages"). */
export class LoginAndConsentPages {
  constructor(readonly page: Page) {}

  get email() {
    return this.page.getByLabel('Email');
  }
  get password() {
    return this.page.getByLabel('Password');
  }
  get logIn() {
    return this.page.getByRole('button', { name: 'Log in' });
  }
  get accept() {
    return this.page.getByRole('button', { name: 'Accept' });
  }
  get decline() {
    return this.page.getByRole('button', { name: 'Decline' });
  }

  async logInAs(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.logIn.click();
  }
}
