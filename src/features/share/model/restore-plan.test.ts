import { describe, expect, it } from 'vitest';
import { findFlow } from '../../flows/index.ts';
import { describePlan, restorePlan } from './restore-plan.ts';

const flow = (id: string) => {
  const found = findFlow(id);
  if (!found) throw new Error(id);
  return found;
};

describe('the restore plan of a share link', () => {
  it('redoes the PKCE step at once and lands on /authorize for a link made at any later step', () => {
    const pkce = flow('auth-code-pkce');
    for (const stepId of ['authorize', 'token']) {
      const plan = restorePlan(pkce, stepId);
      expect(plan?.automatic.map((s) => s.id)).toEqual(['pkce']);
      expect(plan?.landing.id).toBe('authorize');
    }
    const atToken = restorePlan(pkce, 'token');
    expect(atToken?.redo.map((s) => s.id)).toEqual(['authorize']);
    expect(describePlan(pkce, atToken ?? (undefined as never))).toEqual([
      'Done again here, with new state, nonce and verifier: step 1 (Generate the PKCE verifier and challenge).',
      'The link was made at step 3 (Exchange the code for tokens). Redo step 2 (Send the user to /authorize) first: the authorization code cannot travel in a link.',
    ]);
  });

  it('lands on the first step when it still has to be done', () => {
    expect(restorePlan(flow('auth-code-pkce'), 'pkce')).toMatchObject({ automatic: [], redo: [] });
    const device = restorePlan(flow('device'), 'poll');
    expect(device?.landing.id).toBe('device-code');
    expect(device?.redo.map((s) => s.id)).toEqual(['device-code', 'verify']);
  });

  it('says so when the link names a step the flow does not have (an outdated link)', () => {
    const plan = restorePlan(flow('client-credentials'), 'gone');
    expect(plan?.landing.id).toBe('token');
    expect(plan?.note).toBe('the step "gone" (this flow has no such step)');
  });
});
