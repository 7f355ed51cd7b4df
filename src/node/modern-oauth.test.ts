import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHost, startNodeHost } from './host.ts';

/** A port of 12000-12999 that is free now. */
async function startOnFreePort(): Promise<NodeHost> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startNodeHost({ port: 12000 + Math.floor(Math.random() * 1000) });
    } catch (error) {
      if (attempt > 20) throw error;
    }
  }
}

describe('the Node host: registration and pushed requests as the README shows them', () => {
  let host: NodeHost;
  beforeAll(async () => {
    host = await startOnFreePort();
  });
  afterAll(async () => {
    await host.close();
  });

  it('registers a client with a JSON POST to /oidc/register', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/oidc/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: 'My app',
        redirect_uris: ['http://localhost:3000/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
      }),
    });
    expect(response.status).toBe(201);
    const client = await response.json();
    expect(client).toMatchObject({
      client_name: 'My app',
      token_endpoint_auth_method: 'client_secret_basic',
      client_secret_expires_at: 0,
    });
    // The new client pushes a request with its secret, and /authorize takes the request_uri.
    const par = await fetch(`http://127.0.0.1:${host.port}/oauth/par`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa(`${client.client_id}:${client.client_secret}`)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        response_type: 'code',
        redirect_uri: 'http://localhost:3000/callback',
        scope: 'openid profile',
      }),
    });
    expect(par.status).toBe(201);
    const { request_uri } = await par.json();
    const authorize = await fetch(
      `http://127.0.0.1:${host.port}/authorize?${new URLSearchParams({ client_id: client.client_id, request_uri })}`,
      { redirect: 'manual' },
    );
    expect(authorize.status).toBe(302);
    expect(authorize.headers.get('location')).toMatch(/\/u\/login\//);
  });

  it('pushes an authorization request for web-app to /oauth/par', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/oauth/par`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa('web-app:web-app-secret')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'response_type=code&redirect_uri=http://localhost:3000/callback&scope=openid%20profile',
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(body.expires_in).toBe(60);
  });
});
