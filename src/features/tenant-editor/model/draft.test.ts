import { describe, expect, it } from 'vitest';
import { demoTenant } from '../../../server/tenant/demo.ts';
import { parseTenant } from '../../../server/tenant/schema.ts';
import {
  errorsUnder,
  formatClientGrants,
  formatScopes,
  newApi,
  newClient,
  newUser,
  parseClientGrants,
  parseLines,
  parseScopes,
} from './draft.ts';

function demo() {
  const parsed = parseTenant(demoTenant);
  if (!parsed.ok) throw new Error('demo tenant invalid');
  return parsed.tenant;
}

describe('tenant editor model', () => {
  it('finds the errors of a field and its children', () => {
    const errors = [
      { path: 'clients.1.redirectUris.0', message: 'bad' },
      { path: 'clients.10.clientId', message: 'dup' },
      { path: 'clients.1', message: 'x' },
    ];
    expect(errorsUnder(errors, 'clients.1').map((e) => e.path)).toEqual([
      'clients.1.redirectUris.0',
      'clients.1',
    ]);
  });

  it('parses line lists, scopes and client grants both ways', () => {
    expect(parseLines(' a \n\n b\n')).toEqual(['a', 'b']);
    const scopes = [
      { value: 'read:messages', description: 'Read your messages' },
      { value: 'admin', description: '' },
    ];
    expect(parseScopes(formatScopes(scopes))).toEqual(scopes);
    const grants = [{ audience: 'https://api.example.com', scopes: ['read:messages', 'write:messages'] }];
    expect(formatClientGrants(grants)).toBe('https://api.example.com read:messages write:messages');
    expect(parseClientGrants(formatClientGrants(grants))).toEqual(grants);
  });

  it('adds a client, a user and an API that keep the tenant valid', () => {
    const tenant = demo();
    const next = {
      ...tenant,
      clients: [...tenant.clients, newClient(tenant)],
      users: [...tenant.users, newUser(tenant)],
      apis: [...tenant.apis, newApi(tenant)],
    };
    const again = { ...next, clients: [...next.clients, newClient(next)] };
    const parsed = parseTenant(again);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(again.clients.slice(-2).map((c) => c.clientId)).toEqual(['new-client', 'new-client-2']);
  });
});
