import { describe, expect, it } from 'vitest';
import { CLAIMS, explainClaim, explainHeaderParameter } from './claims.ts';
import { formatDuration, formatNumericDate, formatRelative, lifetimeAt } from './lifetime.ts';

describe('lifetimeAt', () => {
  it('places now within iat..exp', () => {
    expect(lifetimeAt({ iat: 1000, exp: 2000 }, 1250)).toEqual({
      issuedAt: 1000,
      notBefore: undefined,
      expiresAt: 2000,
      total: 1000,
      remaining: 750,
      elapsedFraction: 0.25,
      state: 'valid',
    });
  });

  it('clamps after expiry and before nbf', () => {
    expect(lifetimeAt({ iat: 1000, exp: 2000 }, 2500)).toMatchObject({
      remaining: -500,
      elapsedFraction: 1,
      state: 'expired',
    });
    expect(lifetimeAt({ iat: 1000, nbf: 1500, exp: 2000 }, 1200)).toMatchObject({
      total: 500,
      elapsedFraction: 0,
      state: 'not-yet-valid',
    });
  });

  it('has no bar without exp and no fraction without a start', () => {
    expect(lifetimeAt({ iat: 1000 }, 1200)).toBeUndefined();
    expect(lifetimeAt({ exp: 2000 }, 1200)).toMatchObject({
      total: undefined,
      elapsedFraction: undefined,
      remaining: 800,
    });
    expect(lifetimeAt({ exp: 'soon' }, 1200)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats durations with at most three units', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59.9)).toBe('59 s');
    expect(formatDuration(86400)).toBe('1 d');
    expect(formatDuration(90061)).toBe('1 d 1 h 1 min');
    expect(formatDuration(-3605)).toBe('1 h 5 s');
  });

  it('formats NumericDates in UTC and relative to now', () => {
    expect(formatNumericDate(1_800_000_000)).toBe('2027-01-15 08:00:00 UTC');
    expect(formatNumericDate(1e20)).toBe('not a valid date');
    expect(formatRelative(1100, 1000)).toBe('in 1 min 40 s');
    expect(formatRelative(900, 1000)).toBe('1 min 40 s ago');
    expect(formatRelative(1000, 1000)).toBe('now');
  });
});

describe('claim dictionary', () => {
  it('explains registered, OIDC and Auth0 claims with a spec link', () => {
    for (const name of [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'nbf',
      'jti',
      'azp',
      'scope',
      'gty',
      'client_id',
    ]) {
      expect(explainClaim(name)?.spec.url).toMatch(/^https:\/\//);
    }
    for (const name of ['auth_time', 'nonce', 'at_hash', 'c_hash', 'name', 'email', 'email_verified']) {
      expect(explainClaim(name)?.description.length).toBeGreaterThan(10);
    }
    expect(explainClaim('exp')?.spec).toEqual({
      title: 'RFC 7519 §4.1.4',
      url: 'https://www.rfc-editor.org/rfc/rfc7519.html#section-4.1.4',
    });
    expect(explainHeaderParameter('typ')?.label).toBe('Type');
  });

  it('keeps every explanation to one line and does not answer for inherited names', () => {
    for (const info of Object.values(CLAIMS)) expect(info.description).not.toContain('\n');
    expect(explainClaim('toString')).toBeUndefined();
    expect(explainClaim('__proto__')).toBeUndefined();
  });
});
