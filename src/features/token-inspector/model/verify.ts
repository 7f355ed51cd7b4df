import {
  type CompactVerifyGetKey,
  type CryptoKey,
  compactVerify,
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  importJWK,
  importSPKI,
  importX509,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import type { DecodedJwt } from './decode.ts';

/** Where the public key that checks a signature comes from. */
export type KeySource =
  /** This server's JWKS, fetched from `<base>server/.well-known/jwks.json` (same origin). */
  | { type: 'server' }
  /** A JWKS already at hand (e.g. this server's, loaded by the caller). */
  | { type: 'jwks'; jwks: JSONWebKeySet; label?: string }
  /** A JWKS URL that the user typed: the only request that may leave the origin. */
  | { type: 'jwks-url'; url: string }
  /** A pasted JWK, a JWKS `{keys:[...]}`, or a PEM public key / certificate. */
  | { type: 'pasted'; text: string }
  /** No key chosen yet: the signature is left unchecked, with this message. */
  | { type: 'none'; message: string };

/** A pasted key, parsed into what it is. */
export type ParsedKey =
  | { ok: true; kind: 'jwk'; jwk: JWK }
  | { ok: true; kind: 'jwks'; jwks: JSONWebKeySet }
  | { ok: true; kind: 'spki' | 'x509'; pem: string }
  | { ok: false; message: string };

export type SignatureStatus =
  | 'valid'
  | 'invalid'
  | 'no-key'
  | 'unsigned'
  | 'unsupported'
  | 'error'
  | 'skipped';

export interface SignatureResult {
  status: SignatureStatus;
  /** One sentence for the user. */
  message: string;
  /** The `kid` of the key that verified the signature, when known. */
  kid?: string;
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Recognizes a pasted JWK, JWKS or PEM and says clearly what is wrong with anything else. */
export function parseKeyText(text: string): ParsedKey {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Paste a JWK, a JWKS or a PEM public key.' };
  if (trimmed.startsWith('-----BEGIN')) {
    const match = PEM.exec(trimmed);
    if (!match) return { ok: false, message: 'The PEM has a BEGIN line but no matching END line.' };
    const label = match[1];
    if (label.includes('PRIVATE KEY')) {
      return {
        ok: false,
        message:
          'This is a private key. Verifying needs only the public key: never paste a private key anywhere.',
      };
    }
    if (label === 'PUBLIC KEY') return { ok: true, kind: 'spki', pem: match[0] };
    if (label === 'CERTIFICATE') return { ok: true, kind: 'x509', pem: match[0] };
    if (label === 'RSA PUBLIC KEY') {
      return {
        ok: false,
        message:
          'This is a PKCS#1 RSA public key. Convert it to SPKI ("BEGIN PUBLIC KEY"): openssl rsa -RSAPublicKey_in -in key.pem -pubout',
      };
    }
    return {
      ok: false,
      message: `A PEM "${label}" is not a public key; paste a PUBLIC KEY or a CERTIFICATE.`,
    };
  }
  if (!trimmed.startsWith('{')) {
    return {
      ok: false,
      message: 'Not a key: paste a JWK or JWKS (JSON) or a PEM (-----BEGIN PUBLIC KEY-----).',
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return {
      ok: false,
      message: `The key is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`,
    };
  }
  if (!isObject(value)) return { ok: false, message: 'The key must be a JSON object.' };
  if (Array.isArray(value.keys)) {
    if (value.keys.length === 0) return { ok: false, message: 'The JWKS has no keys.' };
    if (!value.keys.every((key) => isObject(key) && typeof key.kty === 'string')) {
      return { ok: false, message: 'Every member of "keys" must be a JWK with a "kty".' };
    }
    if (value.keys.some((key) => isObject(key) && typeof key.d === 'string')) {
      return { ok: false, message: 'The JWKS holds a private key ("d"). Paste public keys only.' };
    }
    return { ok: true, kind: 'jwks', jwks: value as unknown as JSONWebKeySet };
  }
  if (typeof value.kty !== 'string') {
    return { ok: false, message: 'A JWK needs a "kty" (key type); a JWKS needs a "keys" array.' };
  }
  if (typeof value.d === 'string') {
    return { ok: false, message: 'This JWK is a private key ("d"). Paste the public key only.' };
  }
  if (value.kty === 'oct') {
    return {
      ok: false,
      message: 'This is a symmetric key ("oct"); the inspector verifies public-key signatures.',
    };
  }
  return { ok: true, kind: 'jwk', jwk: value as JWK };
}

function errorCode(error: unknown): string | undefined {
  return error instanceof errors.JOSEError ? error.code : undefined;
}

function describeFailure(error: unknown, token: DecodedJwt, keysLabel: string): SignatureResult {
  const alg = String(token.header.alg);
  const kid = typeof token.header.kid === 'string' ? token.header.kid : undefined;
  switch (errorCode(error)) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return {
        status: 'invalid',
        message: 'Signature invalid: the header or payload was changed, or another key signed it.',
        kid,
      };
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return {
        status: 'no-key',
        message: `No key in ${keysLabel} matches this token (alg ${alg}${kid ? `, kid "${kid}"` : ', no kid'}). It was probably signed by another issuer.`,
      };
    case 'ERR_JOSE_NOT_SUPPORTED':
      return { status: 'unsupported', message: `The algorithm ${alg} is not supported here.` };
    case 'ERR_JWKS_TIMEOUT':
      return { status: 'error', message: 'The JWKS URL did not answer within 5 seconds.' };
    case 'ERR_JWKS_INVALID':
      return { status: 'error', message: 'The JWKS is malformed (it needs a "keys" array of JWKs).' };
    case 'ERR_JWK_INVALID':
      return { status: 'error', message: `The key is not a valid JWK for ${alg}.` };
    case 'ERR_JWS_INVALID':
      return {
        status: 'error',
        message: `The token cannot be verified: ${error instanceof Error ? error.message : 'invalid JWS'}.`,
      };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TypeError && /fetch|network|load/i.test(message)) {
    return {
      status: 'error',
      message:
        'The JWKS URL could not be fetched (a network error, or the server does not allow cross-origin requests: CORS).',
    };
  }
  return { status: 'error', message: `The key does not fit this token (alg ${alg}): ${message}.` };
}

async function verifyWith(token: DecodedJwt, key: CryptoKey | CompactVerifyGetKey): Promise<void> {
  // The verifier allows exactly the token's own asymmetric algorithm: never "none", never HMAC here.
  await compactVerify(token.compact, key as CryptoKey, { algorithms: [String(token.header.alg)] });
}

/** Tries each key when several match (e.g. a JWKS whose keys have no kid), as jwtVerify would. */
async function verifyWithJwks(token: DecodedJwt, getKey: CompactVerifyGetKey): Promise<void> {
  try {
    await verifyWith(token, getKey);
  } catch (error) {
    if (errorCode(error) !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw error;
    const candidates = error as unknown as AsyncIterable<CryptoKey>;
    for await (const candidate of candidates) {
      try {
        await verifyWith(token, candidate);
        return;
      } catch (inner) {
        if (errorCode(inner) !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw inner;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}

/**
 * Checks the signature with jose against the chosen key. Only the signature: claims are checked
 * separately (see checks.ts), so an expired token still shows "signature valid".
 * @see [RFC 7515 §5.2](https://www.rfc-editor.org/rfc/rfc7515.html#section-5.2)
 */
export async function verifySignature(
  token: DecodedJwt,
  source: Exclude<KeySource, { type: 'server' }>,
  options: { fetch?: typeof fetch } = {},
): Promise<SignatureResult> {
  const alg = String(token.header.alg);
  const kid = typeof token.header.kid === 'string' ? token.header.kid : undefined;
  // RFC 7519 §6: an unsecured JWT has alg "none" and an empty signature; nothing to verify.
  if (alg === 'none') {
    return {
      status: 'unsigned',
      message: 'Unsigned token (alg "none"): anyone could have written it. Never accept it.',
    };
  }
  if (/^HS\d+$/.test(alg)) {
    return {
      status: 'unsupported',
      message: `${alg} is signed with a shared secret: only the issuer and the API can verify it. The inspector verifies public-key signatures.`,
    };
  }
  if (token.signatureBytes === 0) {
    return { status: 'invalid', message: `Signature invalid: the signature is empty, but alg is ${alg}.` };
  }
  if (source.type === 'none') return { status: 'skipped', message: source.message };
  if (source.type === 'pasted' && source.text.trim() === '') {
    return { status: 'skipped', message: 'Paste a key to verify the signature.' };
  }
  try {
    switch (source.type) {
      case 'jwks': {
        await verifyWithJwks(token, createLocalJWKSet(source.jwks));
        return {
          status: 'valid',
          message: `Signature valid (${alg}, key from ${source.label ?? 'the JWKS'}).`,
          kid,
        };
      }
      case 'jwks-url': {
        let url: URL;
        try {
          url = new URL(source.url);
        } catch {
          return { status: 'error', message: 'The JWKS URL is not a valid URL.' };
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') {
          return { status: 'error', message: 'The JWKS URL must be http(s).' };
        }
        const remote = createRemoteJWKSet(url, {
          timeoutDuration: 5000,
          ...(options.fetch ? { [customFetch]: options.fetch } : {}),
        });
        await verifyWithJwks(token, remote);
        return { status: 'valid', message: `Signature valid (${alg}, key from ${url.href}).`, kid };
      }
      case 'pasted': {
        const parsed = parseKeyText(source.text);
        if (!parsed.ok) return { status: 'error', message: parsed.message };
        if (parsed.kind === 'jwks') {
          await verifyWithJwks(token, createLocalJWKSet(parsed.jwks));
          return { status: 'valid', message: `Signature valid (${alg}, key from the pasted JWKS).`, kid };
        }
        let key: CryptoKey;
        if (parsed.kind === 'jwk') {
          if (typeof parsed.jwk.alg === 'string' && parsed.jwk.alg !== alg) {
            return {
              status: 'error',
              message: `The pasted JWK is for ${parsed.jwk.alg}, but the token is signed with ${alg}.`,
            };
          }
          const imported = await importJWK(parsed.jwk, alg);
          if (imported instanceof Uint8Array)
            return { status: 'error', message: 'The pasted JWK is not a public key.' };
          key = imported;
        } else {
          key =
            parsed.kind === 'spki' ? await importSPKI(parsed.pem, alg) : await importX509(parsed.pem, alg);
        }
        await verifyWith(token, key);
        const what = parsed.kind === 'jwk' ? 'JWK' : parsed.kind === 'spki' ? 'public key' : 'certificate';
        return { status: 'valid', message: `Signature valid (${alg}, the pasted ${what}).`, kid };
      }
    }
  } catch (error) {
    const label =
      source.type === 'jwks'
        ? (source.label ?? 'the JWKS')
        : source.type === 'jwks-url'
          ? 'the JWKS at that URL'
          : 'the pasted JWKS';
    return describeFailure(error, token, label);
  }
}
