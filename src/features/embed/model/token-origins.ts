import { parseAllowedOrigins } from './protocol.ts';

/**
 * Who may receive token values from an embed is decided by whoever deploys the playground: the
 * build variable `VITE_EMBED_ORIGINS` (exact origins, separated by spaces or commas). The embed
 * URL's `allowed_origins` can only narrow that list; with no list deployed, no page gets tokens.
 */
export function deployedTokenOrigins(
  raw: string | undefined = import.meta.env.VITE_EMBED_ORIGINS as string | undefined,
): string[] {
  return parseAllowedOrigins(raw ?? null).origins;
}

/** The origins that get token values: the deployed list, narrowed by `allowed_origins` when given. */
export function tokenOrigins(deployed: readonly string[], requested: readonly string[] | null): string[] {
  return requested === null ? [...deployed] : deployed.filter((origin) => requested.includes(origin));
}

/**
 * Why the embedding page gets no token values, in words for the frame; undefined when it does or
 * when it did not ask (it is not in `allowed_origins`).
 */
export function tokensWithheldReason(
  parentOrigin: string | null,
  deployed: readonly string[],
  requested: readonly string[],
): string | undefined {
  if (!parentOrigin || !requested.includes(parentOrigin) || deployed.includes(parentOrigin)) return undefined;
  return deployed.length === 0
    ? `Token values are not sent to ${parentOrigin}: this deployment of the playground lists no origin allowed to receive them (VITE_EMBED_ORIGINS). Events still say which tokens were issued.`
    : `Token values are not sent to ${parentOrigin}: this deployment of the playground does not list it among the origins allowed to receive them (VITE_EMBED_ORIGINS); allowed_origins can narrow that list, not widen it.`;
}
