import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.ts';
import { MemoryStore } from '../store/memory.ts';
import { consentCovers, grantConsent, listConsents, revokeConsents } from './consents.ts';

const ctx = () => ({ store: new MemoryStore(), now: 100 }) as unknown as ServerContext;
const API = 'https://api.example.com';

describe('consents', () => {
  it('cover the same or fewer scopes, not more, per user x client x audience', async () => {
    const c = ctx();
    await grantConsent(c, 'u', 'spa', API, ['openid', 'read:messages']);
    expect(await consentCovers(c, 'u', 'spa', API, ['openid', 'read:messages'])).toBe(true);
    expect(await consentCovers(c, 'u', 'spa', API, ['read:messages'])).toBe(true);
    expect(await consentCovers(c, 'u', 'spa', API, ['openid', 'write:messages'])).toBe(false);
    expect(await consentCovers(c, 'u', 'spa', undefined, ['openid'])).toBe(false);
    expect(await consentCovers(c, 'u', 'web-app', API, ['openid'])).toBe(false);
    expect(await consentCovers(c, 'v', 'spa', API, ['openid'])).toBe(false);
  });

  it('add up, and are revoked by filter', async () => {
    const c = ctx();
    await grantConsent(c, 'u', 'spa', API, ['openid']);
    await grantConsent(c, 'u', 'spa', API, ['read:messages']);
    await grantConsent(c, 'u', 'spa', undefined, ['openid']);
    expect(await listConsents(c, { audience: API })).toEqual([
      { userId: 'u', clientId: 'spa', audience: API, scopes: ['openid', 'read:messages'], grantedAt: 100 },
    ]);
    expect(await revokeConsents(c, { audience: API })).toBe(1);
    expect((await listConsents(c)).map((r) => r.audience)).toEqual([null]);
    expect(await revokeConsents(c)).toBe(1);
    expect(await listConsents(c)).toEqual([]);
  });
});
