import { describe, expect, it } from 'vitest';
import { bufferedRequest } from './request.ts';

const body = () => new TextEncoder().encode('grant_type=client_credentials&x=%C3%A9');
const make = (bytes: Uint8Array | undefined = body()) =>
  bufferedRequest(
    'http://localhost:4000/oauth/token?a=1',
    'POST',
    new Headers({ 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost:3000' }),
    bytes,
  );

describe('bufferedRequest: a Request without the undici constructor', () => {
  it('is a Request with its method, url and headers', () => {
    const request = make();
    expect(request).toBeInstanceOf(Request);
    expect(Object.prototype.toString.call(request)).toBe('[object Request]');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('http://localhost:4000/oauth/token?a=1');
    expect(request.headers.get('origin')).toBe('http://localhost:3000');
  });

  it('reads the body once, as text, bytes or JSON, like a Request', async () => {
    const request = make();
    expect(request.bodyUsed).toBe(false);
    expect(await request.text()).toBe('grant_type=client_credentials&x=%C3%A9');
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    await expect(request.arrayBuffer()).rejects.toThrow(TypeError);
    expect(new Uint8Array(await make().arrayBuffer())).toEqual(body());
    const json = bufferedRequest(
      'http://localhost/x',
      'PUT',
      new Headers(),
      new TextEncoder().encode('{"a":1}'),
    );
    expect(await json.json()).toEqual({ a: 1 });
  });

  it('answers the rest through a real Request: the body as a stream, signal, clone, formData', async () => {
    const request = make();
    expect(request.signal).toBeInstanceOf(AbortSignal);
    expect(request.cache).toBe('default');
    const copy = request.clone();
    expect(copy).toBeInstanceOf(Request);
    expect(await copy.text()).toBe('grant_type=client_credentials&x=%C3%A9');
    const reader = request.body?.getReader();
    const chunk = await reader?.read();
    expect(new TextDecoder().decode(chunk?.value)).toBe('grant_type=client_credentials&x=%C3%A9');
    expect(request.bodyUsed).toBe(true);
    const form = await make().formData();
    expect(form.get('x')).toBe('é');
  });

  it('has no body when none was sent', async () => {
    const request = bufferedRequest('http://localhost/x', 'GET', new Headers(), undefined);
    expect(request.body).toBeNull();
    expect(await request.text()).toBe('');
  });

  it('after a read, a real Request made later has no body to read again', async () => {
    const request = make();
    await request.text();
    expect(request.body).toBeNull();
    expect(() => request.clone()).not.toThrow();
  });
});
