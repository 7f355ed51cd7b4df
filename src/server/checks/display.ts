import { oauthError } from '../errors.ts';
import type { AuthorizeParams } from './authorize-params.ts';

/** OIDC Core §3.1.2.1: the `display` values; the server's pages are responsive, so each is honoured. */
export const DISPLAY_VALUES = ['page', 'popup', 'touch', 'wap'] as const;

export function checkDisplay(params: AuthorizeParams): void {
  const display = params.values.get('display');
  if (display !== undefined && !(DISPLAY_VALUES as readonly string[]).includes(display))
    throw oauthError(
      'invalid_request',
      `Unsupported display value: ${display} (supported: ${DISPLAY_VALUES.join(', ')}).`,
    );
}
