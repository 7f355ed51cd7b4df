import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { headerValue } from '../../../lib/http/headers.ts';
import { jsonBody } from '../../../lib/http/send.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { errorMessage } from './common.ts';
import type { PresetOutcome, PresetScript, StepReport } from './types.ts';

/** Helpers for error presets (see `ErrorPreset` in types.ts). */

/** Thrown by a preset when a step that should succeed did not: the preset stops and says why. */
export class PresetStopped extends Error {
  override name = 'PresetStopped';
}

export function setQuery(draft: HttpRequestDraft, name: string, value: string | null): HttpRequestDraft {
  const url = new URL(draft.url);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return { ...draft, url: url.href };
}

export function setForm(draft: HttpRequestDraft, name: string, value: string): HttpRequestDraft {
  const body = new URLSearchParams(draft.body ?? '');
  body.set(name, value);
  return { ...draft, body: body.toString() };
}

/** Stops the preset when a step that should succeed did not. */
export function expectOk(result: StepReport | undefined, what: string): void {
  if (result?.status !== 'ok')
    throw new PresetStopped(`${what} did not succeed: ${result?.message ?? 'no result'}`);
}

/** The error a failed step reported, with its exchange. */
export function failed(result: StepReport | undefined): PresetOutcome {
  return { error: result?.message ?? 'no result', exchange: result?.exchange };
}

/** The error of a response: the OAuth error JSON, and the API's WWW-Authenticate (RFC 6750 §3). */
export function exchangeError(exchange: HttpExchange): PresetOutcome {
  const challenge = headerValue(exchange.response.headers, 'www-authenticate');
  const base = errorMessage(exchange, jsonBody(exchange));
  return { error: challenge !== undefined ? `${base} (WWW-Authenticate: ${challenge})` : base, exchange };
}

/** The text of an HTML error page, for display (parsed, never rendered). */
export function pageText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const main = doc.querySelector('main') ?? doc.body;
  return (main?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 400);
}

/** Runs every step of a flow that ends with tokens (PKCE, authorize, token) and expects each to succeed. */
export async function stepsOk(script: PresetScript, steps: readonly [string, string][]): Promise<void> {
  for (const [stepId, what] of steps) expectOk(await script.step(stepId), what);
}

export const LOGIN_HINT = 'Log in as alice@example.com / wonderland in the frame if it asks.';
