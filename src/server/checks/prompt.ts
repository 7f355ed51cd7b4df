import { oauthError } from '../errors.ts';
import type { Tenant } from '../tenant/schema.ts';
import type { AuthorizeParams } from './authorize-params.ts';
import type { Prompt } from './authorize-request.ts';

const prompts: readonly string[] = ['none', 'login', 'consent'];

/** OIDC Core §3.1.2.1: `prompt` values; `none` with any other value is an error. */
export function checkPrompt(params: AuthorizeParams): Prompt[] {
  const values = [...new Set((params.values.get('prompt') ?? '').split(' ').filter(Boolean))];
  const unknown = values.find((p) => !prompts.includes(p));
  if (unknown !== undefined) throw oauthError('invalid_request', `Unsupported prompt value: ${unknown}`);
  if (values.includes('none') && values.length > 1)
    throw oauthError('invalid_request', 'prompt=none must not be combined with other prompt values.');
  return values as Prompt[];
}

/** OIDC Core §3.1.2.1: `max_age`, the allowable elapsed time in seconds since the last active authentication. */
export function checkMaxAge(params: AuthorizeParams): number | undefined {
  const value = params.values.get('max_age');
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value))
    throw oauthError('invalid_request', 'max_age must be a non-negative integer.');
  return Number(value);
}

/** Auth0: `connection` names the connection to log in with; it must exist. */
export function checkConnection(tenant: Tenant, params: AuthorizeParams): string | undefined {
  const connection = params.values.get('connection');
  if (connection === undefined) return undefined;
  if (!tenant.connections.some((c) => c.name === connection))
    throw oauthError('invalid_request', `Connection not found: ${connection}`);
  return connection;
}
