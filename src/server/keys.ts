import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Store } from './store/types.ts';

export type SigningAlg = 'RS256' | 'ES256';

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  createdAt: number;
}

interface KeyRingRecord {
  /** Newest first; the first is the current signing key, the others stay published (rotation). */
  keys: SigningKey[];
}

/** How many keys the JWKS keeps after rotations (the current one and the previous ones). */
const MAX_PUBLISHED_KEYS = 3;

async function newKey(alg: SigningAlg, now: number): Promise<SigningKey> {
  // Private keys are not extractable: they can be used and stored (IndexedDB), never exported.
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: false });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, alg, privateKey, publicKey, createdAt: now, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

/**
 * Signing keys: generated on first start, persisted in the store, cached in memory only as a
 * copy (keys are imported once, not per request).
 */
export class KeyRing {
  readonly #store: Store;
  #cached: Promise<KeyRingRecord> | undefined;

  constructor(store: Store) {
    this.#store = store;
  }

  #load(alg: SigningAlg, now: number): Promise<KeyRingRecord> {
    this.#cached ??= (async () => {
      const stored = await this.#store.get<KeyRingRecord>('keys', 'ring');
      if (stored?.keys.length) return stored;
      const key = await newKey(alg, now);
      // First writer wins: two concurrent first requests must not publish two different rings.
      const { after } = await this.#store.update<KeyRingRecord>('keys', 'ring', (current) =>
        current?.keys.length ? current : { keys: [key] },
      );
      return after ?? { keys: [key] };
    })().catch((error: unknown) => {
      this.#cached = undefined;
      throw error;
    });
    return this.#cached;
  }

  /** The key that signs, of the tenant's algorithm (rotating to a new one if the algorithm changed). */
  async current(alg: SigningAlg, now: number): Promise<SigningKey> {
    const ring = await this.#load(alg, now);
    const key = ring.keys[0];
    if (key.alg === alg) return key;
    return (await this.rotate(alg, now))[0];
  }

  async all(alg: SigningAlg, now: number): Promise<SigningKey[]> {
    await this.current(alg, now);
    return (await this.#load(alg, now)).keys;
  }

  async jwks(alg: SigningAlg, now: number): Promise<{ keys: JWK[] }> {
    return { keys: (await this.all(alg, now)).map((k) => k.publicJwk) };
  }

  /** Puts a new key first; the previous ones stay in the JWKS so tokens they signed still verify. */
  async rotate(alg: SigningAlg, now: number): Promise<SigningKey[]> {
    const key = await newKey(alg, now);
    const { after } = await this.#store.update<KeyRingRecord>('keys', 'ring', (current) => ({
      keys: [key, ...(current?.keys ?? [])].slice(0, MAX_PUBLISHED_KEYS),
    }));
    this.#cached = Promise.resolve(after ?? { keys: [key] });
    return (after ?? { keys: [key] }).keys;
  }

  /** Forgets the in-memory copy (after the store was reset). */
  invalidate(): void {
    this.#cached = undefined;
  }
}
