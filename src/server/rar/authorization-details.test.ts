import { describe, expect, it } from 'vitest';
import { demoTenant } from '../tenant/demo.ts';
import { parseTenant, type Tenant } from '../tenant/schema.ts';
import {
  describeAuthorizationDetail,
  detailsPermit,
  parseAuthorizationDetails,
} from './authorization-details.ts';

function tenant(): Tenant {
  const result = parseTenant(demoTenant);
  if (!result.ok) throw new Error('demo tenant invalid');
  return result.tenant;
}

function refusal(raw: string, client = tenant().clients[0]): string {
  try {
    parseAuthorizationDetails(tenant(), client, raw);
  } catch (error) {
    const e = error as { code: string; description: string };
    expect(e.code).toBe('invalid_authorization_details');
    return e.description;
  }
  throw new Error('accepted');
}

describe('RFC 9396 authorization_details of type messages', () => {
  it('accepts actions read and write with the API as location, and nothing when absent', () => {
    const t = tenant();
    expect(parseAuthorizationDetails(t, t.clients[0], undefined)).toBeUndefined();
    expect(
      parseAuthorizationDetails(
        t,
        t.clients[0],
        '[{"type":"messages","actions":["read","write"],"locations":["https://api.example.com"]}]',
      ),
    ).toEqual([{ type: 'messages', actions: ['read', 'write'], locations: ['https://api.example.com'] }]);
  });

  it('refuses an unknown type, field or value, with a description naming it', () => {
    expect(refusal('[{"type":"payments","actions":["read"]}]')).toBe(
      "authorization_details[0]: unknown type 'payments' (supported: messages).",
    );
    expect(refusal('[{"type":"messages","actions":["read"],"datatypes":["x"]}]')).toBe(
      "authorization_details[0]: unknown field 'datatypes' (a messages detail has only type, actions and locations).",
    );
    expect(refusal('[{"type":"messages","actions":["delete"]}]')).toBe(
      "authorization_details[0]: actions may only be 'read' and 'write'.",
    );
    expect(refusal('[{"type":"messages","actions":["read"],"locations":["https://evil.example"]}]')).toBe(
      "authorization_details[0]: locations may only be 'https://api.example.com'.",
    );
    expect(refusal('[{"type":"messages","actions":[]}]')).toBe(
      "authorization_details[0]: actions must name at least one of 'read' and 'write'.",
    );
    expect(refusal('[{"type":"messages"}]')).toMatch(/^authorization_details\[0\]: /);
  });

  it('refuses what is not a JSON array of objects', () => {
    expect(refusal('nope')).toBe('authorization_details is not valid JSON.');
    expect(refusal('{"type":"messages"}')).toBe('authorization_details must be a JSON array.');
    expect(refusal('[]')).toBe('authorization_details must not be empty.');
    expect(refusal('[1]')).toBe('authorization_details[0] must be an object with a string type.');
  });

  it('limits a client that registered authorization_details_types to those', () => {
    const client = { ...tenant().clients[0], authorizationDetailsTypes: ['payments'] };
    expect(refusal('[{"type":"messages","actions":["read"]}]', client)).toBe(
      "authorization_details[0]: the client web-app may not use type 'messages'.",
    );
  });

  it('permits the actions granted at the API, and says them in words', () => {
    const read = [{ type: 'messages' as const, actions: ['read' as const] }];
    expect(detailsPermit(read, 'read')).toBe(true);
    expect(detailsPermit(read, 'write')).toBe(false);
    expect(detailsPermit(undefined, 'read')).toBe(false);
    expect(describeAuthorizationDetail(read[0])).toBe('Read your messages at https://api.example.com');
    expect(describeAuthorizationDetail({ type: 'messages', actions: ['write', 'read'] })).toBe(
      'Read and write your messages at https://api.example.com',
    );
  });
});
