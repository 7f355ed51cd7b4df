import { hashForAlg, leftHalfHash } from '../../../lib/token-hash.ts';
import type { SpecLink } from './claims.ts';
import {
  clientAssertionChecks,
  isClientAssertion,
  isRequestObject,
  requestObjectChecks,
} from './client-jwt.ts';
import type { DecodedJwt, JsonObject } from './decode.ts';
import { cnfCheck, computeDpop, type DpopComputed, type DpopExpectations, dpopProofChecks } from './dpop.ts';
import { type ClockSource, formatDuration, formatNumericDate, numericDate } from './lifetime.ts';
import type { SignatureResult } from './verify.ts';

export type TokenKind = 'access' | 'id' | 'refresh' | 'dpop' | 'client-assertion' | 'request-object';

/** What the relying party expects: whatever is given is compared, whatever is missing is only shown. */
export interface ExpectedValues {
  issuer?: string;
  /** The API for an access token; for an ID token the audience is the client id. */
  audience?: string;
  clientId?: string;
  nonce?: string;
  /** The access token issued with an ID token, to check `at_hash`. */
  accessToken?: string;
  /** The authorization code issued with an ID token, to check `c_hash`. */
  code?: string;
  /** A DPoP proof's request, and the DPoP key an access token should be bound to (RFC 9449). */
  dpop?: DpopExpectations;
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'info';

export interface Check {
  id: string;
  label: string;
  status: CheckStatus;
  detail: string;
  spec?: SpecLink;
}

export interface CheckContext {
  kind?: TokenKind;
  expected?: ExpectedValues;
  /** Seconds since 1970 by the chosen clock. */
  now: number;
  clock: ClockSource;
  /** The signature's verification, or why it is not done yet. */
  signature?: SignatureResult | { status: 'pending'; message: string };
  /** Allowed clock skew in seconds. */
  leeway?: number;
  /** From computeHashes(), to compare with at_hash / c_hash. */
  hashes?: ComputedHashes;
  /** This playground's issuer: the audience of client assertions and request objects by default. */
  serverIssuer?: string;
}

const rfc7519 = (section: string): SpecLink => ({
  title: `RFC 7519 §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc7519.html#section-${section}`,
});
const idTokenValidation: SpecLink = {
  title: 'OpenID Connect Core §3.1.3.7',
  url: 'https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation',
};
const rfc9068 = (section: string): SpecLink => ({
  title: `RFC 9068 §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc9068.html#section-${section}`,
});
const atHashSpec: SpecLink = {
  title: 'OpenID Connect Core §3.2.2.9',
  url: 'https://openid.net/specs/openid-connect-core-1_0.html#ImplicitTokenValidation',
};
const cHashSpec: SpecLink = {
  title: 'OpenID Connect Core §3.3.2.10',
  url: 'https://openid.net/specs/openid-connect-core-1_0.html#CodeValidation',
};

export { hashForAlg, leftHalfHash };

function audiences(payload: JsonObject): string[] | undefined {
  const aud = payload.aud;
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.every((a) => typeof a === 'string')) return aud as string[];
  return undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** The kind of token, from the caller or guessed from its shape. */
export function inferKind(token: DecodedJwt, kind?: TokenKind): TokenKind | undefined {
  if (kind) return kind;
  const typ = typeof token.header.typ === 'string' ? token.header.typ.toLowerCase() : '';
  if (typ === 'at+jwt' || typ === 'application/at+jwt') return 'access';
  if (typ === 'dpop+jwt') return 'dpop';
  if (isRequestObject(token)) return 'request-object';
  if (isClientAssertion(token)) return 'client-assertion';
  const p = token.payload;
  if ('nonce' in p || 'at_hash' in p || 'c_hash' in p || 'auth_time' in p) return 'id';
  if ('scope' in p || 'scp' in p || 'client_id' in p) return 'access';
  return undefined;
}

function signatureCheck(signature: CheckContext['signature']): Check {
  const label = 'Signature';
  const spec: SpecLink = {
    title: 'RFC 7515 §5.2',
    url: 'https://www.rfc-editor.org/rfc/rfc7515.html#section-5.2',
  };
  if (!signature) return { id: 'signature', label, status: 'info', detail: 'Not verified yet.', spec };
  if (signature.status === 'pending')
    return { id: 'signature', label, status: 'info', detail: signature.message, spec };
  const status: CheckStatus =
    signature.status === 'valid'
      ? 'pass'
      : signature.status === 'invalid' || signature.status === 'unsigned'
        ? 'fail'
        : signature.status === 'skipped'
          ? 'info'
          : 'warn';
  return { id: 'signature', label, status, detail: signature.message, spec };
}

function algCheck(token: DecodedJwt): Check {
  const alg = String(token.header.alg);
  const spec: SpecLink = {
    title: 'RFC 8725 §3.1',
    url: 'https://www.rfc-editor.org/rfc/rfc8725.html#section-3.1',
  };
  if (alg === 'none') {
    return {
      id: 'alg',
      label: 'Algorithm',
      status: 'fail',
      detail: 'alg "none": the token is not signed.',
      spec,
    };
  }
  if (/^HS/.test(alg)) {
    return {
      id: 'alg',
      label: 'Algorithm',
      status: 'warn',
      detail: `${alg} (shared secret): every party that can verify can also forge tokens.`,
      spec,
    };
  }
  return { id: 'alg', label: 'Algorithm', status: 'pass', detail: `${alg} (public-key signature).`, spec };
}

function typCheck(token: DecodedJwt, kind: TokenKind | undefined): Check {
  const typ = typeof token.header.typ === 'string' ? token.header.typ : undefined;
  const isAt = typ !== undefined && /^(application\/)?at\+jwt$/i.test(typ);
  const label = 'Type (typ)';
  if (kind === 'access') {
    // RFC 9068 §2.1: access tokens MUST have typ "at+jwt" (RFC 9068 §4: and resource servers MUST check it).
    return isAt
      ? {
          id: 'typ',
          label,
          status: 'pass',
          detail: `"${typ}": an RFC 9068 JWT access token.`,
          spec: rfc9068('2.1'),
        }
      : {
          id: 'typ',
          label,
          status: 'warn',
          detail: `${typ ? `"${typ}"` : 'No typ'}; RFC 9068 access tokens have "at+jwt", so an ID token cannot be passed off as one.`,
          spec: rfc9068('2.1'),
        };
  }
  if (kind === 'id' && isAt) {
    return {
      id: 'typ',
      label,
      status: 'fail',
      detail: '"at+jwt" is an access token: it must not be accepted as an ID token.',
      spec: rfc9068('2.1'),
    };
  }
  return {
    id: 'typ',
    label,
    status: 'info',
    detail: typ ? `"${typ}".` : 'No typ (optional for ID tokens).',
    spec: { title: 'RFC 7519 §5.1', url: 'https://www.rfc-editor.org/rfc/rfc7519.html#section-5.1' },
  };
}

function issuerCheck(payload: JsonObject, expected?: ExpectedValues): Check {
  const iss = payload.iss;
  const base = { id: 'iss', label: 'Issuer (iss)', spec: rfc7519('4.1.1') };
  if (typeof iss !== 'string') {
    return {
      ...base,
      status: 'fail',
      detail: iss === undefined ? 'No iss claim.' : `iss is ${show(iss)}, not a string.`,
    };
  }
  if (!expected?.issuer)
    return { ...base, status: 'info', detail: `${show(iss)} (no expected issuer to compare).` };
  // Exact string comparison: a trailing slash matters (OIDC Core §3.1.3.7 step 2).
  return iss === expected.issuer
    ? { ...base, status: 'pass', detail: `${show(iss)} is the expected issuer.` }
    : {
        ...base,
        status: 'fail',
        detail: `${show(iss)} is not the expected issuer ${show(expected.issuer)}.`,
      };
}

function audienceCheck(payload: JsonObject, kind: TokenKind | undefined, expected?: ExpectedValues): Check {
  const list = audiences(payload);
  const base = { id: 'aud', label: 'Audience (aud)', spec: rfc7519('4.1.3') };
  if (!list) {
    return {
      ...base,
      status: kind === 'id' || kind === 'access' ? 'fail' : 'warn',
      detail:
        payload.aud === undefined
          ? 'No aud claim.'
          : `aud is ${show(payload.aud)}: not a string or array of strings.`,
    };
  }
  const wanted = kind === 'id' ? (expected?.clientId ?? expected?.audience) : expected?.audience;
  if (!wanted)
    return { ...base, status: 'info', detail: `${list.map(show).join(', ')} (no expected audience).` };
  return list.includes(wanted)
    ? { ...base, status: 'pass', detail: `Contains ${show(wanted)}.` }
    : { ...base, status: 'fail', detail: `${list.map(show).join(', ')} does not contain ${show(wanted)}.` };
}

function azpCheck(payload: JsonObject, kind: TokenKind | undefined, expected?: ExpectedValues): Check {
  const azp = payload.azp;
  const list = audiences(payload) ?? [];
  const base = { id: 'azp', label: 'Authorized party (azp)', spec: idTokenValidation };
  if (azp === undefined) {
    // OIDC Core §3.1.3.7 step 4 (errata): with several audiences, check azp.
    if (kind === 'id' && list.length > 1) {
      return {
        ...base,
        status: 'warn',
        detail: 'Several audiences but no azp: the client cannot tell the token was issued to it.',
      };
    }
    return { ...base, status: 'info', detail: 'No azp (optional).' };
  }
  if (!expected?.clientId)
    return { ...base, status: 'info', detail: `${show(azp)} (no expected client id).` };
  return azp === expected.clientId
    ? { ...base, status: 'pass', detail: `${show(azp)} is this client.` }
    : { ...base, status: 'fail', detail: `${show(azp)} is not the client ${show(expected.clientId)}.` };
}

function timeChecks(
  payload: JsonObject,
  kind: TokenKind | undefined,
  now: number,
  clock: ClockSource,
  leeway: number,
): Check[] {
  const by = clock === 'server' ? 'by the server clock' : 'by this browser\u2019s clock';
  const checks: Check[] = [];
  const exp = numericDate(payload, 'exp');
  const expBase = { id: 'exp', label: 'Expiry (exp)', spec: rfc7519('4.1.4') };
  if (payload.exp !== undefined && exp === undefined) {
    checks.push({
      ...expBase,
      status: 'fail',
      detail: `exp is ${show(payload.exp)}, not a number of seconds.`,
    });
  } else if (exp === undefined) {
    checks.push({
      ...expBase,
      status: kind === 'id' || kind === 'access' ? 'fail' : 'warn',
      detail: 'No exp: the token never expires.',
    });
  } else if (exp > 1e11) {
    checks.push({
      ...expBase,
      status: 'fail',
      detail: `exp ${exp} looks like milliseconds; JWT times are in seconds.`,
    });
  } else if (now >= exp + leeway) {
    checks.push({
      ...expBase,
      status: 'fail',
      detail: `Expired ${formatDuration(now - exp)} ago ${by} (${formatNumericDate(exp)}).`,
    });
  } else {
    checks.push({
      ...expBase,
      status: 'pass',
      detail: `Expires in ${formatDuration(exp - now)} ${by} (${formatNumericDate(exp)}).`,
    });
  }

  const iat = numericDate(payload, 'iat');
  const iatBase = { id: 'iat', label: 'Issued at (iat)', spec: rfc7519('4.1.6') };
  if (iat === undefined) {
    checks.push({
      ...iatBase,
      status: kind === 'id' || kind === 'access' ? 'fail' : 'info',
      detail: payload.iat === undefined ? 'No iat.' : `iat is ${show(payload.iat)}, not a number.`,
    });
  } else if (iat > now + leeway) {
    checks.push({
      ...iatBase,
      status: 'warn',
      detail: `Issued in the future (${formatDuration(iat - now)} ahead ${by}): a clock is off.`,
    });
  } else {
    checks.push({
      ...iatBase,
      status: 'pass',
      detail: `Issued ${formatDuration(now - iat)} ago ${by} (${formatNumericDate(iat)}).`,
    });
  }

  const nbf = numericDate(payload, 'nbf');
  const nbfBase = { id: 'nbf', label: 'Not before (nbf)', spec: rfc7519('4.1.5') };
  if (payload.nbf !== undefined && nbf === undefined) {
    checks.push({ ...nbfBase, status: 'fail', detail: `nbf is ${show(payload.nbf)}, not a number.` });
  } else if (nbf !== undefined) {
    checks.push(
      now + leeway < nbf
        ? {
            ...nbfBase,
            status: 'fail',
            detail: `Not valid yet: valid in ${formatDuration(nbf - now)} ${by}.`,
          }
        : { ...nbfBase, status: 'pass', detail: `Valid since ${formatNumericDate(nbf)}.` },
    );
  }
  return checks;
}

function nonceCheck(
  payload: JsonObject,
  kind: TokenKind | undefined,
  expected?: ExpectedValues,
): Check | undefined {
  const nonce = payload.nonce;
  const base = { id: 'nonce', label: 'Nonce', spec: idTokenValidation };
  if (expected?.nonce === undefined) {
    return nonce === undefined
      ? undefined
      : { ...base, status: 'info', detail: `${show(nonce)} (no expected nonce).` };
  }
  if (nonce === undefined) {
    return { ...base, status: 'fail', detail: `No nonce, but the request sent ${show(expected.nonce)}.` };
  }
  if (kind === 'access') return { ...base, status: 'info', detail: show(nonce) };
  return nonce === expected.nonce
    ? { ...base, status: 'pass', detail: 'Matches the nonce sent to /authorize.' }
    : {
        ...base,
        status: 'fail',
        detail: `${show(nonce)} is not the nonce sent, ${show(expected.nonce)}: a replayed or foreign token.`,
      };
}

/** The at_hash / c_hash the expected access token and code hash to, for the token's alg. */
export interface ComputedHashes extends DpopComputed {
  at_hash?: string;
  c_hash?: string;
}

export async function computeHashes(token: DecodedJwt, expected?: ExpectedValues): Promise<ComputedHashes> {
  const alg = String(token.header.alg);
  const hashes: ComputedHashes = {};
  if (expected?.accessToken !== undefined) hashes.at_hash = await leftHalfHash(expected.accessToken, alg);
  if (expected?.code !== undefined) hashes.c_hash = await leftHalfHash(expected.code, alg);
  return { ...hashes, ...(await computeDpop(token, expected?.accessToken)) };
}

function hashCheck(
  token: DecodedJwt,
  claim: 'at_hash' | 'c_hash',
  value: string | undefined,
  computed: string | undefined,
): Check | undefined {
  const present = token.payload[claim];
  const label = claim === 'at_hash' ? 'Access token hash (at_hash)' : 'Code hash (c_hash)';
  const spec = claim === 'at_hash' ? atHashSpec : cHashSpec;
  const what = claim === 'at_hash' ? 'access token' : 'authorization code';
  if (present === undefined) {
    if (value === undefined) return undefined;
    return {
      id: claim,
      label,
      status: 'info',
      detail: `No ${claim}: optional in the code flow, required when the ${what} comes with the ID token from /authorize.`,
      spec,
    };
  }
  if (value === undefined) {
    return { id: claim, label, status: 'info', detail: `${show(present)} (no ${what} to compare).`, spec };
  }
  if (computed === undefined) {
    return {
      id: claim,
      label,
      status: 'warn',
      detail: `Not computed for alg ${String(token.header.alg)}.`,
      spec,
    };
  }
  return computed === present
    ? { id: claim, label, status: 'pass', detail: `Matches the ${what} (${computed}).`, spec }
    : {
        id: claim,
        label,
        status: 'fail',
        detail: `${show(present)} but the ${what} hashes to "${computed}": they were not issued together.`,
        spec,
      };
}

function requiredClaimsCheck(payload: JsonObject, kind: TokenKind | undefined): Check | undefined {
  const required =
    kind === 'access'
      ? { names: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'], spec: rfc9068('2.2') }
      : kind === 'id'
        ? {
            names: ['iss', 'sub', 'aud', 'exp', 'iat'],
            spec: {
              title: 'OpenID Connect Core §2',
              url: 'https://openid.net/specs/openid-connect-core-1_0.html#IDToken',
            },
          }
        : undefined;
  if (!required) return undefined;
  const missing = required.names.filter((name) => payload[name] === undefined);
  const label = kind === 'access' ? 'Required claims (RFC 9068)' : 'Required claims (ID token)';
  return missing.length === 0
    ? {
        id: 'required',
        label,
        status: 'pass',
        detail: `All present: ${required.names.join(', ')}.`,
        spec: required.spec,
      }
    : {
        id: 'required',
        label,
        status: kind === 'access' ? 'warn' : 'fail',
        detail: `Missing: ${missing.join(', ')}.`,
        spec: required.spec,
      };
}

/**
 * The validation checklist of a decoded JWT, in the order a relying party checks it.
 * @see [OpenID Connect Core §3.1.3.7](https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation)
 * @see [RFC 9068 §4](https://www.rfc-editor.org/rfc/rfc9068.html#section-4)
 */
export function runChecks(token: DecodedJwt, context: CheckContext): Check[] {
  const kind = inferKind(token, context.kind);
  const { payload } = token;
  const expected = context.expected;
  if (kind === 'dpop') {
    return dpopProofChecks(token, {
      now: context.now,
      expected: expected?.dpop,
      accessToken: expected?.accessToken,
      computed: context.hashes,
    });
  }
  if (kind === 'client-assertion' || kind === 'request-object') {
    const clientChecks = kind === 'client-assertion' ? clientAssertionChecks : requestObjectChecks;
    const issuer = expected?.issuer ?? context.serverIssuer;
    return [
      signatureCheck(context.signature),
      ...clientChecks(token, {
        now: context.now,
        expected: {
          ...(issuer ? { issuer } : {}),
          ...(expected?.clientId ? { clientId: expected.clientId } : {}),
        },
      }),
    ];
  }
  const checks: (Check | undefined)[] = [
    signatureCheck(context.signature),
    algCheck(token),
    typCheck(token, kind),
    issuerCheck(payload, expected),
    audienceCheck(payload, kind, expected),
    ...timeChecks(payload, kind, context.now, context.clock, context.leeway ?? 0),
    nonceCheck(payload, kind, expected),
    hashCheck(token, 'at_hash', expected?.accessToken, context.hashes?.at_hash),
    hashCheck(token, 'c_hash', expected?.code, context.hashes?.c_hash),
    azpCheck(payload, kind, expected),
    requiredClaimsCheck(payload, kind),
    cnfCheck(payload, expected?.dpop?.jkt),
  ];
  return checks.filter((check): check is Check => check !== undefined);
}
