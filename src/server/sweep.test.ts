import { describe, expect, it } from 'vitest';
import type { Collection } from './store/types.ts';
import { MAX_MESSAGES, SWEEP_INTERVAL_SECONDS, sweepExpired } from './sweep.ts';
import { createTestServer, storeFactories } from './testing/harness.ts';

const DAY = 86400;

describe.each(Object.entries(storeFactories))('sweeping expired state (%s store)', (_name, makeStore) => {
  it('deletes records a day past their expiry, their orphaned grants and old sessions; keeps the rest', async () => {
    const store = makeStore();
    const now = 1_800_000_000;
    const put = (collection: Collection, id: string, value: unknown) => store.put(collection, id, value);
    await put('grants', 'g-old', { id: 'g-old', createdAt: now - 3 * DAY });
    await put('grants', 'g-live', { id: 'g-live', createdAt: now - 3 * DAY });
    await put('grants', 'g-new', { id: 'g-new', createdAt: now - 10 });
    await put('accessTokens', 'old', { id: 'old', grantId: 'g-old', expiresAt: now - DAY - 1 });
    await put('accessTokens', 'just-expired', { id: 'just-expired', grantId: 'g-live', expiresAt: now - 10 });
    await put('refreshTokens', 'live', { id: 'live', grantId: 'g-live', expiresAt: now + DAY });
    await put('codes', 'c1', { code: 'c1', expiresAt: now - 2 * DAY });
    await put('deviceCodes', 'd1', { deviceCode: 'd1', userCode: 'BCDF-GHJK', expiresAt: now - 2 * DAY });
    await put('userCodes', 'BCDFGHJK', 'd1');
    await put('interactions', 'i1', { id: 'i1', expiresAt: now - 2 * DAY });
    await put('sessions', 's-old', { id: 's-old', createdAt: now - 30 * DAY });
    await put('sessions', 's-new', { id: 's-new', createdAt: now - DAY });

    expect(await sweepExpired(store, now)).toBe(6);
    expect((await store.list<{ id: string }>('accessTokens')).map((t) => t.id)).toEqual(['just-expired']);
    expect(await store.get('refreshTokens', 'live')).toBeDefined();
    expect((await store.list<{ id: string }>('grants')).map((g) => g.id).sort()).toEqual(['g-live', 'g-new']);
    expect(await store.list('codes')).toEqual([]);
    expect(await store.list('deviceCodes')).toEqual([]);
    expect(await store.get('userCodes', 'BCDFGHJK')).toBeUndefined();
    expect(await store.list('interactions')).toEqual([]);
    expect((await store.list<{ id: string }>('sessions')).map((s) => s.id)).toEqual(['s-new']);
  });

  it('keeps only the newest sample-API messages', async () => {
    const store = makeStore();
    for (let i = 1; i <= MAX_MESSAGES + 5; i++)
      await store.put('messages', `m${i}`, { id: `m${i}`, sequence: i });
    expect(await sweepExpired(store, 1_800_000_000)).toBe(5);
    const left = await store.list<{ sequence: number }>('messages');
    expect(left).toHaveLength(MAX_MESSAGES);
    expect(Math.min(...left.map((m) => m.sequence))).toBe(6);
  });

  it('runs on its own as requests come, so a long-running host does not grow with every token', async () => {
    const server = createTestServer({ makeStore });
    const token = () =>
      server.post(
        'oauth/token',
        { grant_type: 'client_credentials', audience: 'https://api.example.com' },
        { Authorization: `Basic ${btoa('m2m:m2m-secret')}` },
      );
    for (let i = 0; i < 3; i++) expect((await token()).status).toBe(200);
    expect(await server.store.list('accessTokens')).toHaveLength(3);
    // Moving the playground's server clock forward deletes nothing: the sweep goes by real time.
    await server.fetch('admin/clock', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 30 * DAY }),
    });
    server.clock.ms += (SWEEP_INTERVAL_SECONDS + 1) * 1000;
    await server.fetch('.well-known/openid-configuration');
    expect(await server.store.list('accessTokens')).toHaveLength(3);
    // Two days of real time later the expired tokens (one-day lifetime) and their grants are gone.
    server.clock.ms += 2 * DAY * 1000;
    expect((await server.fetch('.well-known/openid-configuration')).status).toBe(200);
    expect(await server.store.list('accessTokens')).toHaveLength(0);
    expect(await server.store.list('grants')).toHaveLength(0);
  });
});
