import type { TenantInput } from './schema.ts';

/** The API of the demo tenant, and the sample API the server serves at /api/messages. */
export const DEMO_API = 'https://api.example.com';

const redirectUris = [
  '{app}/callback',
  'http://localhost:3000/callback',
  'https://oauth.pstmn.io/v1/callback',
];
const postLogoutRedirectUris = [
  '{app}/',
  '{app}/callback',
  'http://localhost:3000/',
  'https://oauth.pstmn.io/v1/callback',
];

/** Allowed Origins (CORS) and Allowed Web Origins of every demo client: the host itself and a local app. */
const origins = ['{app}', 'http://localhost:3000'];

/** The demo tenant of SPEC.md; `{app}` stands for the host's own app URL (origin and base path). */
export const demoTenant: TenantInput = {
  name: 'Demo tenant',
  users: [
    {
      id: 'auth0|alice',
      email: 'alice@example.com',
      password: 'wonderland',
      name: 'Alice Liddell',
      nickname: 'alice',
      picture: 'https://www.gravatar.com/avatar/alice?d=identicon',
      emailVerified: true,
      givenName: 'Alice',
      familyName: 'Liddell',
      middleName: 'Pleasance',
      preferredUsername: 'alice',
      profile: 'https://example.com/users/alice',
      website: 'https://example.com/alice',
      gender: 'female',
      birthdate: '1852-05-04',
      zoneinfo: 'Europe/London',
      locale: 'en-GB',
      // Ofcom's range for drama (+44 1632 960000-960999): it reaches no one.
      phoneNumber: '+441632960001',
      phoneNumberVerified: true,
      address: {
        formatted: '1 Rabbit Hole Lane\nOxford OX1 1DP\nUnited Kingdom',
        streetAddress: '1 Rabbit Hole Lane',
        locality: 'Oxford',
        region: 'Oxfordshire',
        postalCode: 'OX1 1DP',
        country: 'United Kingdom',
      },
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
    {
      id: 'auth0|bob',
      email: 'bob@example.com',
      password: 'builder',
      name: 'Bob Builder',
      nickname: 'bob',
      picture: 'https://www.gravatar.com/avatar/bob?d=identicon',
      emailVerified: false,
      givenName: 'Bob',
      familyName: 'Builder',
      preferredUsername: 'bob',
      profile: 'https://example.com/users/bob',
      website: 'https://example.com/bob',
      gender: 'male',
      birthdate: '1998',
      zoneinfo: 'America/Chicago',
      locale: 'en-US',
      // 555-0100 to 555-0199 are fictional numbers in the North American plan.
      phoneNumber: '+12175550100',
      phoneNumberVerified: false,
      address: {
        formatted: '2 Builder Yard\nSpringfield, IL 62701\nUSA',
        streetAddress: '2 Builder Yard',
        locality: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        country: 'USA',
      },
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  ],
  apis: [
    {
      identifier: DEMO_API,
      name: 'Messages API',
      scopes: [
        { value: 'read:messages', description: 'Read your messages' },
        { value: 'write:messages', description: 'Write messages' },
      ],
      allowOfflineAccess: true,
      tokenLifetime: 86400,
    },
  ],
  clients: [
    {
      clientId: 'web-app',
      name: 'Web App (confidential)',
      type: 'confidential',
      clientSecret: 'web-app-secret',
      grantTypes: [
        'authorization_code',
        'refresh_token',
        'password',
        'http://auth0.com/oauth/grant-type/password-realm',
        'urn:ietf:params:oauth:grant-type:token-exchange',
      ],
      redirectUris,
      allowedOrigins: origins,
      webOrigins: origins,
      postLogoutRedirectUris,
    },
    {
      clientId: 'spa',
      name: 'Single-Page App (public)',
      type: 'public',
      grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
      redirectUris,
      allowedOrigins: origins,
      webOrigins: origins,
      postLogoutRedirectUris,
      requirePkce: true,
      rotateRefreshTokens: true,
      // RFC 9449 §8: DPoP proofs of the SPA need a server nonce, so learners see the round trip.
      requireDpopNonce: true,
    },
    {
      clientId: 'm2m',
      name: 'Machine to Machine (confidential)',
      type: 'confidential',
      clientSecret: 'm2m-secret',
      grantTypes: ['client_credentials'],
      redirectUris,
      allowedOrigins: origins,
      webOrigins: origins,
      clientGrants: [{ audience: DEMO_API, scopes: ['read:messages', 'write:messages'] }],
    },
    {
      clientId: 'device-app',
      name: 'Device App (public)',
      type: 'public',
      grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
      redirectUris,
      allowedOrigins: origins,
      webOrigins: origins,
    },
    {
      clientId: 'hybrid-app',
      name: 'Hybrid Web App (confidential)',
      type: 'confidential',
      clientSecret: 'hybrid-app-secret',
      // OIDC Core §3.3: a code and tokens from the authorization endpoint need both grants.
      grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
      redirectUris,
      postLogoutRedirectUris,
      allowedOrigins: origins,
      webOrigins: origins,
    },
    {
      clientId: 'ciba-app',
      name: 'Call Center App (CIBA, confidential)',
      type: 'confidential',
      clientSecret: 'ciba-app-secret',
      // OpenID CIBA Core §4: only confidential clients may use the backchannel.
      grantTypes: ['urn:openid:params:grant-type:ciba', 'refresh_token'],
      redirectUris,
      allowedOrigins: origins,
      webOrigins: origins,
    },
  ],
  connections: [{ name: 'Username-Password-Authentication' }],
  idTokenLifetime: 36000,
  codeLifetime: 600,
  deviceCodeLifetime: 900,
  deviceInterval: 5,
  signingAlg: 'RS256',
};
