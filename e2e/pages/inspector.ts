import type { Locator, Page } from '@playwright/test';

export type KeySourceName =
  | 'This server’s JWKS'
  | 'A JWKS URL'
  | 'A pasted JWK or JWKS'
  | 'A PEM public key or certificate';

/** The /inspect page: locators by role and label, actions as a user does them. Assertions stay in specs. */
export class InspectorPage {
  constructor(readonly page: Page) {}

  /** Relative, so that it works under a base path too. */
  async goto(): Promise<void> {
    await this.page.goto('inspect');
    await this.heading.waitFor();
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'Token inspector' });
  }
  get privacyNote(): Locator {
    return this.page.getByText('Nothing you paste leaves this browser.');
  }
  get tokenInput(): Locator {
    return this.page.getByRole('textbox', { name: 'Token', exact: true });
  }
  get tokenType(): Locator {
    return this.page.getByLabel('Token type');
  }
  /** The message that says what is wrong with an unreadable token. */
  get problem(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'Cannot read this token.' });
  }
  get opaqueExplanation(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'Opaque token' });
  }

  region(name: 'Header' | 'Payload' | 'Signature' | 'Lifetime' | 'Validation'): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }
  /** The signature's verification result. */
  get signatureResult(): Locator {
    return this.region('Signature').getByRole('status');
  }
  /** One line of the validation checklist, by the label it starts with (e.g. "Issuer (iss)"). */
  check(label: string): Locator {
    return this.region('Validation')
      .getByRole('listitem')
      .filter({ has: this.page.getByText(label, { exact: true }) });
  }
  /** The explanation of a claim in the payload, by its name (e.g. "exp"). */
  claim(name: string): Locator {
    return this.region('Payload')
      .locator('dl > div')
      .filter({ has: this.page.locator('dt code', { hasText: new RegExp(`^${name}$`) }) });
  }
  get decodedPayload(): Locator {
    return this.region('Payload').locator('pre');
  }

  keySource(name: KeySourceName): Locator {
    return this.page.getByRole('radio', { name });
  }
  get jwkInput(): Locator {
    return this.page.getByRole('textbox', { name: 'JWK or JWKS', exact: true });
  }
  get pemInput(): Locator {
    return this.page.getByRole('textbox', { name: 'PEM public key or certificate', exact: true });
  }
  get jwksUrlInput(): Locator {
    return this.page.getByRole('textbox', { name: 'JWKS URL', exact: true });
  }
  get fetchKeys(): Locator {
    return this.page.getByRole('button', { name: 'Fetch keys and verify' });
  }
  get expectedValues(): Locator {
    return this.page.getByText('Expected values (optional)');
  }
  expectedField(label: 'Issuer' | 'Audience' | 'Client id' | 'Nonce'): Locator {
    return this.page.getByRole('textbox', { name: label, exact: true });
  }

  async paste(token: string): Promise<void> {
    await this.tokenInput.fill(token);
  }

  async verifyWithJwk(text: string): Promise<void> {
    await this.keySource('A pasted JWK or JWKS').check();
    await this.jwkInput.fill(text);
  }

  async verifyWithPem(pem: string): Promise<void> {
    await this.keySource('A PEM public key or certificate').check();
    await this.pemInput.fill(pem);
  }

  async verifyWithJwksUrl(url: string): Promise<void> {
    await this.keySource('A JWKS URL').check();
    await this.jwksUrlInput.fill(url);
    await this.fetchKeys.click();
  }
}
