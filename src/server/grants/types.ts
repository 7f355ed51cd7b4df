import type { ServerContext } from '../context.ts';
import type { DpopBinding } from '../dpop/token-endpoint.ts';
import type { Params } from '../params.ts';
import type { Client, GrantType } from '../tenant/schema.ts';
import type { TokenResponseBody } from '../tokens/issue.ts';

/** What a grant handler gets: the request's parameters and the client already authenticated. */
export interface GrantRequest {
  ctx: ServerContext;
  client: Client;
  params: Params;
  /** The DPoP key of the request's proof (RFC 9449 §5), when one was sent. */
  dpop?: DpopBinding;
}

/** One grant type of the token endpoint, registered as data (`grants/index.ts`). */
export interface Grant {
  grantType: GrantType;
  handler: (request: GrantRequest) => Promise<TokenResponseBody>;
}
