import { describe, expect, it } from 'vitest';
import { knownText, textResponse } from './response-text.ts';

describe('textResponse / knownText', () => {
  it('remembers the text of a response, also when the response is re-wrapped around its body', async () => {
    const response = textResponse('{"a":1}', {
      status: 201,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(knownText(response)).toBe('{"a":1}');
    const wrapped = new Response(response.body, response);
    expect(knownText(wrapped)).toBe('{"a":1}');
    expect(await wrapped.text()).toBe('{"a":1}');
  });

  it('knows nothing of a body that was read, or of other responses', async () => {
    const response = textResponse('x', {});
    await response.text();
    expect(knownText(response)).toBeUndefined();
    expect(knownText(new Response('y'))).toBeUndefined();
    expect(knownText(new Response(null, { status: 204 }))).toBeUndefined();
  });
});
