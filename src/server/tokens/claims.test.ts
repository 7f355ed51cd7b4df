import { describe, expect, it } from 'vitest';
import { demoTenant } from '../tenant/demo.ts';
import { parseTenant, type User } from '../tenant/schema.ts';
import { scopesOfClaims, USER_CLAIMS, userClaims } from './claims.ts';

const parsed = parseTenant(demoTenant);
if (!parsed.ok) throw new Error('demo tenant');
const [alice, bob] = parsed.tenant.users;

describe('userClaims (OIDC Core §5.1, §5.4, §5.5)', () => {
  it('gives only sub for openid', () => {
    expect(userClaims(alice, ['openid'])).toEqual({ sub: 'auth0|alice' });
  });

  it('gives the address scope the address object, by its OIDC member names', () => {
    expect(userClaims(alice, ['openid', 'address'])).toEqual({
      sub: 'auth0|alice',
      address: {
        formatted: '1 Rabbit Hole Lane\nOxford OX1 1DP\nUnited Kingdom',
        street_address: '1 Rabbit Hole Lane',
        locality: 'Oxford',
        region: 'Oxfordshire',
        postal_code: 'OX1 1DP',
        country: 'United Kingdom',
      },
    });
  });

  it('gives the phone scope phone_number and phone_number_verified', () => {
    expect(userClaims(alice, ['openid', 'phone'])).toEqual({
      sub: 'auth0|alice',
      phone_number: '+441632960001',
      phone_number_verified: true,
    });
    expect(userClaims(bob, ['phone'])).toEqual({
      sub: 'auth0|bob',
      phone_number: '+12175550100',
      phone_number_verified: false,
    });
  });

  it('adds the claims a claims request names, and ignores names it does not know', () => {
    expect(
      userClaims(alice, ['openid'], { name: { essential: true }, email: null, shoe_size: null }),
    ).toEqual({
      sub: 'auth0|alice',
      name: 'Alice Liddell',
      email: 'alice@example.com',
    });
  });

  it('leaves out what a user does not have instead of sending null or ""', () => {
    const plain: User = {
      ...alice,
      picture: undefined,
      middleName: undefined,
      address: undefined,
      phoneNumber: undefined,
    };
    const claims = userClaims(plain, ['openid', 'profile', 'address', 'phone']);
    expect(claims).not.toHaveProperty('picture');
    expect(claims).not.toHaveProperty('middle_name');
    expect(claims).not.toHaveProperty('address');
    expect(claims).not.toHaveProperty('phone_number');
    expect(claims).not.toHaveProperty('phone_number_verified');
    expect(claims.name).toBe('Alice Liddell');
  });

  it('lists every claim a user can have, and maps a claims request back to its scopes', () => {
    expect(USER_CLAIMS).toEqual(
      expect.arrayContaining(['sub', 'address', 'phone_number', 'birthdate', 'email']),
    );
    expect(scopesOfClaims({ userinfo: { name: null }, id_token: { phone_number: null, acr: null } })).toEqual(
      ['profile', 'phone'],
    );
    expect(scopesOfClaims(undefined)).toEqual([]);
  });
});
