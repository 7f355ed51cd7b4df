/** Where a claim or header parameter is defined. */
export interface SpecLink {
  title: string;
  url: string;
}

export interface ClaimInfo {
  /** A short human name. */
  label: string;
  /** One line on what the claim means. */
  description: string;
  spec: SpecLink;
  /** How its value is shown beside it. */
  format?: 'time' | 'scope' | 'list';
}

const rfc7519 = (section: string, anchor: string): SpecLink => ({
  title: `RFC 7519 §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc7519.html#section-${anchor}`,
});
const rfc7515 = (section: string): SpecLink => ({
  title: `RFC 7515 §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc7515.html#section-${section}`,
});
const oidcCore = (section: string, anchor: string): SpecLink => ({
  title: `OpenID Connect Core §${section}`,
  url: `https://openid.net/specs/openid-connect-core-1_0.html#${anchor}`,
});
const rfc9068 = (section: string): SpecLink => ({
  title: `RFC 9068 §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc9068.html#section-${section}`,
});
const rfc8693 = (section: string): SpecLink => ({
  title: `RFC 8693 §${section}`,
  url: `https://www.rfc-editor.org/rfc/rfc8693.html#section-${section}`,
});
const auth0Claims: SpecLink = {
  title: 'Auth0: JWT claims',
  url: 'https://auth0.com/docs/secure/tokens/json-web-tokens/json-web-token-claims',
};
const standardClaims = oidcCore('5.1', 'StandardClaims');

/** Registered JWT claims, OpenID Connect claims and the ones Auth0 adds, each in one line. */
export const CLAIMS: Readonly<Record<string, ClaimInfo>> = {
  iss: {
    label: 'Issuer',
    description: 'Who issued the token; must be exactly the issuer you trust.',
    spec: rfc7519('4.1.1', '4.1.1'),
  },
  sub: {
    label: 'Subject',
    description: 'Who the token is about: a user id, or "<client_id>@clients" for a machine (Auth0).',
    spec: rfc7519('4.1.2', '4.1.2'),
  },
  aud: {
    label: 'Audience',
    description:
      'Who the token is for: the API (access token) or the client id (ID token); a recipient must find itself here.',
    spec: rfc7519('4.1.3', '4.1.3'),
    format: 'list',
  },
  exp: {
    label: 'Expires at',
    description: 'After this time (seconds since 1970) the token must be rejected.',
    spec: rfc7519('4.1.4', '4.1.4'),
    format: 'time',
  },
  nbf: {
    label: 'Not before',
    description: 'Before this time the token must be rejected.',
    spec: rfc7519('4.1.5', '4.1.5'),
    format: 'time',
  },
  iat: {
    label: 'Issued at',
    description: 'When the token was issued.',
    spec: rfc7519('4.1.6', '4.1.6'),
    format: 'time',
  },
  jti: {
    label: 'JWT ID',
    description: 'A unique id for this token, used to detect replay or to revoke it.',
    spec: rfc7519('4.1.7', '4.1.7'),
  },
  azp: {
    label: 'Authorized party',
    description: 'The client the token was issued to; must be your client id when present.',
    spec: oidcCore('2', 'IDToken'),
  },
  scope: {
    label: 'Scope',
    description: 'The permissions granted, separated by spaces.',
    spec: rfc8693('4.2'),
    format: 'scope',
  },
  scp: {
    label: 'Scopes (list)',
    description: 'The permissions granted, as an array (Microsoft, Okta); the standard claim is "scope".',
    spec: rfc8693('4.2'),
    format: 'list',
  },
  client_id: {
    label: 'Client id',
    description: 'The client that requested the token.',
    spec: rfc9068('2.2'),
  },
  gty: {
    label: 'Grant type (Auth0)',
    description: 'The grant the token came from, e.g. "client-credentials" or "password" (Auth0 extension).',
    spec: auth0Claims,
  },
  auth_time: {
    label: 'Authenticated at',
    description: 'When the user last logged in; compare it with max_age.',
    spec: oidcCore('2', 'IDToken'),
    format: 'time',
  },
  nonce: {
    label: 'Nonce',
    description: 'The value the client sent to /authorize; it must match, which stops replayed ID tokens.',
    spec: oidcCore('3.1.2.1', 'AuthRequest'),
  },
  at_hash: {
    label: 'Access token hash',
    description:
      'Left half of the hash of the access token issued with this ID token, base64url; binds the two.',
    spec: oidcCore('3.1.3.6', 'CodeIDToken'),
  },
  c_hash: {
    label: 'Code hash',
    description: 'Left half of the hash of the authorization code, base64url (hybrid flow).',
    spec: oidcCore('3.3.2.11', 'HybridIDToken'),
  },
  acr: {
    label: 'Authentication context',
    description: 'How strongly the user was authenticated.',
    spec: oidcCore('2', 'IDToken'),
  },
  amr: {
    label: 'Authentication methods',
    description: 'How the user authenticated, e.g. ["pwd", "mfa"].',
    spec: oidcCore('2', 'IDToken'),
    format: 'list',
  },
  sid: {
    label: 'Session id',
    description: 'The login session at the provider, used by logout.',
    spec: {
      title: 'OpenID Connect Front-Channel Logout §3',
      url: 'https://openid.net/specs/openid-connect-frontchannel-1_0.html#ClaimsContents',
    },
  },
  act: {
    label: 'Actor',
    description: 'Who acts on behalf of the subject (delegation through token exchange).',
    spec: rfc8693('4.1'),
  },
  may_act: {
    label: 'May act',
    description: 'Who is allowed to act on behalf of the subject.',
    spec: rfc8693('4.4'),
  },
  cnf: {
    label: 'Confirmation',
    description: 'The key the holder must prove possession of (DPoP, mTLS bound tokens).',
    spec: { title: 'RFC 7800 §3.1', url: 'https://www.rfc-editor.org/rfc/rfc7800.html#section-3.1' },
  },
  permissions: {
    label: 'Permissions (Auth0 RBAC)',
    description: 'The API permissions of the user, when RBAC adds them to the access token.',
    spec: auth0Claims,
    format: 'list',
  },
  org_id: {
    label: 'Organization (Auth0)',
    description: 'The Auth0 organization the user logged in to.',
    spec: auth0Claims,
  },
  name: { label: 'Name', description: 'The full name of the user, for display.', spec: standardClaims },
  given_name: { label: 'Given name', description: 'First name(s) of the user.', spec: standardClaims },
  family_name: { label: 'Family name', description: 'Last name(s) of the user.', spec: standardClaims },
  nickname: { label: 'Nickname', description: 'A casual name of the user.', spec: standardClaims },
  preferred_username: {
    label: 'Preferred username',
    description: 'The name the user wants to be called by; not unique, not an identifier.',
    spec: standardClaims,
  },
  picture: { label: 'Picture', description: 'URL of a profile picture.', spec: standardClaims },
  email: {
    label: 'Email',
    description: 'The email address of the user; not a stable identifier (use sub).',
    spec: standardClaims,
  },
  email_verified: {
    label: 'Email verified',
    description: 'Whether the provider checked that the user controls that email address.',
    spec: standardClaims,
  },
  phone_number: { label: 'Phone number', description: 'The phone number of the user.', spec: standardClaims },
  phone_number_verified: {
    label: 'Phone verified',
    description: 'Whether the provider checked the phone number.',
    spec: standardClaims,
  },
  locale: { label: 'Locale', description: 'The language of the user, e.g. "en-GB".', spec: standardClaims },
  zoneinfo: {
    label: 'Time zone',
    description: 'The time zone of the user, e.g. "Europe/Paris".',
    spec: standardClaims,
  },
  updated_at: {
    label: 'Updated at',
    description: 'When the profile last changed (seconds, or an ISO date for Auth0).',
    spec: standardClaims,
  },
};

/** JOSE header parameters. */
export const HEADER_PARAMETERS: Readonly<Record<string, ClaimInfo>> = {
  alg: {
    label: 'Algorithm',
    description:
      'How the token is signed; a verifier must allow only the algorithms it expects ("none" never).',
    spec: rfc7515('4.1.1'),
  },
  typ: {
    label: 'Type',
    description: 'The media type of the token: "JWT", or "at+jwt" for RFC 9068 access tokens.',
    spec: rfc7515('4.1.9'),
  },
  kid: {
    label: 'Key id',
    description: 'Which key of the issuer\u2019s JWKS signed the token.',
    spec: rfc7515('4.1.4'),
  },
  cty: {
    label: 'Content type',
    description: 'The type of the payload, for nested tokens.',
    spec: rfc7515('4.1.10'),
  },
  jku: {
    label: 'JWK Set URL',
    description: 'A URL for the signing keys; never trust it blindly, use the issuer\u2019s configured JWKS.',
    spec: rfc7515('4.1.2'),
  },
  jwk: {
    label: 'Embedded key',
    description: 'A public key inside the token itself; trusting it would let anyone sign.',
    spec: rfc7515('4.1.3'),
  },
  x5c: {
    label: 'Certificate chain',
    description: 'X.509 certificates of the signing key.',
    spec: rfc7515('4.1.6'),
  },
  x5t: {
    label: 'Certificate thumbprint',
    description: 'SHA-1 thumbprint of the signing certificate.',
    spec: rfc7515('4.1.7'),
  },
  'x5t#S256': {
    label: 'Certificate thumbprint (SHA-256)',
    description: 'SHA-256 thumbprint of the signing certificate.',
    spec: rfc7515('4.1.8'),
  },
  crit: {
    label: 'Critical',
    description: 'Header extensions the verifier must understand, or reject the token.',
    spec: rfc7515('4.1.11'),
  },
};

export function explainClaim(name: string): ClaimInfo | undefined {
  return Object.hasOwn(CLAIMS, name) ? CLAIMS[name] : undefined;
}

export function explainHeaderParameter(name: string): ClaimInfo | undefined {
  return Object.hasOwn(HEADER_PARAMETERS, name) ? HEADER_PARAMETERS[name] : undefined;
}
