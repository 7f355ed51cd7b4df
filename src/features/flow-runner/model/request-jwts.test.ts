import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../shared/trace.ts';
import { requestJwts } from './request-jwts.ts';

const { privateKey } = await generateKeyPair('ES256');
const sign = (typ: string, claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ }).sign(privateKey);

function exchange(request: Partial<HttpExchange['request']>): HttpExchange {
  return {
    id: 'x',
    source: 'app',
    request: {
      method: 'POST',
      url: 'http://localhost/server/oauth/token',
      headers: [],
      body: null,
      ...request,
    },
    response: { status: 200, statusText: 'OK', headers: [], body: '' },
  } as unknown as HttpExchange;
}

describe('requestJwts', () => {
  it('decodes the DPoP proof, the client assertion and a request object, never the Authorization token', async () => {
    const proof = await sign('dpop+jwt', {
      htm: 'POST',
      htu: 'http://localhost/server/oauth/token',
      jti: 'j1',
    });
    const assertion = await sign('JWT', { iss: 'c1', sub: 'c1', aud: 'http://localhost/server/' });
    const requestObject = await sign('oauth-authz-req+jwt', { client_id: 'c1', scope: 'openid' });
    const issued = await sign('at+jwt', { sub: 'alice' });
    const found = requestJwts(
      exchange({
        url: `http://localhost/server/authorize?client_id=c1&request=${requestObject}`,
        headers: [
          ['DPoP', proof],
          ['Authorization', `DPoP ${issued}`],
          ['Content-Type', 'application/x-www-form-urlencoded'],
        ],
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion: assertion,
        }).toString(),
      }),
    );
    expect(found.map((jwt) => jwt.where)).toEqual(['query request', 'DPoP header', 'form client_assertion']);
    expect(JSON.parse(found[1]?.header ?? '')).toEqual({ alg: 'ES256', typ: 'dpop+jwt' });
    expect(JSON.parse(found[1]?.payload ?? '')).toMatchObject({ htm: 'POST', jti: 'j1' });
    expect(JSON.parse(found[0]?.payload ?? '')).toEqual({ client_id: 'c1', scope: 'openid' });
    // The decoded text carries no signature.
    for (const jwt of found) expect(`${jwt.header}${jwt.payload}`).not.toContain(proof.split('.')[2]);
  });

  it('ignores what is not a JWT, and a JWT whose header is not JSON', () => {
    expect(
      requestJwts(
        exchange({
          url: 'http://localhost/server/authorize?state=eyJhbGciOi&x=eyJub3Q.eyJ.',
          body: '{"request":"eyJ"}',
        }),
      ),
    ).toEqual([]);
  });
});
