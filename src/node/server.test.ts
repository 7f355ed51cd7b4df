import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTenant } from '../server/tenant/demo.ts';
import { parseCli } from './cli.ts';
import { type NodeHost, startNodeHost } from './host.ts';

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('parseCli (SPEC.md: port from --port or PORT, default 4000)', () => {
  it('reads --port N, --port=N, then PORT, then 4000', () => {
    expect(parseCli(['--port', '4100'], { PORT: '5000' }).port).toBe(4100);
    expect(parseCli(['--port=4101'], {}).port).toBe(4101);
    expect(parseCli([], { PORT: '5000' }).port).toBe(5000);
    expect(parseCli([], {}).port).toBe(4000);
  });

  it('refuses what is not a port', () => {
    for (const bad of ['0', '65536', 'abc', '12.5', '-1', '']) {
      expect(() => parseCli(['--port', bad], {})).toThrow(/Invalid port|needs a value/);
    }
  });

  it('takes the address only from --host, never from a HOST variable', () => {
    expect(parseCli([], { HOST: '0.0.0.0' })).toEqual({ port: 4000 });
    expect(parseCli(['--host', '0.0.0.0'], {}).host).toBe('0.0.0.0');
    expect(parseCli(['--host=[::1]'], {}).host).toBe('::1');
  });

  it('reads --tenant FILE and refuses unknown or empty arguments', () => {
    expect(parseCli(['--tenant', 'my tenant.json', '--port', '4100'], {})).toEqual({
      port: 4100,
      tenantFile: 'my tenant.json',
    });
    expect(() => parseCli(['--tennant', 'x.json'], {})).toThrow(/Unknown argument: --tennant/);
    expect(() => parseCli(['--tenant'], {})).toThrow(/--tenant needs a value/);
    expect(() => parseCli(['--tenant', '--port', '4100'], {})).toThrow(/--tenant needs a value/);
  });
});

describe('the Node host over real HTTP', () => {
  let host: NodeHost;
  beforeAll(async () => {
    host = await startNodeHost({ port: await freePort() });
  });
  afterAll(async () => {
    await host.close();
  });

  it('serves discovery with the issuer http://localhost:PORT/', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.issuer).toBe(`http://localhost:${host.port}/`);
    expect(doc.token_endpoint).toBe(`http://localhost:${host.port}/oauth/token`);
    expect(host.url).toBe(doc.issuer);
  });

  it('issues client credentials tokens as the README shows', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa('m2m:m2m-secret')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com',
    });
    expect(response.status).toBe(200);
    expect((await response.json()).token_type).toBe('Bearer');
  });

  it('keeps the login session in an HttpOnly, SameSite=Lax cookie', async () => {
    const authorize = new URL(`http://127.0.0.1:${host.port}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'web-app',
      redirect_uri: 'http://localhost:3000/callback',
      scope: 'openid',
    }).toString();
    let response = await fetch(authorize, { redirect: 'manual' });
    let html = response.status === 200 ? await response.text() : '';
    if (response.status === 302) {
      const location = new URL(response.headers.get('location') ?? '', authorize);
      html = await (await fetch(new URL(location.pathname + location.search, authorize))).text();
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const login = new URL(action, authorize);
    response = await fetch(new URL(login.pathname + login.search, authorize), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=alice%40example.com&password=wonderland',
      redirect: 'manual',
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('op_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('listens on both loopbacks: 127.0.0.1, [::1] and localhost reach it', async () => {
    expect(host.addresses).toEqual(['127.0.0.1', '::1']);
    for (const base of [`http://127.0.0.1:${host.port}`, `http://[::1]:${host.port}`, host.url]) {
      const response = await fetch(new URL('.well-known/openid-configuration', base));
      expect(response.status).toBe(200);
      expect((await response.json()).issuer).toBe(host.url);
    }
  });

  it('answers a request for another Host (DNS rebinding) with 421 and a JSON error', async () => {
    const status = await new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/admin/tenant',
          headers: { Host: `rebind.attacker.example:${host.port}` },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status.status).toBe(421);
    expect(status.type).toBe('application/json');
    expect(JSON.parse(status.body)).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a 10 MB streamed body with 413 without reading it all', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: '/oauth/token',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          req.destroy();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (error) => (sent >= 10 * 1024 * 1024 ? resolve(-1) : reject(error)));
      const write = () => {
        while (sent < 10 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', write);
            return;
          }
        }
        req.end();
      };
      write();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('npm run server (the built host)', () => {
  const outDir = 'node_modules/.tmp/node-host-test';
  const children: ChildProcess[] = [];
  let dir: string;
  beforeAll(async () => {
    execFileSync('node_modules/.bin/vite', ['build', '--ssr', 'src/node/server.ts', '--logLevel', 'warn'], {
      env: { ...process.env, OUT_DIR_NODE: outDir },
      stdio: 'ignore',
    });
    dir = await mkdtemp(join(tmpdir(), 'node-host-'));
  }, 120_000);
  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  /** Starts the built server; resolves with its first stdout line, or its exit code and stderr. */
  function run(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [`${outDir}/server.js`, ...args], {
      env: { ...process.env, ...env },
    });
    children.push(child);
    let output = '';
    let errors = '';
    child.stderr?.on('data', (data: Buffer) => {
      errors += data.toString();
    });
    return new Promise<{ child: ChildProcess; line?: string; code?: number | null; stderr: string }>(
      (resolve) => {
        child.stdout?.on('data', (data: Buffer) => {
          output += data.toString();
          if (output.includes('\n')) resolve({ child, line: output, stderr: errors });
        });
        child.on('exit', (code) => resolve({ child, code, stderr: errors }));
      },
    );
  }

  async function stopped(child: ChildProcess) {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    return child.exitCode;
  }

  it('prints "listening on http://localhost:PORT/" and answers discovery', async () => {
    const port = await freePort();
    const { child, line } = await run([], { PORT: String(port) });
    expect(line).toBe(`listening on http://localhost:${port}/\n`);
    const doc = await (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json();
    expect(doc.issuer).toBe(`http://localhost:${port}/`);
    expect(await stopped(child)).toBe(0);
  }, 60_000);

  it('ignores a HOST variable: still only on loopback', async () => {
    const port = await freePort();
    const { child, line } = await run(['--port', String(port)], { HOST: '0.0.0.0' });
    expect(line).toBe(`listening on http://localhost:${port}/\n`);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (outside) {
      const reached = await fetch(`http://${outside.address}:${port}/.well-known/openid-configuration`).then(
        () => true,
        () => false,
      );
      expect(reached).toBe(false);
    }
    expect((await fetch(`http://localhost:${port}/.well-known/openid-configuration`)).status).toBe(200);
    await stopped(child);
  }, 60_000);

  it('--tenant FILE serves the tenant of an exported file', async () => {
    const tenant = structuredClone(demoTenant);
    tenant.clients = tenant.clients.filter((c) => c.clientId !== 'm2m');
    tenant.clients.push({
      clientId: 'my-service',
      type: 'confidential',
      clientSecret: 'my-service-secret',
      grantTypes: ['client_credentials'],
      clientGrants: [{ audience: 'https://api.example.com', scopes: ['read:messages'] }],
    });
    const path = join(dir, 'tenant.json');
    await writeFile(path, `${JSON.stringify(tenant, null, 2)}\n`);
    const port = await freePort();
    const { child, line } = await run(['--port', String(port), '--tenant', path]);
    expect(line).toBe(`listening on http://localhost:${port}/\n`);
    const token = (id: string, secret: string) =>
      fetch(`http://localhost:${port}/oauth/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${btoa(`${id}:${secret}`)}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com',
      });
    const mine = await token('my-service', 'my-service-secret');
    expect(mine.status).toBe(200);
    expect((await mine.json()).scope).toBe('read:messages');
    expect((await token('m2m', 'm2m-secret')).status).toBe(401);
    await stopped(child);
  }, 60_000);

  it('--tenant with an invalid file prints each bad field and exits with 2', async () => {
    const tenant = structuredClone(demoTenant);
    tenant.clients[0].redirectUris = ['javascript:alert(1)'];
    tenant.users[0].email = 'alice';
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify(tenant));
    const { code, stderr } = await run(['--tenant', path]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        `The tenant file ${path} is not a valid tenant:`,
        '  users.0.email: must be an email address',
        '  clients.0.redirectUris.0: javascript: URIs are not allowed: use https:, http: on loopback (localhost, 127.0.0.1, [::1]) or a private-use scheme such as com.example.app: (RFC 8252 §7)',
        '',
      ].join('\n'),
    );
  }, 60_000);

  it('--tenant with a missing file, bad JSON or an unknown argument exits with 2', async () => {
    const missing = await run(['--tenant', join(dir, 'missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`Cannot read the tenant file ${join(dir, 'missing.json')}: no such file\n`);
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"clients": [');
    const broken = await run(['--tenant', path]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^The tenant file ${path} is not JSON: `));
    const unknown = await run(['--tennant', path]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown argument: --tennant\nUsage: npm run server -- /);
  }, 60_000);
});

describe('the Node adapter', () => {
  let host: NodeHost;
  beforeAll(async () => {
    host = await startNodeHost({ port: await freePort() });
  });
  afterAll(async () => {
    await host.close();
  });

  const raw = (text: string) =>
    new Promise<string>((resolve, reject) => {
      import('node:net').then(({ connect }) => {
        const socket = connect(host.port, '127.0.0.1', () => socket.end(text));
        let answer = '';
        socket.on('data', (d) => {
          answer += d.toString();
        });
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    });

  it('keeps a path that starts with // on this server', async () => {
    const answer = await raw(
      `GET //evil.example/.well-known/jwks.json HTTP/1.1\r\nHost: localhost:${host.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 404/);
  });

  it('answers HEAD without a body', async () => {
    const head = await fetch(`http://127.0.0.1:${host.port}/.well-known/openid-configuration`, {
      method: 'HEAD',
    });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 413 to a declared Content-Length over 64 KiB and closes the connection', async () => {
    const answer = await raw(
      `POST /oauth/token HTTP/1.1\r\nHost: localhost:${host.port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n${'a'.repeat(70 * 1024)}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});
