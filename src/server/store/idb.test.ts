import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { OAuthError } from '../errors.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import { IdbStore, storageUnavailable } from './idb.ts';
import { type Store, unchanged } from './types.ts';

interface CodeRecord {
  code: string;
  used: boolean;
}

describe.each(Object.entries(storeFactories))('store contract (%s)', (_name, makeStore) => {
  it('puts, gets, lists, deletes and clears records per collection', async () => {
    const store = makeStore();
    expect(await store.get('codes', 'a')).toBeUndefined();
    await store.put<CodeRecord>('codes', 'a', { code: 'a', used: false });
    await store.put<CodeRecord>('codes', 'b', { code: 'b', used: false });
    await store.put('sessions', 'a', { user: 'alice' });
    expect(await store.get('codes', 'a')).toEqual({ code: 'a', used: false });
    expect(await store.get('sessions', 'a')).toEqual({ user: 'alice' });
    expect((await store.list<CodeRecord>('codes')).map((r) => r.code).sort()).toEqual(['a', 'b']);

    await store.delete('codes', 'a');
    expect(await store.get('codes', 'a')).toBeUndefined();
    expect(await store.list('codes')).toEqual([{ code: 'b', used: false }]);

    await store.clear('codes');
    expect(await store.list('codes')).toEqual([]);
    // Other collections are untouched by clear.
    expect(await store.list('sessions')).toEqual([{ user: 'alice' }]);
  });

  it('keeps ids that sort at the edges of a collection inside it', async () => {
    const store = makeStore();
    await store.put('codes', '', 'empty');
    await store.put('codes', '\uffff', 'high');
    await store.put('consents', '', 'other');
    expect((await store.list<string>('codes')).sort()).toEqual(['empty', 'high']);
    await store.clear('codes');
    expect(await store.list('consents')).toEqual(['other']);
  });

  it('update creates, changes, leaves unchanged and deletes', async () => {
    const store = makeStore();
    expect(await store.update<number>('meta', 'n', (n) => (n ?? 0) + 1)).toEqual({
      before: undefined,
      after: 1,
    });
    expect(await store.update<number>('meta', 'n', (n) => (n ?? 0) + 1)).toEqual({ before: 1, after: 2 });
    expect(await store.update<number>('meta', 'n', () => unchanged)).toEqual({ before: 2, after: 2 });
    expect(await store.get('meta', 'n')).toBe(2);
    expect(await store.update<number>('meta', 'n', () => undefined)).toEqual({ before: 2, after: undefined });
    expect(await store.get('meta', 'n')).toBeUndefined();
  });

  it('a mutator that throws leaves the record as it was', async () => {
    const store = makeStore();
    await store.put('meta', 'x', 1);
    await expect(
      store.update('meta', 'x', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.get('meta', 'x')).toBe(1);
  });

  it('concurrent updates serialize: a code is consumed exactly once', async () => {
    const store = makeStore();
    await store.put<CodeRecord>('codes', 'c', { code: 'c', used: false });
    const consume = () =>
      store.update<CodeRecord>('codes', 'c', (current) =>
        current && !current.used ? { ...current, used: true } : unchanged,
      );
    const results = await Promise.all(Array.from({ length: 10 }, consume));
    const winners = results.filter((r) => r.before?.used === false && r.after?.used === true);
    expect(winners).toHaveLength(1);
    const counter = await Promise.all(
      Array.from({ length: 20 }, () => store.update<number>('meta', 'count', (n) => (n ?? 0) + 1)),
    );
    expect(counter.map((r) => r.after).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('stores CryptoKeys as they are', async () => {
    const store = makeStore();
    const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    await store.put('keys', 'k', { privateKey });
    const back = await store.get<{ privateKey: CryptoKey }>('keys', 'k');
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      back?.privateKey as CryptoKey,
      new Uint8Array([1]),
    );
    expect(signature.byteLength).toBe(64);
  });
});

describe('IdbStore', () => {
  it('a fresh store on the same database sees the data (a restarted worker)', async () => {
    const factory = new IDBFactory();
    const first = new IdbStore({ factory, name: 'shared' });
    await first.put('interactions', 'i1', { clientId: 'spa' });
    const second = new IdbStore({ factory, name: 'shared' });
    expect(await second.get('interactions', 'i1')).toEqual({ clientId: 'spa' });
    // Another database name (another base path) does not.
    const other = new IdbStore({ factory, name: 'shared:/playground/' });
    expect(await other.get('interactions', 'i1')).toBeUndefined();
  });

  it('two connections (two tabs) consume a code exactly once', async () => {
    const factory = new IDBFactory();
    const tabs: Store[] = [new IdbStore({ factory, name: 'tabs' }), new IdbStore({ factory, name: 'tabs' })];
    await tabs[0].put<CodeRecord>('codes', 'c', { code: 'c', used: false });
    const results = await Promise.all(
      [...tabs, ...tabs].map((store) =>
        store.update<CodeRecord>('codes', 'c', (current) =>
          current && !current.used ? { ...current, used: true } : unchanged,
        ),
      ),
    );
    expect(results.filter((r) => r.before?.used === false)).toHaveLength(1);
  });

  it('IndexedDB unavailable: every operation fails with 503 temporarily_unavailable', async () => {
    const blocked = {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const store = new IdbStore({ factory: blocked });
    const error = await store.get('meta', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: 'temporarily_unavailable', status: 503 });
    expect((error as OAuthError).description).toMatch(/cannot use IndexedDB/);

    const server = createTestServer({ store });
    const res = await server.fetch('.well-known/openid-configuration');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await res.json();
    expect(body.error).toBe('temporarily_unavailable');
    expect(body.error_description).toMatch(/cannot use IndexedDB/);
  });

  it('a quota error is reported as such', () => {
    const error = storageUnavailable(new DOMException('quota', 'QuotaExceededError'));
    expect(error).toMatchObject({ code: 'temporarily_unavailable', status: 503 });
    expect(error.description).toMatch(/storage quota for this site is exhausted/);
  });

  it('lets another tab upgrade the database (closes), then reports the newer version as unavailable', async () => {
    const factory = new IDBFactory();
    const store = new IdbStore({ factory, name: 'closed' });
    await store.put('meta', 'x', 1);
    // Another tab upgrades the database: this connection is asked to close, and closes.
    const upgrade = factory.open('closed', 2);
    await new Promise((resolve, reject) => {
      upgrade.onsuccess = () => {
        upgrade.result.close();
        resolve(undefined);
      };
      upgrade.onerror = () => reject(upgrade.error);
    });
    // Version 2 is newer than the store's: opening now fails, cleanly, as unavailable.
    await expect(store.get('meta', 'x')).rejects.toMatchObject({
      code: 'temporarily_unavailable',
      status: 503,
    });
  });

  it('retries opening after a failure', async () => {
    let fail = true;
    const real = new IDBFactory();
    const flaky = {
      open(name: string, version?: number) {
        if (fail) throw new DOMException('blocked', 'SecurityError');
        return real.open(name, version);
      },
    } as unknown as IDBFactory;
    const store = new IdbStore({ factory: flaky });
    await expect(store.put('meta', 'x', 1)).rejects.toMatchObject({ code: 'temporarily_unavailable' });
    fail = false;
    await store.put('meta', 'x', 1);
    expect(await store.get('meta', 'x')).toBe(1);
  });
});
