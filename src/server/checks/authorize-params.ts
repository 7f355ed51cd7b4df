import { MAX_PARAM_LENGTH } from '../params.ts';

/**
 * The raw parameters of an authorization request. Unlike the token endpoint's parser, this one
 * does not throw on the first bad parameter: a duplicated `state` must still reach the client as
 * `invalid_request` at its redirect URI, while a duplicated `redirect_uri` must not be used at all.
 */
export interface AuthorizeParams {
  /** The first value of each parameter; empty values count as omitted (RFC 6749 §3.1). */
  readonly values: ReadonlyMap<string, string>;
  /** Parameters included more than once (RFC 6749 §3.1: "MUST NOT be included more than once"). */
  readonly duplicated: ReadonlySet<string>;
  /** Parameters longer than MAX_PARAM_LENGTH. */
  readonly overlong: ReadonlySet<string>;
}

export function parseAuthorizeParams(pairs: Iterable<[string, string]>): AuthorizeParams {
  const values = new Map<string, string>();
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  const overlong = new Set<string>();
  for (const [name, value] of pairs) {
    if (seen.has(name)) duplicated.add(name);
    seen.add(name);
    if (value.length > MAX_PARAM_LENGTH) overlong.add(name);
    if (value !== '' && !values.has(name)) values.set(name, value);
  }
  return { values, duplicated, overlong };
}

/** A parameter that can be trusted as one value: not duplicated, not overlong. */
export function singleParam(params: AuthorizeParams, name: string): string | undefined {
  if (params.duplicated.has(name) || params.overlong.has(name)) return undefined;
  return params.values.get(name);
}
