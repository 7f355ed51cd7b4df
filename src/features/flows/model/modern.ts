import { decodeJwt, decodeProtectedHeader } from 'jose';
import { formBody, type HttpRequestDraft } from '../../../lib/http/draft.ts';
import { randomUrlSafe } from '../../../lib/random.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { errorMessage } from './common.ts';
import { rfc } from './rfc.ts';
import type { FlowContext, Line, ParamSpec, PrepareStep, StepOutcome } from './types.ts';

/** RFC 7523 §2.2: the client_assertion_type of private_key_jwt. */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** This server's PAR and registration endpoints, under the issuer (the paths Auth0 uses). */
export const parEndpoint = (ctx: FlowContext) => new URL('oauth/par', ctx.endpoints.issuer).href;
export const registrationEndpoint = (ctx: FlowContext) => new URL('oidc/register', ctx.endpoints.issuer).href;

const loadKeys = () => import('./keys/client-keys.ts');

export const signingAlgParam: ParamSpec = {
  name: 'signing_alg',
  label: 'Signing algorithm',
  kind: 'select',
  default: 'ES256',
  options: ['ES256', 'PS256', 'RS256'],
  help: 'The key pair made in the browser: ES256 (P-256), PS256 or RS256 (RSA 2048). FAPI 2.0 allows PS256 and ES256.',
};

/** A JWT's payload as an object, decoded for display only (verification is elsewhere); undefined when it is not a JWT. */
export function jwtPayload(jwt: string | undefined): Record<string, unknown> | undefined {
  if (!jwt) return undefined;
  try {
    return decodeJwt(jwt);
  } catch {
    return undefined;
  }
}

/** A JWT's header and payload as lines a learner reads (decoded, pretty JSON). */
export function decodedJwtLines(what: string, jwt: string): Line[] {
  const pretty = (decode: () => unknown) => {
    try {
      return JSON.stringify(decode(), null, 2);
    } catch {
      return '(not JSON)';
    }
  };
  return [
    { label: `${what}: header`, value: pretty(() => decodeProtectedHeader(jwt)) },
    { label: `${what}: payload`, value: pretty(() => decodeJwt(jwt)) },
    { label: `${what} (compact JWS)`, value: jwt, secret: true },
  ];
}

/** The server's clock (the playground can move it forward), so that signed JWTs carry its time. */
export async function serverNow(ctx: { endpoints: { issuer: string } }): Promise<number> {
  try {
    const res = await fetch(new URL('admin/clock', ctx.endpoints.issuer));
    const body = (await res.json()) as { now?: unknown };
    if (typeof body.now === 'number') return body.now;
  } catch {
    // Another provider or no admin endpoint: the browser's clock.
  }
  return Math.floor(Date.now() / 1000);
}

/** Step: make the client's key pair in the browser (WebCrypto), private key non-extractable. */
export const clientKeyStep: PrepareStep = {
  kind: 'prepare',
  id: 'client-key',
  title: 'Make the client’s key pair in the browser',
  actionLabel: 'Generate the key pair',
  explain:
    'The app makes an asymmetric key pair with WebCrypto. The private key is non-extractable: it can sign but can never be read out, not even by this app. Only the public key (a JWK) is registered at the server, so there is no shared secret to leak.',
  rfc: [rfc(7517, '4', 'RFC 7517 §4 JWK'), rfc(7591, '2', 'RFC 7591 §2 jwks')],
  arrows: [{ from: 'app', to: 'app', label: 'generateKey → private + public JWK' }],
  async prepare(ctx) {
    const { makeClientKey } = await loadKeys();
    const alg = (ctx.params.signing_alg || 'ES256') as 'ES256' | 'PS256' | 'RS256';
    const key = await makeClientKey(alg);
    return {
      ok: true,
      message: `${alg} key pair ready; kid ${key.kid}.`,
      values: { key_kid: key.kid, public_jwk: JSON.stringify(key.publicJwk) },
      lines: [
        { label: 'Public key (JWK), to register', value: JSON.stringify(key.publicJwk, null, 2) },
        {
          label: 'Private key',
          value: key.extractable
            ? 'an extractable CryptoKey (this browser did not allow a non-extractable one)'
            : 'a non-extractable CryptoKey: it signs in this tab and cannot be exported',
        },
      ],
    };
  },
};

/** The registration request of a client with the key made above (RFC 7591 §3.1). */
export function registrationDraft(ctx: FlowContext, metadata: Record<string, unknown>) {
  let jwk: unknown;
  try {
    jwk = JSON.parse(ctx.values.public_jwk ?? '');
  } catch {
    jwk = undefined;
  }
  return {
    method: 'POST',
    url: registrationEndpoint(ctx),
    headers: [['Content-Type', 'application/json']] as [string, string][],
    body: JSON.stringify(
      {
        client_name: 'Playground client',
        redirect_uris: [ctx.params.redirect_uri || ctx.redirectUri],
        ...metadata,
        jwks: { keys: jwk ? [jwk] : [] },
      },
      null,
      2,
    ),
  };
}

/** Reads the registration response: the new client_id (and secret) for the next steps. */
export function registrationOutcome(
  exchange: HttpExchange,
  json: Record<string, unknown> | undefined,
): StepOutcome {
  if (exchange.response.status === 201 && json && typeof json.client_id === 'string') {
    const values: Record<string, string> = { registered_client_id: json.client_id };
    const lines: Line[] = [
      { label: 'client_id (used by the next steps)', value: json.client_id },
      { label: 'token_endpoint_auth_method', value: String(json.token_endpoint_auth_method ?? '') },
    ];
    if (typeof json.client_secret === 'string') {
      values.registered_client_secret = json.client_secret;
      lines.push({ label: 'client_secret', value: json.client_secret, secret: true });
    }
    return { ok: true, message: `Registered: client_id ${json.client_id}.`, values, lines };
  }
  return { ok: false, message: errorMessage(exchange, json) };
}

/** A form POST authenticated by the client assertion signed before (RFC 7523 §2.2), as the registered client. */
export function assertionFormDraft(
  ctx: FlowContext,
  endpoint: string,
  fields: Record<string, string | undefined>,
): HttpRequestDraft {
  return {
    method: 'POST',
    url: endpoint,
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: formBody({
      ...fields,
      client_id: ctx.values.registered_client_id,
      client_assertion_type: JWT_BEARER,
      client_assertion: ctx.values.client_assertion,
    }),
  };
}

/** The claims of a private_key_jwt client assertion (RFC 7523 §3, OIDC Core §9). */
export async function clientAssertionClaims(ctx: FlowContext, clientId: string, audience: string) {
  const now = await serverNow(ctx);
  return { iss: clientId, sub: clientId, aud: audience, jti: randomUrlSafe(16), iat: now, exp: now + 60 };
}

/** Step: sign a client assertion with the key made in the browser. */
export function assertionStep(
  id: string,
  title: string,
  audience: (ctx: FlowContext) => string,
): PrepareStep {
  return {
    kind: 'prepare',
    id,
    title,
    actionLabel: 'Sign the client assertion',
    explain:
      'Instead of a secret, the client proves who it is with a short-lived JWT signed by its private key: iss and sub are its client_id, aud is the server, jti is new every time (the server refuses a jti it has seen), exp is a minute away.',
    rfc: [
      rfc(7523, '3', 'RFC 7523 §3'),
      {
        label: 'OIDC Core §9',
        href: 'https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication',
      },
    ],
    arrows: [{ from: 'app', to: 'app', label: 'sign client_assertion (private key)' }],
    async prepare(ctx) {
      const { hasClientKey, signWithClientKey } = await loadKeys();
      const kid = ctx.values.key_kid;
      const clientId = ctx.values.registered_client_id;
      if (!hasClientKey(kid) || !clientId)
        return {
          ok: false,
          message: 'Make the key pair and register the client first (the key lives only in this tab).',
        };
      const jwt = await signWithClientKey(
        kid ?? '',
        await clientAssertionClaims(ctx, clientId, audience(ctx)),
      );
      return {
        ok: true,
        message: 'Client assertion signed; it goes in the next request as client_assertion.',
        values: { client_assertion: jwt },
        lines: decodedJwtLines('Client assertion', jwt),
      };
    },
  };
}

export const stateNonce = () => randomUrlSafe(16);
