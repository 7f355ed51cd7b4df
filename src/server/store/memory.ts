import { type Collection, type Mutator, type Store, unchanged } from './types.ts';

/** In-memory store for the Node host and tests. JavaScript's single thread makes `update` atomic. */
export class MemoryStore implements Store {
  readonly #data = new Map<Collection, Map<string, unknown>>();

  #table(collection: Collection): Map<string, unknown> {
    let table = this.#data.get(collection);
    if (!table) {
      table = new Map();
      this.#data.set(collection, table);
    }
    return table;
  }

  async get<T>(collection: Collection, id: string): Promise<T | undefined> {
    return this.#table(collection).get(id) as T | undefined;
  }

  async put<T>(collection: Collection, id: string, value: T): Promise<void> {
    this.#table(collection).set(id, value);
  }

  async delete(collection: Collection, id: string): Promise<void> {
    this.#table(collection).delete(id);
  }

  async list<T>(collection: Collection): Promise<T[]> {
    return [...this.#table(collection).values()] as T[];
  }

  async clear(collection: Collection): Promise<void> {
    this.#table(collection).clear();
  }

  async update<T>(collection: Collection, id: string, mutate: Mutator<T>) {
    const table = this.#table(collection);
    const before = table.get(id) as T | undefined;
    const next = mutate(before);
    if (next === unchanged) return { before, after: before };
    if (next === undefined) table.delete(id);
    else table.set(id, next);
    return { before, after: next };
  }
}
