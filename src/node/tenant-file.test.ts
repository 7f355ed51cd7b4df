import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoTenant } from '../server/tenant/demo.ts';
import { describeTenantFileError, readTenantFile } from './tenant-file.ts';

describe('readTenantFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tenant-file-'));
  });
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it('reads a tenant as the editor exports it (pretty JSON, {app} placeholders kept)', async () => {
    const path = await file('ok.json', `${JSON.stringify(demoTenant, null, 2)}\n`);
    const result = await readTenantFile(path);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.tenant.clients.map((c) => c.clientId)).toContain('m2m');
      expect(result.tenant.clients[0].redirectUris[0]).toBe('{app}/callback');
    }
  });

  it('names each bad field of an invalid tenant', async () => {
    const bad = structuredClone(demoTenant) as Record<string, unknown> & typeof demoTenant;
    bad.clients[0].redirectUris = ['javascript:alert(1)'];
    bad.users[1].email = 'not an email';
    const path = await file('bad.json', JSON.stringify(bad));
    const result = await readTenantFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['users.1.email', 'clients.0.redirectUris.0']);
    const text = describeTenantFileError(result);
    expect(text.split('\n')[0]).toBe(`The tenant file ${path} is not a valid tenant:`);
    expect(text).toContain('  users.1.email: must be an email address');
    expect(text).toMatch(/ {2}clients\.0\.redirectUris\.0: .*javascript:/);
  });

  it('says clearly when the file is missing, a directory, or not JSON', async () => {
    const missing = await readTenantFile(join(dir, 'nope.json'));
    expect(missing).toEqual({
      ok: false,
      problem: `Cannot read the tenant file ${join(dir, 'nope.json')}: no such file`,
      errors: [],
    });
    const directory = await readTenantFile(dir);
    expect(directory.ok === false && directory.problem).toMatch(/: it is a directory$/);
    const broken = await readTenantFile(await file('broken.json', '{"users": ['));
    expect(broken.ok === false && broken.problem).toMatch(/is not JSON: /);
    const empty = await readTenantFile(await file('empty.json', '[]'));
    expect(empty.ok === false && empty.errors.length).toBeGreaterThan(0);
  });
});
