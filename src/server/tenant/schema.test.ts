import { describe, expect, it } from 'vitest';
import { demoTenant } from './demo.ts';
import { parseTenant, type TenantInput } from './schema.ts';

function withUris(uris: { redirect?: string[]; logout?: string[]; picture?: string }): TenantInput {
  const tenant = structuredClone(demoTenant);
  if (uris.redirect) tenant.clients[0].redirectUris = uris.redirect;
  if (uris.logout) tenant.clients[0].postLogoutRedirectUris = uris.logout;
  if (uris.picture) tenant.users[0].picture = uris.picture;
  return tenant;
}

const errorsOf = (tenant: TenantInput) => {
  const result = parseTenant(tenant);
  return result.ok ? [] : result.errors;
};

describe('tenant URIs (RFC 8252 §7)', () => {
  it('accepts {app}, https, loopback http and private-use schemes in redirect and logout URIs', () => {
    const good = [
      '{app}/callback',
      'https://app.example.com/callback',
      'http://localhost:3000/callback',
      'http://127.0.0.1:8080/cb',
      'http://[::1]:8080/cb',
      'com.example.app:/oauth2redirect',
      'com.example.app://callback',
    ];
    expect(errorsOf(withUris({ redirect: good, logout: good }))).toEqual([]);
  });

  it('refuses javascript:, data:, file:, non-loopback http: and schemes that are not reverse domains', () => {
    const bad = [
      'javascript:alert(document.domain)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'http://example.com/callback',
      'myapp://callback',
      'JavaScript:alert(1)',
    ];
    const errors = errorsOf(withUris({ redirect: bad, logout: ['http://192.168.1.5/'] }));
    expect(errors).toEqual([
      {
        path: 'clients.0.redirectUris.0',
        message:
          'javascript: URIs are not allowed: use https:, http: on loopback (localhost, 127.0.0.1, [::1]) or a private-use scheme such as com.example.app: (RFC 8252 §7)',
      },
      { path: 'clients.0.redirectUris.1', message: expect.stringMatching(/^data: URIs are not allowed/) },
      { path: 'clients.0.redirectUris.2', message: expect.stringMatching(/^file: URIs are not allowed/) },
      {
        path: 'clients.0.redirectUris.3',
        message:
          'http: is allowed only on loopback (localhost, 127.0.0.1, [::1]); use https: (RFC 8252 §8.3)',
      },
      {
        path: 'clients.0.redirectUris.4',
        message: expect.stringMatching(/^myapp: is not allowed: .*reverse domain name, RFC 8252 §7\.1/),
      },
      {
        path: 'clients.0.redirectUris.5',
        message: expect.stringMatching(/^javascript: URIs are not allowed/),
      },
      {
        path: 'clients.0.postLogoutRedirectUris.0',
        message: expect.stringMatching(/^http: is allowed only/),
      },
    ]);
  });

  it('allows a picture only on https or loopback http', () => {
    expect(errorsOf(withUris({ picture: 'http://localhost:4000/alice.png' }))).toEqual([]);
    for (const picture of ['javascript:alert(1)', 'data:image/svg+xml,<svg/>', 'com.example.app:/x']) {
      const errors = errorsOf(withUris({ picture }));
      expect(errors).toHaveLength(1);
      expect(errors[0].path).toBe('users.0.picture');
      expect(errors[0].message).toMatch(/ is not allowed|URIs are not allowed/);
      expect(errors[0].message).not.toContain('private-use');
    }
  });

  it('still refuses relative URIs and fragments', () => {
    const errors = errorsOf(withUris({ redirect: ['/callback', 'https://app.example.com/cb#x'] }));
    expect(errors.map((e) => e.message)).toEqual([
      'must be an absolute URI without a fragment (or start with {app})',
      'must be an absolute URI without a fragment (or start with {app})',
    ]);
  });
});
