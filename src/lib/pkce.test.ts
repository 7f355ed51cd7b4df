import { describe, expect, it } from 'vitest';
import { createCodeVerifier, deriveCodeChallenge, sha256Hex } from './pkce.ts';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B', async () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(await deriveCodeChallenge(verifier, 'S256')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(await sha256Hex(verifier)).toBe(
      '13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3',
    );
  });

  it('plain: the challenge is the verifier', async () => {
    expect(await deriveCodeChallenge('abc', 'plain')).toBe('abc');
  });

  it('verifiers are 43 characters of the unreserved set (RFC 7636 §4.1)', () => {
    const verifier = createCodeVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(createCodeVerifier()).not.toBe(verifier);
  });
});
