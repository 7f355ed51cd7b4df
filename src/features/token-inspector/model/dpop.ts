import { calculateJwkThumbprint, compactVerify, EmbeddedJWK, type JWK } from 'jose';
import { accessTokenHash } from '../../../lib/token-hash.ts';
import type { SpecLink } from './claims.ts';
import type { DecodedJwt, JsonObject } from './decode.ts';

/** The request a DPoP proof was sent with, and the key a token should be bound to. */
export interface DpopExpectations {
  method?: string;
  /** The request URL; compared without query and fragment (RFC 9449 §4.3). */
  url?: string;
  /** The thumbprint of the client's DPoP key, to compare with an access token's `cnf.jkt`. */
  jkt?: string;
}

export interface DpopComputed {
  /** RFC 7638 SHA-256 thumbprint of the proof's `jwk`. */
  jwkThumbprint?: string;
  /** `ath` of the access token sent beside the proof. */
  ath?: string;
  /** Whether the proof verifies with its own `jwk`; the reason when not. */
  proofSignature?: { ok: boolean; message: string };
}

type Status = 'pass' | 'fail' | 'warn' | 'info';
export interface DpopCheck {
  id: string;
  label: string;
  status: Status;
  detail: string;
  spec?: SpecLink;
}

const rfc9449 = (section: string): SpecLink => ({
  title: `RFC 9449 §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc9449.html#section-${section}`,
});

/** The asymmetric JWS algorithms: a signature by a key pair, not a shared secret. */
export const ASYMMETRIC = /^(ES(256|384|512)|PS(256|384|512)|RS(256|384|512)|EdDSA|Ed25519)$/;
/** How old a proof may be at this playground's server. */
export const PROOF_MAX_AGE = 300;

export function isDpopProof(token: DecodedJwt): boolean {
  return typeof token.header.typ === 'string' && token.header.typ.toLowerCase() === 'dpop+jwt';
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What can only be computed asynchronously: the key's thumbprint, the signature, `ath`. */
export async function computeDpop(token: DecodedJwt, accessToken?: string): Promise<DpopComputed> {
  const computed: DpopComputed = {};
  if (accessToken !== undefined) {
    computed.ath = await accessTokenHash(accessToken);
  }
  if (!isDpopProof(token)) return computed;
  const jwk = token.header.jwk;
  if (isObject(jwk)) {
    try {
      computed.jwkThumbprint = await calculateJwkThumbprint(jwk as JWK);
    } catch {
      // Reported by the jwk check.
    }
  }
  try {
    await compactVerify(token.compact, EmbeddedJWK);
    computed.proofSignature = { ok: true, message: 'Verifies with the public key in its jwk header.' };
  } catch (error) {
    computed.proofSignature = {
      ok: false,
      message: `Does not verify with its jwk: ${error instanceof Error ? error.message : String(error)}.`,
    };
  }
  return computed;
}

function htuOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * The checks of RFC 9449 §4.3 a reader can make of a DPoP proof: `typ`, an asymmetric `alg`, a
 * public `jwk` that verifies it, `htm` and `htu` of the request, a recent `iat`, a `jti`, and
 * `ath` of the access token sent with it.
 */
export function dpopProofChecks(
  token: DecodedJwt,
  context: { now: number; expected?: DpopExpectations; accessToken?: string; computed?: DpopComputed },
): DpopCheck[] {
  const { header, payload } = token;
  const checks: DpopCheck[] = [];
  const spec = rfc9449('4.3');
  checks.push(
    isDpopProof(token)
      ? { id: 'dpop-typ', label: 'typ', status: 'pass', detail: 'dpop+jwt.', spec: rfc9449('4.2') }
      : {
          id: 'dpop-typ',
          label: 'typ',
          status: 'fail',
          detail: `"${String(header.typ)}", not dpop+jwt.`,
          spec,
        },
  );
  const alg = String(header.alg);
  checks.push(
    ASYMMETRIC.test(alg)
      ? { id: 'dpop-alg', label: 'alg', status: 'pass', detail: `${alg}, an asymmetric algorithm.`, spec }
      : {
          id: 'dpop-alg',
          label: 'alg',
          status: 'fail',
          detail: `${alg}: a proof needs an asymmetric algorithm.`,
          spec,
        },
  );
  const jwk = header.jwk;
  if (!isObject(jwk)) {
    checks.push({
      id: 'dpop-jwk',
      label: 'jwk',
      status: 'fail',
      detail: 'The header has no jwk object.',
      spec,
    });
  } else if ('d' in jwk || 'p' in jwk || 'k' in jwk) {
    checks.push({
      id: 'dpop-jwk',
      label: 'jwk',
      status: 'fail',
      detail: 'The jwk holds private or secret key material.',
      spec,
    });
  } else {
    const thumbprint = context.computed?.jwkThumbprint;
    checks.push({
      id: 'dpop-jwk',
      label: 'jwk',
      status: 'pass',
      detail: `A public ${String(jwk.kty)} key${thumbprint ? `, thumbprint (jkt) ${thumbprint}` : ''}.`,
      spec: rfc9449('6.1'),
    });
  }
  const signature = context.computed?.proofSignature;
  checks.push(
    signature
      ? {
          id: 'dpop-signature',
          label: 'Signature',
          status: signature.ok ? 'pass' : 'fail',
          detail: signature.message,
          spec,
        }
      : { id: 'dpop-signature', label: 'Signature', status: 'info', detail: 'Verifying with the jwk…', spec },
  );
  const htm = payload.htm;
  const method = context.expected?.method;
  checks.push({
    id: 'dpop-htm',
    label: 'htm',
    status:
      typeof htm !== 'string' ? 'fail' : method === undefined ? 'info' : htm === method ? 'pass' : 'fail',
    detail:
      typeof htm !== 'string'
        ? 'Missing.'
        : method === undefined
          ? `"${htm}" (no request to compare).`
          : htm === method
            ? `"${htm}", the method of the request.`
            : `"${htm}", but the request was ${method}.`,
    spec,
  });
  const htu = payload.htu;
  const url = context.expected?.url === undefined ? undefined : htuOf(context.expected.url);
  const same = typeof htu === 'string' && url !== undefined && htuOf(htu) === url;
  checks.push({
    id: 'dpop-htu',
    label: 'htu',
    status: typeof htu !== 'string' ? 'fail' : url === undefined ? 'info' : same ? 'pass' : 'fail',
    detail:
      typeof htu !== 'string'
        ? 'Missing.'
        : url === undefined
          ? `"${htu}" (no request to compare).`
          : same
            ? `"${htu}", the URL of the request.`
            : `"${htu}", but the request went to ${url}.`,
    spec,
  });
  const iat = payload.iat;
  if (typeof iat !== 'number') {
    checks.push({ id: 'dpop-iat', label: 'iat', status: 'fail', detail: 'Missing.', spec });
  } else {
    const age = context.now - iat;
    checks.push({
      id: 'dpop-iat',
      label: 'iat',
      status: age > PROOF_MAX_AGE ? 'fail' : age < -60 ? 'fail' : 'pass',
      detail:
        age > PROOF_MAX_AGE
          ? `Made ${age} s ago: older than the ${PROOF_MAX_AGE} s this server accepts.`
          : age < -60
            ? `Made ${-age} s in the future.`
            : `Made ${Math.max(age, 0)} s ago.`,
      spec: rfc9449('11.1'),
    });
  }
  checks.push(
    typeof payload.jti === 'string' && payload.jti !== ''
      ? {
          id: 'dpop-jti',
          label: 'jti',
          status: 'pass',
          detail: `"${payload.jti}": the server refuses it a second time.`,
          spec: rfc9449('11.1'),
        }
      : {
          id: 'dpop-jti',
          label: 'jti',
          status: 'fail',
          detail: 'Missing: the server could not detect a replay.',
          spec,
        },
  );
  const ath = payload.ath;
  const expectedAth = context.computed?.ath;
  checks.push({
    id: 'dpop-ath',
    label: 'ath',
    status:
      ath === undefined
        ? context.accessToken === undefined
          ? 'info'
          : 'fail'
        : expectedAth === undefined
          ? 'info'
          : ath === expectedAth
            ? 'pass'
            : 'fail',
    detail:
      ath === undefined
        ? context.accessToken === undefined
          ? 'None: fine for a token request, required beside an access token.'
          : 'Missing, but the proof goes with an access token.'
        : expectedAth === undefined
          ? `"${String(ath)}" (no access token to compare).`
          : ath === expectedAth
            ? 'Matches the hash of the access token sent with it.'
            : `"${String(ath)}", but the access token hashes to "${expectedAth}".`,
    spec: rfc9449('4.2'),
  });
  if (payload.nonce !== undefined)
    checks.push({
      id: 'dpop-nonce',
      label: 'nonce',
      status: 'info',
      detail: `"${String(payload.nonce)}", from the server's DPoP-Nonce header.`,
      spec: rfc9449('8'),
    });
  return checks;
}

/** An access token's `cnf.jkt` against the client's key (RFC 9449 §6.1). */
export function cnfCheck(payload: JsonObject, jkt: string | undefined): DpopCheck | undefined {
  const cnf = payload.cnf;
  const bound = isObject(cnf) && typeof cnf.jkt === 'string' ? cnf.jkt : undefined;
  if (bound === undefined) return undefined;
  const spec = rfc9449('6.1');
  if (jkt === undefined)
    return {
      id: 'cnf',
      label: 'Bound key (cnf.jkt)',
      status: 'info',
      detail: `Bound to the DPoP key ${bound}.`,
      spec,
    };
  return bound === jkt
    ? {
        id: 'cnf',
        label: 'Bound key (cnf.jkt)',
        status: 'pass',
        detail: `Bound to the client's DPoP key (${jkt}).`,
        spec,
      }
    : {
        id: 'cnf',
        label: 'Bound key (cnf.jkt)',
        status: 'fail',
        detail: `Bound to ${bound}, not the client's key ${jkt}.`,
        spec,
      };
}
