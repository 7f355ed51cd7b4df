/**
 * Tests only: an IdbStore on fake-indexeddb (Node has no IndexedDB). Never imported by a host, so
 * fake-indexeddb stays out of the runtime bundles.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { IdbStore } from './idb.ts';

/** A store on its own fresh in-memory IndexedDB, so that tests do not share state. */
export function createFakeIdbStore(): IdbStore {
  return new IdbStore({ factory: new IDBFactory() });
}
