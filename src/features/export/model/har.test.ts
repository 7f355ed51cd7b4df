import { describe, expect, it } from 'vitest';
import { authorizeRedirect, tokenExchange } from './fixtures.test-data.ts';
import { harFileText, runToHar } from './har.ts';

describe('HAR export', () => {
  it('writes a HAR 1.2 log with one entry per exchange, in time order', () => {
    const har = runToHar([tokenExchange(), authorizeRedirect()]);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'OAuth Flow Playground', version: '0.1.0' });
    expect(har.log.entries.map((e) => `${e.request.method} ${new URL(e.request.url).pathname}`)).toEqual([
      'GET /server/authorize',
      'POST /server/oauth/token',
    ]);
    const [redirect, token] = har.log.entries;
    expect(redirect.startedDateTime).toBe('2026-01-01T11:59:58.000Z');
    expect(redirect.response.redirectURL).toBe('http://localhost:4173/callback?code=<masked>&state=abc');
    expect(redirect.request.queryString[0]).toEqual({ name: 'client_id', value: 'spa' });
    expect(redirect.request.postData).toBeUndefined();
    expect(token.request.postData?.mimeType).toBe('application/x-www-form-urlencoded');
    expect(token.request.postData?.params).toContainEqual({ name: 'code', value: '<masked>' });
    expect(token.request.postData?.params).toContainEqual({
      name: 'redirect_uri',
      value: 'http://localhost:4173/callback',
    });
    expect(token.response.status).toBe(200);
    expect(token.response.content.mimeType).toBe('application/json');
    expect(JSON.parse(token.response.content.text ?? '').access_token).toBe('<masked>');
    expect(token.time).toBe(42);
    expect(token.timings).toEqual({ send: 0, wait: 42, receive: 0 });
  });

  it('has every field HAR 1.2 requires, so dev tools import it', () => {
    const har = JSON.parse(harFileText([tokenExchange()]));
    const [entry] = har.log.entries;
    for (const key of ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'])
      expect(entry).toHaveProperty(key);
    for (const key of [
      'method',
      'url',
      'httpVersion',
      'cookies',
      'headers',
      'queryString',
      'headersSize',
      'bodySize',
    ])
      expect(entry.request).toHaveProperty(key);
    for (const key of [
      'status',
      'statusText',
      'httpVersion',
      'cookies',
      'headers',
      'content',
      'redirectURL',
      'headersSize',
      'bodySize',
    ])
      expect(entry.response).toHaveProperty(key);
    expect(entry.response.content.size).toBe(new TextEncoder().encode(entry.response.content.text).length);
  });

  it('keeps the tokens when revealed', () => {
    const har = runToHar([tokenExchange()], { reveal: true });
    expect(har.log.comment).toBeUndefined();
    expect(har.log.entries[0].response.content.text).toBe(tokenExchange().response.body);
  });
});
