import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHost, portFrom, startNodeHost } from './host.ts';

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

describe('portFrom (SPEC.md: port from --port or PORT, default 4000)', () => {
  it('reads --port N, --port=N, then PORT, then 4000', () => {
    expect(portFrom(['--port', '4100'], { PORT: '5000' })).toBe(4100);
    expect(portFrom(['--port=4101'], {})).toBe(4101);
    expect(portFrom([], { PORT: '5000' })).toBe(5000);
    expect(portFrom([], {})).toBe(4000);
  });

  it('refuses what is not a port', () => {
    for (const bad of ['0', '65536', 'abc', '12.5', '-1', '']) {
      expect(() => portFrom(['--port', bad], {})).toThrow(/Invalid port/);
    }
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
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('prints "listening on http://localhost:PORT/" and answers discovery', async () => {
    execFileSync('node_modules/.bin/vite', ['build', '--ssr', 'src/node/server.ts', '--logLevel', 'warn'], {
      env: { ...process.env, OUT_DIR_NODE: outDir },
      stdio: 'ignore',
    });
    const port = await freePort();
    child = spawn(process.execPath, [`${outDir}/server.js`], { env: { ...process.env, PORT: String(port) } });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child?.stdout?.on('data', (data: Buffer) => {
        output += data.toString();
        if (output.includes('\n')) resolve();
      });
      child?.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
    expect(output).toBe(`listening on http://localhost:${port}/\n`);
    const doc = await (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json();
    expect(doc.issuer).toBe(`http://localhost:${port}/`);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    child = undefined;
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
      'GET //evil.example/.well-known/jwks.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
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
      `POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n${'a'.repeat(70 * 1024)}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});
