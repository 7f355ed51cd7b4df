import { describe, expect, it } from 'vitest';
import { deployedTokenOrigins, tokenOrigins, tokensWithheldReason } from './token-origins.ts';

describe('deploy-time token origins', () => {
  it('reads exact origins from the build variable and drops anything else', () => {
    expect(
      deployedTokenOrigins('https://docs.example.com, http://127.0.0.1:8080 *  https://x.example/path'),
    ).toEqual(['https://docs.example.com', 'http://127.0.0.1:8080']);
    expect(deployedTokenOrigins(undefined)).toEqual([]);
    expect(deployedTokenOrigins('')).toEqual([]);
  });

  it('allowed_origins narrows the deployed list and never widens it', () => {
    const deployed = ['https://a.example', 'https://b.example'];
    expect(tokenOrigins(deployed, null)).toEqual(deployed);
    expect(tokenOrigins(deployed, ['https://b.example'])).toEqual(['https://b.example']);
    expect(tokenOrigins(deployed, ['https://b.example', 'https://evil.example'])).toEqual([
      'https://b.example',
    ]);
    expect(tokenOrigins(deployed, [])).toEqual([]);
    expect(tokenOrigins([], ['https://a.example'])).toEqual([]);
  });

  it('says why a page that asked for tokens gets none', () => {
    expect(tokensWithheldReason('https://a.example', [], ['https://a.example'])).toMatch(
      /^Token values are not sent to https:\/\/a\.example: this deployment of the playground lists no origin/,
    );
    expect(tokensWithheldReason('https://a.example', ['https://b.example'], ['https://a.example'])).toMatch(
      /does not list it/,
    );
    expect(
      tokensWithheldReason('https://a.example', ['https://a.example'], ['https://a.example']),
    ).toBeUndefined();
    expect(tokensWithheldReason('https://a.example', [], [])).toBeUndefined();
  });
});
