/**
 * A Web `Request` for a request Node has already parsed, built without undici's Request
 * constructor: the core reads `method`, `url`, `headers` and the body (as bytes or text) of
 * nearly every request, and constructing a full undici Request (body stream, AbortSignal) then
 * reading its stream costs more CPU than everything else the token endpoint does but signing.
 *
 * `instanceof Request` holds, and every other member (`signal`, `clone()`, `formData()`,
 * `body` as a stream, ...) is answered by a real Request built on first use from the same parts.
 */
const FAST = new Set([
  'constructor',
  'method',
  'url',
  'headers',
  'body',
  'bodyUsed',
  'arrayBuffer',
  'text',
  'json',
]);

export class BufferedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly #bytes: Uint8Array | undefined;
  #used = false;
  #real: Request | undefined;

  constructor(url: string, method: string, headers: Headers, bytes: Uint8Array | undefined) {
    this.url = url;
    this.method = method;
    this.headers = headers;
    this.#bytes = bytes;
  }

  /** The real Request, made once; the body goes with it unless it was already read here. */
  real(): Request {
    this.#real ??= new Request(this.url, {
      method: this.method,
      headers: this.headers,
      body: this.#used ? undefined : (this.#bytes as Uint8Array<ArrayBuffer> | undefined),
    });
    return this.#real;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (!this.#bytes && !this.#real) return null;
    return this.real().body;
  }

  get bodyUsed(): boolean {
    return this.#real ? this.#real.bodyUsed || this.#used : this.#used;
  }

  #take(): Uint8Array {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes ?? new Uint8Array(0);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real) return this.#real.arrayBuffer();
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    if (this.#real) return this.#real.text();
    return new TextDecoder().decode(this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

Object.setPrototypeOf(BufferedRequest.prototype, Request.prototype);
Object.defineProperty(BufferedRequest.prototype, Symbol.toStringTag, { value: 'Request' });
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (FAST.has(name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name);
  if (!descriptor) continue;
  if (descriptor.get) {
    Object.defineProperty(BufferedRequest.prototype, name, {
      get(this: BufferedRequest) {
        return (this.real() as unknown as Record<string, unknown>)[name];
      },
    });
  } else if (typeof descriptor.value === 'function') {
    Object.defineProperty(BufferedRequest.prototype, name, {
      value(this: BufferedRequest, ...args: unknown[]) {
        const real = this.real() as unknown as Record<string, (...a: unknown[]) => unknown>;
        return real[name](...args);
      },
    });
  }
}

/** Typed as what it stands for. */
export function bufferedRequest(
  url: string,
  method: string,
  headers: Headers,
  bytes: Uint8Array | undefined,
): Request {
  return new BufferedRequest(url, method, headers, bytes) as unknown as Request;
}
