/**
 * Persistence for the authorization server. Every piece of state lives here, never only in the
 * memory of a host: a browser may stop the service worker between any two requests.
 *
 * Values must be structured-cloneable (IndexedDB stores them as they are, CryptoKeys included).
 */
export type Collection =
  | 'meta' // tenant override, clock offset, ...
  | 'keys' // signing keys
  | 'interactions' // pending /authorize requests (login, consent)
  | 'codes' // authorization codes
  | 'sessions' // login sessions (SSO)
  | 'consents' // consent grants: user x client x audience -> scopes
  | 'grants' // an authorization from which tokens were issued (revocable as a whole)
  | 'accessTokens' // issued access tokens by jti (JWT) or value (opaque)
  | 'refreshTokens'
  | 'deviceCodes'
  | 'userCodes' // user_code -> device_code
  | 'messages' // the sample API's messages
  | 'registeredClients' // clients made by dynamic registration (RFC 7591)
  | 'pushedRequests' // pushed authorization requests by request_uri (RFC 9126)
  | 'replay' // single-use JWT ids (client assertions) until they expire
  | 'dpopProofs' // jti of DPoP proofs seen, until they are too old to be accepted (RFC 9449 §11.1)
  | 'backchannelRequests'; // CIBA authentication requests by auth_req_id

export const collections: readonly Collection[] = [
  'meta',
  'keys',
  'interactions',
  'codes',
  'sessions',
  'consents',
  'grants',
  'accessTokens',
  'refreshTokens',
  'deviceCodes',
  'userCodes',
  'messages',
  'registeredClients',
  'pushedRequests',
  'replay',
  'dpopProofs',
  'backchannelRequests',
];

/** Returned by a mutator to leave the record as it is. */
export const unchanged: unique symbol = Symbol('unchanged');
export type Mutator<T> = (current: T | undefined) => T | undefined | typeof unchanged;

export interface Store {
  get<T>(collection: Collection, id: string): Promise<T | undefined>;
  put<T>(collection: Collection, id: string, value: T): Promise<void>;
  delete(collection: Collection, id: string): Promise<void>;
  list<T>(collection: Collection): Promise<T[]>;
  /** Removes every record of a collection. */
  clear(collection: Collection): Promise<void>;
  /**
   * Atomic read-modify-write of one record: `mutate` runs synchronously inside one transaction
   * (one IndexedDB readwrite transaction in the browser, so it is atomic across tabs too).
   * Returning `undefined` deletes the record; returning `unchanged` leaves it.
   * This is how codes, device codes and rotating refresh tokens are consumed exactly once.
   */
  update<T>(
    collection: Collection,
    id: string,
    mutate: Mutator<T>,
  ): Promise<{ before: T | undefined; after: T | undefined }>;
}
