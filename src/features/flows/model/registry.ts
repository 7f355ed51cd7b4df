import { authCode } from './definitions/auth-code.ts';
import { authCodePar } from './definitions/auth-code-par.ts';
import { authCodePkce } from './definitions/auth-code-pkce.ts';
import { ciba } from './definitions/ciba.ts';
import { clientCredentials } from './definitions/client-credentials.ts';
import { device } from './definitions/device.ts';
import { dpop } from './definitions/dpop.ts';
import { fapi2 } from './definitions/fapi2.ts';
import { hybrid } from './definitions/hybrid.ts';
import { implicit } from './definitions/implicit.ts';
import { jar } from './definitions/jar.ts';
import { password } from './definitions/password.ts';
import { privateKeyJwt } from './definitions/private-key-jwt.ts';
import { rar } from './definitions/rar.ts';
import { refreshToken } from './definitions/refresh-token.ts';
import { tokenExchange } from './definitions/token-exchange.ts';
import type { FlowDefinition } from './types.ts';

/** Every flow, in the order the picker shows them. Adding a flow is adding a file and a line here. */
export const flows: readonly FlowDefinition[] = [
  authCodePkce,
  authCode,
  clientCredentials,
  device,
  refreshToken,
  tokenExchange,
  authCodePar,
  jar,
  privateKeyJwt,
  ciba,
  rar,
  hybrid,
  dpop,
  fapi2,
  implicit,
  password,
];

export function findFlow(id: string | undefined): FlowDefinition | undefined {
  return flows.find((flow) => flow.id === id);
}
