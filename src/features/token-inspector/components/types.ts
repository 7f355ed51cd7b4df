import type { ExpectedValues, TokenKind } from '../model/checks.ts';
import type { KeySource } from '../model/verify.ts';

export interface TokenInspectorProps {
  /** The token as obtained or pasted (a JWT, or an opaque token). */
  token: string;
  /** What the token is, when known (the flow runner knows; pasted tokens are guessed). */
  kind?: TokenKind;
  /** What the relying party expects: each given value is checked, the others only shown. */
  expected?: ExpectedValues;
  /** The keys that verify the signature; this server's JWKS by default. */
  jwks?: KeySource;
  /** A title such as "Access token"; the sections' headings are one level below. */
  title?: string;
  /** Heading level of the title (2 by default). */
  headingLevel?: 2 | 3 | 4;
  /** Beside a flow: the claims' explanations fold away, so the token and its checks fit the page. */
  compact?: boolean;
}
