/**
 * Exports mask through the app's one definition of what is secret (`src/lib/http/mask.ts`), with
 * the `<masked>` placeholder: exports get pasted into tickets.
 */
import {
  collectSecrets,
  MASK,
  maskExchanges,
  maskExchange as maskOne,
  maskPairs,
  maskText,
  maskUrl as maskUrlWith,
  SECRET_NAMES,
} from '../../../lib/http/mask.ts';
import type { HttpExchange } from '../../../shared/trace.ts';

export { collectSecrets, MASK };

/** Parameter names whose values are credentials or tokens. */
export const SECRET_PARAMS: ReadonlySet<string> = SECRET_NAMES;

export interface ExportOptions {
  /** Show secrets and tokens as they are. Off by default: exports get pasted into tickets. */
  reveal?: boolean;
}

export function maskFormEncoded(text: string, secrets?: Set<string>): string {
  return maskPairs(text, { style: 'placeholder', found: secrets });
}

export function maskUrl(url: string, secrets?: Set<string>): string {
  return maskUrlWith(url, { style: 'placeholder', found: secrets });
}

export function scrubValues(text: string, secrets: Set<string>): string {
  return maskText(text, { style: 'placeholder', known: secrets });
}

export function maskExchange(exchange: HttpExchange, knownSecrets: Set<string> = new Set()): HttpExchange {
  return maskOne(exchange, { style: 'placeholder', known: knownSecrets });
}

/** The run's exchanges, masked unless `reveal` is set. */
export function prepareExchanges(
  exchanges: readonly HttpExchange[],
  options: ExportOptions = {},
): HttpExchange[] {
  if (options.reveal) return [...exchanges];
  return maskExchanges(exchanges, { style: 'placeholder' });
}
