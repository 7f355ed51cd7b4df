import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { SharePanel } from './pages/support-share.ts';

/** A share link made at any step of Authorization Code + PKCE leads the recipient to tokens. */
test.describe('Share links restore a runnable state', () => {
  const steps = [
    { at: 1, title: 'Generate the PKCE verifier and challenge' },
    { at: 2, title: 'Send the user to /authorize' },
    { at: 3, title: 'Exchange the code for tokens' },
  ];

  for (const { at, title } of steps) {
    test(`a link made at step ${at} completes to tokens in a fresh browser`, async ({ browser, page }) => {
      const flow = new FlowPage(page);
      await flow.open('auth-code-pkce', '?scope=openid+profile+offline_access');
      if (at >= 2) {
        await flow.button('Derive the code challenge').click();
        await flow.nextStep.click();
      }
      if (at >= 3) {
        await flow.authorizeInFrame();
        await flow.nextStep.click();
      }
      await expect(flow.currentStepHeading()).toHaveText(`Step ${at} of 3: ${title}`);
      const link = await new SharePanel(page).makeLink();

      const other = await browser.newContext();
      const fresh = await other.newPage();
      await fresh.goto(link);
      const restore = new SharePanel(fresh);
      await expect(restore.restored).toContainText('The shared setup is restored.');
      const recipient = new FlowPage(fresh);
      // The PKCE step is local: it is redone at once, so the recipient starts at the first step
      // that needs the server, with a code_challenge made from a new verifier.
      await expect(recipient.currentStepHeading()).toHaveText(
        at === 1 ? `Step 1 of 3: ${title}` : 'Step 2 of 3: Send the user to /authorize',
      );
      if (at === 3) {
        await expect(restore.restored).toContainText(
          'Redo step 2 (Send the user to /authorize) first: the authorization code cannot travel in a link.',
        );
      }
      if (at === 1) {
        await recipient.button('Derive the code challenge').click();
        await recipient.nextStep.click();
      } else {
        await expect(recipient.step(/^1\. Generate the PKCE verifier and challenge ✓$/)).toBeVisible();
      }
      await expect(recipient.rawRequest).toHaveValue(
        /code_challenge=[A-Za-z0-9_-]{43}&code_challenge_method=S256/,
      );
      await recipient.authorizeInFrame();
      await expect(recipient.result).toHaveText(/^State matches\. Received an authorization code/);
      await recipient.nextStep.click();
      await recipient.button('Send the token request').click();
      await expect(recipient.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token/);
      await other.close();
    });
  }

  test('a tampered link keeps its clear error and changes nothing', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce', '?step=token&tenant=z1.AAAA.deadbeef');
    await expect(new SharePanel(page).refused).toContainText(
      'The tenant changes in this link cannot be used',
    );
    await expect(flow.currentStepHeading()).toHaveText(
      'Step 1 of 3: Generate the PKCE verifier and challenge',
    );
  });
});
