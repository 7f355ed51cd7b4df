import { describe, expect, it } from 'vitest';
import { flows } from './registry.ts';

describe('the flow definitions', () => {
  it('has the eight RFC 6749 era flows and the modern ones, each with unique step and parameter names', () => {
    expect(flows.map((f) => f.id).sort()).toEqual(
      [
        'auth-code',
        'auth-code-pkce',
        'client-credentials',
        'device',
        'implicit',
        'password',
        'refresh-token',
        'token-exchange',
        'auth-code-par',
        'jar',
        'private-key-jwt',
        'ciba',
        'rar',
        'hybrid',
        'dpop',
        'fapi2',
      ].sort(),
    );
    for (const flow of flows) {
      expect(flow.steps.length).toBeGreaterThan(0);
      expect(new Set(flow.steps.map((s) => s.id)).size).toBe(flow.steps.length);
      expect(new Set(flow.params.map((p) => p.name)).size).toBe(flow.params.length);
      for (const step of flow.steps) {
        expect(step.rfc.length, `${flow.id}/${step.id} cites a spec`).toBeGreaterThan(0);
        for (const link of step.rfc) expect(link.href).toMatch(/^https:\/\//);
      }
    }
  });

  it('marks exactly implicit and password as discouraged by RFC 9700', () => {
    expect(
      flows
        .filter((f) => f.discouraged)
        .map((f) => f.id)
        .sort(),
    ).toEqual(['implicit', 'password']);
  });

  it('never lets a secret parameter be shared (they are marked secret)', () => {
    const names = flows.flatMap((f) => f.params.filter((p) => !p.secret).map((p) => p.name));
    for (const secret of [
      'client_secret',
      'password',
      'state',
      'nonce',
      'code_verifier',
      'refresh_token',
      'subject_token',
    ]) {
      expect(names).not.toContain(secret);
    }
  });
});
