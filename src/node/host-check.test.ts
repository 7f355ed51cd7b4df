import { describe, expect, it } from 'vitest';
import { allowedHosts, checkHost } from './host-check.ts';

describe('checkHost (DNS rebinding)', () => {
  const hosts = allowedHosts(4000);

  it('lets through localhost, 127.0.0.1 and [::1] with the server port, in any case', () => {
    for (const host of ['localhost:4000', '127.0.0.1:4000', '[::1]:4000', 'LocalHost:4000']) {
      expect(checkHost(host, hosts)).toBeUndefined();
    }
  });

  it('answers 421 with an RFC-style JSON error for another name or port', async () => {
    for (const host of [
      'attacker.example:4000',
      'localhost:4001',
      'localhost',
      '127.0.0.2:4000',
      'localhost.:4000',
    ]) {
      const response = checkHost(host, hosts);
      expect(response?.status).toBe(421);
      expect(response?.headers.get('content-type')).toBe('application/json');
      expect(response?.headers.get('cache-control')).toBe('no-store');
      const body = await (response as Response).json();
      expect(body.error).toBe('invalid_request');
      expect(body.error_description).toContain('localhost:4000, 127.0.0.1:4000, [::1]:4000');
      expect(body.error_description).toContain(`Host ${host}`);
    }
  });

  it('answers 400 without a usable Host', async () => {
    for (const host of [undefined, '', 'bad host']) {
      const response = checkHost(host, hosts);
      expect(response?.status).toBe(400);
      expect((await (response as Response).json()).error).toBe('invalid_request');
    }
  });

  it('adds the address given with --host, but not a wildcard', () => {
    expect(checkHost('192.168.1.5:4000', allowedHosts(4000, '192.168.1.5'))).toBeUndefined();
    expect(checkHost('[fd00::2]:4000', allowedHosts(4000, 'fd00::2'))).toBeUndefined();
    expect(checkHost('0.0.0.0:4000', allowedHosts(4000, '0.0.0.0'))?.status).toBe(421);
    expect([...allowedHosts(4000, '::')]).toEqual(['localhost:4000', '127.0.0.1:4000', '[::1]:4000']);
  });
});
