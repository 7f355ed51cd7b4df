import { type IDBPDatabase, wrap } from 'idb';
import { OAuthError, oauthError } from '../errors.ts';
import { type Collection, type Mutator, type Store, unchanged } from './types.ts';

const RECORDS = 'records';
const DB_VERSION = 1;

type RecordKey = [Collection, string];

/** The database of one deployment: apps under different base paths of one origin keep apart. */
export function databaseName(basePath = '/'): string {
  return basePath === '/' ? 'oauth-playground' : `oauth-playground:${basePath}`;
}

/** Every key of one collection: `[collection, '']` up to `[collection, []]` (arrays sort after strings). */
function collectionRange(collection: Collection): IDBKeyRange {
  return IDBKeyRange.bound([collection, ''], [collection, []]);
}

function errorName(error: unknown): string {
  return error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)
    ? (error as Error).name
    : '';
}

/**
 * What a storage failure means to a client: `503 temporarily_unavailable` with a description a
 * person can act on (RFC 6749 §4.1.2.1 names the code; the worker answers it as JSON).
 */
export function storageUnavailable(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  if (errorName(error) === 'QuotaExceededError') {
    return oauthError(
      'temporarily_unavailable',
      'The in-browser server cannot save its state: the browser storage quota for this site is exhausted. ' +
        "Free disk space or clear this site's data, then reload.",
      { cause: error },
    );
  }
  return oauthError(
    'temporarily_unavailable',
    'The in-browser server cannot use IndexedDB (it is disabled, blocked, or unavailable in this browsing mode). ' +
      'Allow site data for this site, or leave private browsing, then reload.',
    { cause: error },
  );
}

export interface IdbStoreOptions {
  /** Database name (default `databaseName('/')`). */
  name?: string;
  /** The IndexedDB factory (default the global `indexedDB`); tests pass their own. */
  factory?: IDBFactory;
}

/**
 * The browser host's store: one IndexedDB object store keyed by `[collection, id]`. Every state
 * the server keeps survives a stopped worker, and `update` is one readwrite transaction, so a
 * code or a rotating refresh token is consumed exactly once even by two tabs at the same moment.
 *
 * Failures (IndexedDB missing, blocked, or over quota) are thrown as `temporarily_unavailable`.
 */
export class IdbStore implements Store {
  readonly #name: string;
  readonly #factory: IDBFactory | undefined;
  #db: Promise<IDBPDatabase> | undefined;

  constructor(options: IdbStoreOptions = {}) {
    this.#name = options.name ?? databaseName();
    this.#factory = options.factory;
  }

  #open(): Promise<IDBPDatabase> {
    this.#db ??= this.#connect().catch((error: unknown) => {
      // Not cached: the next request tries again (storage may have been allowed meanwhile).
      this.#db = undefined;
      throw error;
    });
    return this.#db;
  }

  async #connect(): Promise<IDBPDatabase> {
    const factory = this.#factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
    if (!factory) throw new DOMException('indexedDB is not defined', 'NotSupportedError');
    const request = factory.open(this.#name, DB_VERSION);
    request.addEventListener('upgradeneeded', () => {
      const database = request.result;
      if (!database.objectStoreNames.contains(RECORDS)) database.createObjectStore(RECORDS);
    });
    const db = (await wrap(request)) as IDBPDatabase;
    // Another tab opens a newer version: close so that its upgrade can run; reopen on next use.
    db.addEventListener('versionchange', () => {
      db.close();
      this.#db = undefined;
    });
    db.addEventListener('close', () => {
      this.#db = undefined;
    });
    return db;
  }

  async #run<R>(operation: (db: IDBPDatabase) => Promise<R>, retry = true): Promise<R> {
    let db: IDBPDatabase;
    try {
      db = await this.#open();
    } catch (error) {
      throw storageUnavailable(error);
    }
    try {
      return await operation(db);
    } catch (error) {
      const name = errorName(error);
      if (name === 'InvalidStateError' && retry) {
        // The connection was closed under us (site data cleared, another tab upgrading): reopen once.
        this.#db = undefined;
        return this.#run(operation, false);
      }
      if (name === 'QuotaExceededError' || name === 'InvalidStateError' || name === 'UnknownError') {
        throw storageUnavailable(error);
      }
      throw error;
    }
  }

  get<T>(collection: Collection, id: string): Promise<T | undefined> {
    return this.#run((db) => db.get(RECORDS, [collection, id] satisfies RecordKey) as Promise<T | undefined>);
  }

  put<T>(collection: Collection, id: string, value: T): Promise<void> {
    return this.#run(async (db) => {
      await db.put(RECORDS, value, [collection, id] satisfies RecordKey);
    });
  }

  delete(collection: Collection, id: string): Promise<void> {
    return this.#run((db) => db.delete(RECORDS, [collection, id] satisfies RecordKey));
  }

  list<T>(collection: Collection): Promise<T[]> {
    return this.#run((db) => db.getAll(RECORDS, collectionRange(collection)) as Promise<T[]>);
  }

  clear(collection: Collection): Promise<void> {
    return this.#run((db) => db.delete(RECORDS, collectionRange(collection)));
  }

  update<T>(
    collection: Collection,
    id: string,
    mutate: Mutator<T>,
  ): Promise<{ before: T | undefined; after: T | undefined }> {
    return this.#run(async (db) => {
      const key: RecordKey = [collection, id];
      // One readwrite transaction: IndexedDB runs overlapping readwrite transactions on the same
      // store one after the other, across every tab and worker of the origin.
      const tx = db.transaction(RECORDS, 'readwrite');
      try {
        const before = (await tx.store.get(key)) as T | undefined;
        const next = mutate(before);
        if (next === unchanged) {
          await tx.done;
          return { before, after: before };
        }
        if (next === undefined) await tx.store.delete(key);
        else await tx.store.put(next, key);
        await tx.done;
        return { before, after: next };
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // already finished or aborted
        }
        tx.done.catch(() => {});
        throw error;
      }
    });
  }
}
