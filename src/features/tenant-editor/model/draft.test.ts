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
  optionalList,
  optionalText,
  parseClientGrants,
  parseLines,
  parseScopes,
  withAddressPart,
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

  it('unsets an emptied optional value, list or address, so that the tenant stays valid', () => {
    expect(optionalText('')).toBeUndefined();
    expect(optionalText('+14255551212')).toBe('+14255551212');
    expect(optionalList([])).toBeUndefined();
    expect(optionalList(['payment_initiation'])).toEqual(['payment_initiation']);
    expect(withAddressPart(undefined, 'locality', 'Oxford')).toEqual({ locality: 'Oxford' });
    expect(withAddressPart({ locality: 'Oxford', country: 'UK' }, 'locality', '')).toEqual({ country: 'UK' });
    expect(withAddressPart({ country: 'UK' }, 'country', '')).toBeUndefined();

    const tenant = demo();
    const [first, ...rest] = tenant.users;
    if (!first) throw new Error('no demo user');
    const user = {
      ...first,
      phoneNumber: optionalText(''),
      address: withAddressPart(withAddressPart(first.address, 'streetAddress', ''), 'postalCode', ''),
    };
    const client = { ...tenant.clients[0], authorizationDetailsTypes: optionalList([]) };
    const edited = { ...tenant, users: [user, ...rest], clients: [client, ...tenant.clients.slice(1)] };
    const parsed = parseTenant(edited);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('refuses a phone number that is not E.164, naming its path', () => {
    const tenant = demo();
    const [first, ...rest] = tenant.users;
    if (!first) throw new Error('no demo user');
    const parsed = parseTenant({ ...tenant, users: [{ ...first, phoneNumber: '4255551212' }, ...rest] });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { path: 'users.0.phoneNumber', message: 'must be an E.164 number such as +14255551212' },
    ]);
  });
});
