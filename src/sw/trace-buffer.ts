import { type IDBPDatabase, wrap } from 'idb';
import type { TraceExchange } from '../shared/trace.ts';

/**
 * The worker's memory of what it traced: the last exchanges in a small IndexedDB ring buffer of
 * the host's own (not the server's store), so that a page that was away during a full-page redirect
 * can read the login, consent and redirects afterwards, even if the worker was stopped meanwhile.
 *
 * Uses only IndexedDB (no worker or DOM types): the worker writes it, the page may read it.
 */

const EXCHANGES = 'exchanges';
const BY_START = 'startedAt';
const DB_VERSION = 1;

/** How many exchanges are kept (oldest dropped first). */
export const MAX_BUFFERED = 200;
/** Exchanges older than this are dropped on every write. */
export const MAX_AGE_MS = 60 * 60 * 1000;
/** Each body is cut to this many characters in the buffer (the live trace keeps more). */
export const MAX_BUFFERED_BODY = 16 * 1024;

/** The buffer of one deployment: apps under different base paths of one origin keep apart. */
export function traceDatabaseName(basePath = '/'): string {
  return basePath === '/' ? 'oauth-playground-trace' : `oauth-playground-trace:${basePath}`;
}

function capBody(body: string | null): string | null {
  if (body === null || body.length <= MAX_BUFFERED_BODY) return body;
  return `${body.slice(0, MAX_BUFFERED_BODY)}\n[… ${body.length - MAX_BUFFERED_BODY} more characters not kept]`;
}

function capped(exchange: TraceExchange): TraceExchange {
  return {
    ...exchange,
    request: { ...exchange.request, body: capBody(exchange.request.body) },
    response: { ...exchange.response, body: capBody(exchange.response.body) },
  };
}

export interface TraceBufferOptions {
  /** Database name (default `traceDatabaseName('/')`). */
  name?: string;
  /** The IndexedDB factory (default the global `indexedDB`); tests pass their own. */
  factory?: IDBFactory;
  /** The clock (tests move it). */
  now?: () => number;
}

export class TraceBuffer {
  readonly #name: string;
  readonly #factory: IDBFactory | undefined;
  readonly #now: () => number;
  #db: Promise<IDBPDatabase> | undefined;

  constructor(options: TraceBufferOptions = {}) {
    this.#name = options.name ?? traceDatabaseName();
    this.#factory = options.factory;
    this.#now = options.now ?? Date.now;
  }

  #open(): Promise<IDBPDatabase> {
    this.#db ??= this.#connect().catch((error: unknown) => {
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
      if (!database.objectStoreNames.contains(EXCHANGES)) {
        database.createObjectStore(EXCHANGES, { keyPath: 'id' }).createIndex(BY_START, 'startedAt');
      }
    });
    const db = (await wrap(request)) as IDBPDatabase;
    db.addEventListener('versionchange', () => {
      db.close();
      this.#db = undefined;
    });
    db.addEventListener('close', () => {
      this.#db = undefined;
    });
    return db;
  }

  /**
   * Keeps one exchange (bodies capped), drops the ones older than an hour, and the oldest beyond
   * MAX_BUFFERED, in one transaction.
   */
  async add(exchange: TraceExchange): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(EXCHANGES, 'readwrite');
    const store = tx.objectStore(EXCHANGES);
    const index = store.index(BY_START);
    await store.put(capped(exchange));
    let old = await index.openCursor(IDBKeyRange.upperBound(this.#now() - MAX_AGE_MS, true));
    while (old) {
      await old.delete();
      old = await old.continue();
    }
    let excess = (await store.count()) - MAX_BUFFERED;
    let oldest = excess > 0 ? await index.openCursor() : null;
    while (oldest && excess > 0) {
      await oldest.delete();
      excess--;
      oldest = await oldest.continue();
    }
    await tx.done;
  }

  /** The exchanges that started at or after `since` (epoch ms), oldest first. */
  async since(since: number): Promise<TraceExchange[]> {
    const db = await this.#open();
    return (await db.getAllFromIndex(EXCHANGES, BY_START, IDBKeyRange.lowerBound(since))) as TraceExchange[];
  }
}
