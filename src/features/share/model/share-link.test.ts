import { describe, expect, it } from 'vitest';
import { demoTenant } from '../../../server/tenant/demo.ts';
import { applyMergePatch, createMergePatch } from './merge-patch.ts';
import { makeShareLink, parseShareLink } from './share-link.ts';
import { applyTenantChanges, tenantChanges } from './tenant-changes.ts';

const APP = 'http://localhost:4173/playground/';

function editedTenant() {
  const tenant = structuredClone(demoTenant);
  tenant.users.push({
    id: 'auth0|carol',
    email: 'carol@example.com',
    password: 'secret-carol',
    name: 'Carol',
  });
  tenant.clients[1].redirectUris = [...(tenant.clients[1].redirectUris ?? []), 'http://localhost:8080/cb'];
  tenant.clients[0].clientSecret = 'rotated-secret';
  tenant.idTokenLifetime = 600;
  return tenant;
}

describe('merge patch (RFC 7396)', () => {
  it('round-trips: apply(from, diff(from, to)) equals to', () => {
    const from = { a: 1, b: { c: 2, d: 3 }, e: [1, 2] };
    const to = { a: 1, b: { c: 5 }, e: [1], f: 'new' };
    const patch = createMergePatch(from, to);
    expect(patch).toEqual({ b: { c: 5, d: null }, e: [1], f: 'new' });
    expect(applyMergePatch(from, patch)).toEqual(to);
  });

  it('ignores __proto__ in a patch', () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true},"ok":1}'));
    expect(result).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('share link', () => {
  it('carries flow, parameters, step and tenant changes, and no secret', async () => {
    const changes = tenantChanges(demoTenant, editedTenant());
    const link = await makeShareLink(APP, {
      flowId: 'auth-code',
      params: {
        client_id: 'web-app',
        client_secret: 'rotated-secret',
        scope: 'openid profile',
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        subject_token: 'eyJhbGciOi.eyJzdWIi.sig',
        custom_hint: 'eyJhbGciOi.eyJzdWIi.sig',
        password: 'wonderland',
      },
      stepId: 'token',
      tenantPatch: changes.patch,
    });
    const url = new URL(link.url);
    expect(url.origin + url.pathname).toBe('http://localhost:4173/playground/flows/auth-code');
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'scope', 'step', 'tenant']);
    for (const secret of ['rotated-secret', 'secret-carol', 'wonderland', 'dBjftJeZ4CVP', 'eyJhbGciOi'])
      expect(decodeURIComponent(link.url)).not.toContain(secret);
    expect(link.omitted.map((o) => o.what)).toEqual(
      expect.arrayContaining([
        'the parameter client_secret',
        'the parameter code_verifier',
        'the parameter subject_token',
        'the parameter custom_hint',
        'the parameter password',
        'tokens, codes and the PKCE verifier of this run',
      ]),
    );
    expect(changes.stripped).toEqual([
      { kind: 'password', owner: 'carol@example.com' },
      { kind: 'client_secret', owner: 'web-app' },
    ]);

    const parsed = await parseShareLink(link.url, APP);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.link.flowId).toBe('auth-code');
    expect(parsed.link.params).toEqual({ client_id: 'web-app', scope: 'openid profile' });
    expect(parsed.link.stepId).toBe('token');
    expect(parsed.link.ignored).toEqual([]);

    const applied = applyTenantChanges(demoTenant, parsed.link.tenantPatch ?? {}, demoTenant);
    if (!applied.ok) throw new Error(JSON.stringify(applied.errors));
    expect(applied.tenant.idTokenLifetime).toBe(600);
    expect(applied.tenant.clients[1].redirectUris).toContain('http://localhost:8080/cb');
    expect(applied.tenant.users.map((u) => u.email)).toContain('carol@example.com');
    // Secrets: the receiver's own (here the demo's) where known, made up and listed where not.
    expect(applied.tenant.clients[0].clientSecret).toBe('web-app-secret');
    expect(applied.tenant.users[0].password).toBe('wonderland');
    expect(applied.filled).toEqual([
      { kind: 'password', owner: 'carol@example.com', value: applied.tenant.users[2].password },
    ]);
  });

  it('has no tenant part for the demo tenant', async () => {
    expect(tenantChanges(demoTenant, structuredClone(demoTenant)).patch).toBeNull();
    const link = await makeShareLink(APP, { flowId: 'device', params: { scope: 'openid' } });
    expect(link.url).toBe('http://localhost:4173/playground/flows/device?scope=openid');
  });

  it('refuses an unknown flow when making a link', async () => {
    await expect(makeShareLink(APP, { flowId: 'evil', params: {} })).rejects.toThrow('Unknown flow: evil');
  });
});

describe('parsing a damaged or tampered link', () => {
  async function linkWithTenant() {
    const { patch } = tenantChanges(demoTenant, editedTenant());
    return (await makeShareLink(APP, { flowId: 'auth-code-pkce', params: {}, tenantPatch: patch })).url;
  }
  const error = async (href: string) => {
    const parsed = await parseShareLink(href, APP);
    return parsed.ok ? null : parsed.error;
  };

  it('names the problem for each kind of damage', async () => {
    const good = await linkWithTenant();
    const tenant = new URL(good).searchParams.get('tenant') ?? '';
    const withTenant = (value: string) => {
      const url = new URL(good);
      url.searchParams.set('tenant', value);
      return url.href;
    };
    expect(await error(good)).toBeNull();
    expect(await error(withTenant(tenant.slice(0, 40)))).toBe(
      'The tenant changes in this link cannot be used: it is incomplete (was the link cut off?).',
    );
    const [prefix, data, sum] = [tenant.slice(0, 3), tenant.slice(3).split('.')[0], tenant.split('.').at(-1)];
    const flipped = data.slice(0, 10) + (data[10] === 'A' ? 'B' : 'A') + data.slice(11);
    expect(await error(withTenant(`${prefix}${flipped}.${sum}`))).toMatch(
      /^The tenant changes in this link cannot be used: (its checksum does not match|its compressed data is damaged)/,
    );
    expect(await error(withTenant(`${prefix}${data.slice(0, 30)}.${sum}`))).toMatch(
      /cannot be used: (its compressed data is damaged|its checksum does not match)/,
    );
    expect(await error(withTenant('z1.@@@.abc'))).toBe(
      'The tenant changes in this link cannot be used: it contains characters that base64url does not use.',
    );
    expect(await error(withTenant('{"users":[]}'))).toBe(
      'The tenant changes in this link cannot be used: it is not in a format this playground knows.',
    );
    expect(await error('http://localhost:4173/playground/flows/<script>')).toBe(
      'This link names a flow this playground does not have: "<script>".',
    );
    expect(await error('http://localhost:4173/elsewhere/flows/auth-code')).toBe(
      'This is not a share link: its path should start with /playground/flows/.',
    );
    expect(await error(`${good}&x=${'a'.repeat(20_000)}`)).toBe('This link is too long to be a share link.');
  });

  it('refuses a patch that inflates beyond the limit (a zip bomb)', async () => {
    const { deflateToBase64Url, checksum } = await import('./codec.ts');
    const huge = JSON.stringify({ name: 'x'.repeat(400_000) });
    const value = `z1.${await deflateToBase64Url(huge)}.${await checksum(huge)}`;
    expect(await error(`${APP}flows/auth-code?tenant=${value}`)).toBe(
      'The tenant changes in this link cannot be used: it unpacks to more than 256 KB.',
    );
  });

  it('ignores secrets, odd names and duplicates, and says so', async () => {
    const parsed = await parseShareLink(
      `${APP}flows/password?username=alice%40example.com&password=wonderland&scope=a&scope=b&step=../../x&%3Cb%3E=1`,
      APP,
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.link.params).toEqual({ username: 'alice@example.com', scope: 'a' });
    expect(parsed.link.ignored).toEqual([
      'password (secrets and tokens are never taken from a link)',
      'scope given twice (the first one is used)',
      'the step (not a step name)',
      'a parameter with an unusual name or length (<b>)',
    ]);
  });

  it('reports field errors for a patch that makes an invalid tenant', () => {
    const applied = applyTenantChanges(
      demoTenant,
      { idTokenLifetime: -5, clients: [{ clientId: '' }] },
      demoTenant,
    );
    expect(applied.ok).toBe(false);
    if (applied.ok) return;
    expect(applied.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['clients.0.clientId', 'clients.0.type', 'idTokenLifetime']),
    );
  });
});
