import type { SpecLink } from './claims.ts';
import type { DecodedJwt, JsonObject } from './decode.ts';
import { ASYMMETRIC } from './dpop.ts';

/**
 * JWTs a client makes and signs with its own key: a private_key_jwt client assertion (RFC 7523
 * §3, OIDC Core §9) and a JAR request object (RFC 9101 §4). Their checks, as a server makes them.
 */
export type ClientJwtKind = 'client-assertion' | 'request-object';

/** What a client JWT is compared with: the server it is meant for, and the client. */
export interface ClientJwtExpectations {
  /** The authorization server's issuer: the audience of both. */
  issuer?: string;
  /** The client the JWT should come from. */
  clientId?: string;
}

type Status = 'pass' | 'fail' | 'warn' | 'info';
export interface ClientJwtCheck {
  id: string;
  label: string;
  status: Status;
  detail: string;
  spec?: SpecLink;
}

const rfc = (number: number, section: string): SpecLink => ({
  title: `RFC ${number} §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc${number}.html#section-${section}`,
});
const OIDC_CLIENT_AUTH: SpecLink = {
  title: 'OIDC Core §9',
  url: 'https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication',
};

/** RFC 9101 §10.8: the media type of a request object. */
export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
/** An assertion up to this many seconds long counts as short-lived (RFC 7523 §3: "a short time"). */
export const SHORT_LIFETIME = 300;
/** This server refuses an assertion whose exp is further ahead (its jti is kept until then). */
export const MAX_ASSERTION_LIFETIME = 3600;

/** What only an authorization request carries. */
const AUTHORIZATION_PARAMETERS = ['response_type', 'redirect_uri', 'code_challenge', 'state'];

function typOf(token: DecodedJwt): string {
  return typeof token.header.typ === 'string' ? token.header.typ.toLowerCase() : '';
}

/** A request object: its typ says so, or it carries authorization parameters (RFC 9101 §4). */
export function isRequestObject(token: DecodedJwt): boolean {
  const typ = typOf(token);
  if (typ === REQUEST_OBJECT_TYP || typ === `application/${REQUEST_OBJECT_TYP}`) return true;
  return 'client_id' in token.payload && AUTHORIZATION_PARAMETERS.some((p) => p in token.payload);
}

/** A client assertion: iss and sub are the same client, with a jti and an audience (RFC 7523 §3). */
export function isClientAssertion(token: DecodedJwt): boolean {
  const p = token.payload;
  return (
    typeof p.iss === 'string' &&
    p.iss === p.sub &&
    typeof p.jti === 'string' &&
    p.aud !== undefined &&
    !('scope' in p) &&
    !isRequestObject(token)
  );
}

function audiences(payload: JsonObject): string[] {
  const aud = payload.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

function tokenEndpoint(issuer: string): string | undefined {
  try {
    return new URL('oauth/token', issuer.endsWith('/') ? issuer : `${issuer}/`).href;
  } catch {
    return undefined;
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function algCheck(token: DecodedJwt, spec: SpecLink, what: string): ClientJwtCheck {
  const alg = String(token.header.alg);
  if (alg === 'none')
    return { id: 'alg', label: 'alg', status: 'fail', detail: `none: an unsigned ${what} is refused.`, spec };
  return ASYMMETRIC.test(alg)
    ? {
        id: 'alg',
        label: 'alg',
        status: 'pass',
        detail: `${alg}, signed with the client's private key.`,
        spec,
      }
    : {
        id: 'alg',
        label: 'alg',
        status: 'fail',
        detail: `${alg}: not an asymmetric algorithm, so not the client's registered key.`,
        spec,
      };
}

function issCheck(payload: JsonObject, expected: ClientJwtExpectations, spec: SpecLink): ClientJwtCheck {
  const iss = payload.iss;
  if (typeof iss !== 'string' || iss === '')
    return { id: 'iss', label: 'iss', status: 'fail', detail: 'Missing: it must be the client_id.', spec };
  if (expected.clientId === undefined)
    return { id: 'iss', label: 'iss', status: 'info', detail: `${show(iss)}: the client_id.`, spec };
  return iss === expected.clientId
    ? { id: 'iss', label: 'iss', status: 'pass', detail: `${show(iss)}, the client_id.`, spec }
    : {
        id: 'iss',
        label: 'iss',
        status: 'fail',
        detail: `${show(iss)}, but the client is "${expected.clientId}".`,
        spec,
      };
}

function audCheck(
  payload: JsonObject,
  issuer: string | undefined,
  allowed: readonly string[],
  spec: SpecLink,
): ClientJwtCheck {
  const aud = audiences(payload);
  if (aud.length === 0)
    return { id: 'aud', label: 'aud', status: 'fail', detail: 'Missing: it must name the server.', spec };
  if (issuer === undefined)
    return {
      id: 'aud',
      label: 'aud',
      status: 'info',
      detail: `${aud.join(', ')} (no issuer to compare).`,
      spec,
    };
  const hit = aud.find((a) => allowed.includes(a));
  return hit
    ? {
        id: 'aud',
        label: 'aud',
        status: 'pass',
        detail: hit === issuer ? `${hit}, the issuer.` : `${hit}, the token endpoint.`,
        spec,
      }
    : {
        id: 'aud',
        label: 'aud',
        status: 'fail',
        detail: `${aud.join(', ')}: not ${allowed.join(' nor ')}.`,
        spec,
      };
}

function expCheck(
  payload: JsonObject,
  now: number,
  required: boolean,
  spec: SpecLink,
): ClientJwtCheck | undefined {
  const exp = payload.exp;
  if (exp === undefined)
    return required ? { id: 'exp', label: 'exp', status: 'fail', detail: 'Missing.', spec } : undefined;
  if (typeof exp !== 'number')
    return { id: 'exp', label: 'exp', status: 'fail', detail: `${show(exp)} is not a time.`, spec };
  return exp > now
    ? { id: 'exp', label: 'exp', status: 'pass', detail: `Valid for ${exp - now} s more.`, spec }
    : { id: 'exp', label: 'exp', status: 'fail', detail: `Expired ${now - exp} s ago.`, spec };
}

function iatCheck(payload: JsonObject, now: number, spec: SpecLink): ClientJwtCheck | undefined {
  const iat = payload.iat;
  if (iat === undefined) return undefined;
  if (typeof iat !== 'number')
    return { id: 'iat', label: 'iat', status: 'fail', detail: `${show(iat)} is not a time.`, spec };
  return iat > now + 60
    ? { id: 'iat', label: 'iat', status: 'fail', detail: `Made ${iat - now} s in the future.`, spec }
    : { id: 'iat', label: 'iat', status: 'pass', detail: `Made ${Math.max(now - iat, 0)} s ago.`, spec };
}

function jtiCheck(payload: JsonObject, required: boolean, spec: SpecLink): ClientJwtCheck | undefined {
  const jti = payload.jti;
  if (typeof jti === 'string' && jti !== '')
    return {
      id: 'jti',
      label: 'jti',
      status: 'pass',
      detail: `${show(jti)}: the server accepts it once, so a replay is refused.`,
      spec,
    };
  return required
    ? { id: 'jti', label: 'jti', status: 'fail', detail: 'Missing: a replay could not be detected.', spec }
    : undefined;
}

/**
 * RFC 7523 §3 and OIDC Core §9 for a private_key_jwt assertion: signed with an asymmetric key, iss
 * and sub the client_id, aud the issuer or the token endpoint, a jti, an exp soon.
 */
export function clientAssertionChecks(
  token: DecodedJwt,
  context: { now: number; expected: ClientJwtExpectations },
): ClientJwtCheck[] {
  const { payload } = token;
  const { now, expected } = context;
  const spec = rfc(7523, '3');
  const issuer = expected.issuer;
  const endpoint = issuer === undefined ? undefined : tokenEndpoint(issuer);
  const sub = payload.sub;
  const exp = payload.exp;
  const start = typeof payload.iat === 'number' ? payload.iat : now;
  const lifetime = typeof exp === 'number' ? exp - start : undefined;
  const checks: (ClientJwtCheck | undefined)[] = [
    algCheck(token, OIDC_CLIENT_AUTH, 'client assertion'),
    issCheck(payload, expected, spec),
    typeof sub === 'string' && sub === payload.iss
      ? { id: 'sub', label: 'sub', status: 'pass', detail: `${show(sub)}, the same as iss.`, spec }
      : {
          id: 'sub',
          label: 'sub',
          status: 'fail',
          detail: `${show(sub ?? 'missing')}: for client authentication sub must equal iss (the client_id).`,
          spec,
        },
    audCheck(
      payload,
      issuer,
      [issuer, endpoint].filter((a): a is string => a !== undefined),
      spec,
    ),
    jtiCheck(payload, true, OIDC_CLIENT_AUTH),
    expCheck(payload, now, true, spec),
    iatCheck(payload, now, spec),
    lifetime === undefined
      ? undefined
      : {
          id: 'lifetime',
          label: 'Lifetime',
          status: lifetime <= SHORT_LIFETIME ? 'pass' : lifetime <= MAX_ASSERTION_LIFETIME ? 'warn' : 'fail',
          detail:
            lifetime <= SHORT_LIFETIME
              ? `${lifetime} s: short-lived, as it should be.`
              : lifetime <= MAX_ASSERTION_LIFETIME
                ? `${lifetime} s: accepted, but an assertion is meant for one request; a minute is enough.`
                : `${lifetime} s: more than the ${MAX_ASSERTION_LIFETIME} s this server accepts.`,
          spec,
        },
  ];
  return checks.filter((c): c is ClientJwtCheck => c !== undefined);
}

/**
 * RFC 9101 for a signed request object: typ oauth-authz-req+jwt when present, never alg none, iss
 * the client_id and equal to its client_id claim, aud the issuer, no request or request_uri inside.
 */
export function requestObjectChecks(
  token: DecodedJwt,
  context: { now: number; expected: ClientJwtExpectations },
): ClientJwtCheck[] {
  const { payload, header } = token;
  const { now, expected } = context;
  const spec = rfc(9101, '4');
  const typ = typOf(token);
  const clientId = payload.client_id;
  const nested = ['request', 'request_uri'].filter((name) => name in payload);
  const checks: (ClientJwtCheck | undefined)[] = [
    header.typ === undefined
      ? {
          id: 'typ',
          label: 'typ',
          status: 'info',
          detail: `Absent: allowed, though ${REQUEST_OBJECT_TYP} is recommended (it keeps the JWT from being taken for another kind).`,
          spec: rfc(9101, '10.8'),
        }
      : typ === REQUEST_OBJECT_TYP || typ === `application/${REQUEST_OBJECT_TYP}`
        ? {
            id: 'typ',
            label: 'typ',
            status: 'pass',
            detail: `${REQUEST_OBJECT_TYP}.`,
            spec: rfc(9101, '10.8'),
          }
        : {
            id: 'typ',
            label: 'typ',
            status: 'fail',
            detail: `${show(header.typ)}, not ${REQUEST_OBJECT_TYP}.`,
            spec: rfc(9101, '10.8'),
          },
    algCheck(token, rfc(9101, '6.1'), 'request object'),
    issCheck(payload, expected, spec),
    typeof clientId !== 'string'
      ? { id: 'client_id', label: 'client_id', status: 'fail', detail: 'Missing.', spec: rfc(9101, '5') }
      : clientId !== payload.iss
        ? {
            id: 'client_id',
            label: 'client_id',
            status: 'fail',
            detail: `${show(clientId)}, but iss is ${show(payload.iss)}.`,
            spec: rfc(9101, '5'),
          }
        : expected.clientId !== undefined && clientId !== expected.clientId
          ? {
              id: 'client_id',
              label: 'client_id',
              status: 'fail',
              detail: `${show(clientId)}, but the request's client_id is "${expected.clientId}".`,
              spec: rfc(9101, '5'),
            }
          : {
              id: 'client_id',
              label: 'client_id',
              status: 'pass',
              detail: `${show(clientId)}, the same as iss.`,
              spec: rfc(9101, '5'),
            },
    audCheck(payload, expected.issuer, expected.issuer === undefined ? [] : [expected.issuer], spec),
    expCheck(payload, now, false, spec),
    iatCheck(payload, now, spec),
    jtiCheck(payload, false, spec),
    nested.length
      ? {
          id: 'nested',
          label: 'request / request_uri',
          status: 'fail',
          detail: `${nested.join(' and ')} inside: a request object must not carry them.`,
          spec,
        }
      : undefined,
  ];
  return checks.filter((c): c is ClientJwtCheck => c !== undefined);
}
