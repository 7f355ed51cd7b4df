import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodedJwtLines } from './modern.ts';

describe('decodedJwtLines', () => {
  it('shows header and payload as pretty JSON, and the compact JWS as a secret', async () => {
    const jwt = await new SignJWT({ iss: 'c', aud: 'https://as.example/', name: 'Zoë' })
      .setProtectedHeader({ alg: 'HS256', typ: 'oauth-authz-req+jwt' })
      .sign(new TextEncoder().encode('k'.repeat(32)));
    expect(decodedJwtLines('Request object', jwt)).toEqual([
      {
        label: 'Request object: header',
        value: '{\n  "alg": "HS256",\n  "typ": "oauth-authz-req+jwt"\n}',
      },
      {
        label: 'Request object: payload',
        value: '{\n  "iss": "c",\n  "aud": "https://as.example/",\n  "name": "Zoë"\n}',
      },
      { label: 'Request object (compact JWS)', value: jwt, secret: true },
    ]);
  });

  it('says "(not JSON)" for a part that does not decode', () => {
    const lines = decodedJwtLines('Assertion', 'bm90IGpzb24.bm90IGpzb24.c2ln');
    expect(lines.slice(0, 2).map((l) => l.value)).toEqual(['(not JSON)', '(not JSON)']);
  });
});
