import type { Locator, Page } from '@playwright/test';
import { LoginPage } from './login.ts';
import { Playground } from './playground.ts';

/** The flow runner page (`/flows/:flowId`): parameters, steps, the in-page browser, panels. */
export class FlowPage {
  readonly playground: Playground;
  constructor(readonly page: Page) {
    this.playground = new Playground(page);
  }

  async open(flowId: string, search = ''): Promise<void> {
    await this.playground.open(`/flows/${flowId}${search}`);
  }
  /** Opens the flow where no service worker runs (the server runs in the page). */
  async openInPageMode(flowId: string, search = ''): Promise<void> {
    await this.playground.openInPageMode(`/flows/${flowId}${search}`);
  }

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  param(label: string | RegExp): Locator {
    return this.page.getByLabel(label, { exact: typeof label === 'string' });
  }
  /** A fieldset by its legend: an entry of a JSON parameter ("Authorization detail 1"). */
  group(name: string): Locator {
    return this.page.getByRole('group', { name, exact: true });
  }
  scopeChip(scope: string): Locator {
    return this.page.getByRole('checkbox', { name: scope, exact: true });
  }
  get moreParameters() {
    return this.page.getByText(/^More parameters/);
  }
  async showMoreParameters(): Promise<void> {
    const details = this.page.locator('details', { has: this.moreParameters });
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await this.moreParameters.click();
  }
  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' });
  }
  get start() {
    return this.page.getByRole('button', { name: /^(Start|Start over)$/ });
  }
  step(title: string | RegExp): Locator {
    return this.page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: title });
  }
  currentStepHeading(): Locator {
    return this.page.getByRole('heading', { level: 2, name: /^Step \d+ of \d+/ });
  }
  get rawRequest() {
    return this.page.getByLabel(/^Raw HTTP request/);
  }
  /** Secrets in the raw request are masked (and it is read-only) until revealed. */
  get revealRequest() {
    return this.page.getByLabel('Reveal secrets in the request (to read or edit them)');
  }
  /** The current step's verdict (status or alert banner). */
  get result() {
    return this.page.locator('section', { has: this.currentStepHeading() }).locator('.banner');
  }
  /** The value next to a label among the current step's facts (its result lines). */
  fact(label: string): Locator {
    return this.page
      .locator('section', { has: this.currentStepHeading() })
      .locator('dt', { hasText: label })
      .locator('xpath=following-sibling::dd[1]');
  }
  get nextStep() {
    return this.page.getByRole('button', { name: /^Next step: / });
  }
  get openInFrame() {
    return this.button('Open in the in-page browser');
  }
  get redirect() {
    return this.button('Redirect this page');
  }
  get frameAddress() {
    return this.page.getByRole('status', { name: 'Frame address' }).or(this.page.getByLabel('Frame address'));
  }
  /** The login/consent pages inside the in-page browser. */
  frame(title = 'Authorization server'): LoginPage {
    return new LoginPage(this.page.frameLocator(`iframe[title="${title}"]`));
  }
  get timeline() {
    return this.page.getByRole('list', { name: 'HTTP exchanges' });
  }
  /** A timeline entry by its summary line (`200 POST /server/oauth/token app`). */
  timelineEntry(text: string | RegExp): Locator {
    return this.timeline.locator('summary').filter({ hasText: text });
  }
  get tokens() {
    return this.page.getByRole('region', { name: 'Tokens', exact: true });
  }
  get useTokens() {
    return this.page.getByRole('region', { name: 'Use the tokens', exact: true });
  }
  get presets() {
    return this.page.getByRole('region', { name: 'Error presets', exact: true });
  }
  preset(title: string): Locator {
    return this.presets.getByRole('button', { name: title, exact: true });
  }
  get session() {
    return this.page.getByRole('region', { name: 'Session and consent', exact: true });
  }
  get diagram() {
    return this.page.getByRole('img', { name: /^Sequence diagram of/ });
  }
  /** On a narrow screen the panels (tokens, timeline, diagram...) fold into this row of buttons. */
  get panelButtons() {
    return this.page.getByRole('list', { name: 'Panels' });
  }
  panelButton(label: string): Locator {
    return this.panelButtons.getByRole('button', { name: label, exact: true });
  }
  /** Opens a folded panel ("Timeline"); where the panels are all shown (a wide screen), does nothing. */
  async showPanel(label: string): Promise<void> {
    const button = this.panelButton(label);
    if ((await button.count()) === 0) return;
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  }

  /** Authorize in the in-page frame as alice (logs in and consents when asked). */
  async authorizeInFrame(login = true): Promise<void> {
    await this.openInFrame.click();
    if (login) await this.frame().logInAndConsent();
  }
}
