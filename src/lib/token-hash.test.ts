import { describe, expect, it } from 'vitest';
import { hashForAlg, leftHalfHash } from './token-hash.ts';

describe('at_hash / c_hash (OIDC Core §3.3.2.11)', () => {
  it('matches the examples of OIDC Core Appendix A.4 (RS256: left half of SHA-256)', async () => {
    expect(await leftHalfHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe(
      '77QmUPtjPfzWtF2AnpK9RQ',
    );
    expect(await leftHalfHash('Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk', 'RS256')).toBe(
      'LDktKdoQak3Pk0cnXxCltA',
    );
  });

  it('takes the hash of the alg: 16, 24 or 32 bytes, base64url without padding', async () => {
    expect(hashForAlg('ES384')).toBe('SHA-384');
    expect(hashForAlg('EdDSA')).toBe('SHA-512');
    expect(hashForAlg('none')).toBeUndefined();
    expect(await leftHalfHash('x', 'RS256')).toMatch(/^[\w-]{22}$/);
    expect(await leftHalfHash('x', 'PS384')).toMatch(/^[\w-]{32}$/);
    expect(await leftHalfHash('x', 'ES512')).toMatch(/^[\w-]{43}$/);
    expect(await leftHalfHash('x', 'none')).toBeUndefined();
  });
});
