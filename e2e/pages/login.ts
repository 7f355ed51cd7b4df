import type { FrameLocator, Page } from '@playwright/test';

/**
 * The authorization server's login, consent and activation pages (SPEC.md "Pages"), in the
 * top-level page or inside the playground's in-page browser frame.
 */
export class LoginPage {
  constructor(readonly root: Page | FrameLocator) {}

  get email() {
    return this.root.getByLabel('Email');
  }
  get password() {
    return this.root.getByLabel('Password');
  }
  get logIn() {
    return this.root.getByRole('button', { name: 'Log in' });
  }
  get accept() {
    return this.root.getByRole('button', { name: 'Accept' });
  }
  get decline() {
    return this.root.getByRole('button', { name: 'Decline' });
  }
  get code() {
    return this.root.getByLabel('Code');
  }
  get continue() {
    return this.root.getByRole('button', { name: 'Continue' });
  }

  async logInAs(email = 'alice@example.com', password = 'wonderland'): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.logIn.click();
  }

  /** Logs in if the login form shows up, then accepts the consent if asked. */
  async logInAndConsent(email = 'alice@example.com', password = 'wonderland'): Promise<void> {
    await this.logInAs(email, password);
    await this.accept.click();
  }
}
