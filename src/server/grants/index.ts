import { authorizationCodeGrant } from './authorization-code.ts';
import { cibaGrant } from './ciba.ts';
import { clientCredentialsGrant } from './client-credentials.ts';
import { deviceCodeGrant } from './device-code.ts';
import { passwordGrant, passwordRealmGrant } from './password.ts';
import { refreshTokenGrant } from './refresh-token.ts';
import { tokenExchangeGrant } from './token-exchange.ts';
import type { Grant } from './types.ts';

/** The grants of the token endpoint, as data: adding one is one file and one entry. */
export const grants: readonly Grant[] = [
  authorizationCodeGrant,
  clientCredentialsGrant,
  passwordGrant,
  passwordRealmGrant,
  refreshTokenGrant,
  deviceCodeGrant,
  tokenExchangeGrant,
  cibaGrant,
];

export function findGrant(grantType: string): Grant | undefined {
  return grants.find((g) => g.grantType === grantType);
}

export type { Grant, GrantRequest } from './types.ts';
