import { describe, expect, it } from 'vitest';
import type { HttpExchange } from '../../../shared/trace.ts';
import {
  apiOutcome,
  authorizationDetailsParam,
  authorizationDetailsProblems,
  compactJson,
  grantedActions,
} from './rar.ts';

const API = 'https://api.example.com';

function exchange(status: number, headers: [string, string][] = [], body = ''): HttpExchange {
  return {
    source: 'app',
    type: 'exchange',
    id: 'x',
    startedAt: 0,
    durationMs: 1,
    kind: 'fetch',
    request: { method: 'GET', url: `${API}/api/messages`, headers: [], body: null },
    response: { status, statusText: '', headers, body },
  };
}

const unsignedJwt = (payload: object) =>
  `e30.${btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.x`;

describe('RAR authorization_details (RFC 9396)', () => {
  it('the default asks read and write on the API, with no problem', () => {
    const text = String(authorizationDetailsParam.default);
    expect(JSON.parse(text)).toEqual([{ type: 'messages', actions: ['read', 'write'], locations: [API] }]);
    expect(authorizationDetailsProblems(text)).toEqual([]);
  });

  it('names what the server will refuse, entry by entry', () => {
    expect(authorizationDetailsProblems('[]')).toEqual(['authorization_details must not be an empty array.']);
    expect(
      authorizationDetailsProblems(
        JSON.stringify([
          { type: 'payments' },
          { type: 'messages', actions: [] },
          { type: 'messages', actions: ['delete'] },
          { type: 'messages', actions: ['read'], locations: ['https://evil.example'] },
          { type: 'messages', actions: ['read'], datatypes: ['x'] },
        ]),
      ),
    ).toEqual([
      'Entry 1: type "payments" is unknown here; this server supports only "messages" (authorization_details_types_supported).',
      'Entry 2: check at least one action (read or write).',
      'Entry 3: actions may only be "read" and "write".',
      `Entry 4: the only location is the API, ${API}.`,
      'Entry 5: unknown field "datatypes" (a messages detail has only type, actions and locations).',
    ]);
    // Text that does not parse is the editor's to explain, not this check's.
    expect(authorizationDetailsProblems('[{')).toEqual([]);
  });

  it('sends compact JSON, or the text as typed when it does not parse', () => {
    expect(compactJson('[\n  {"type": "messages"}\n]')).toBe('[{"type":"messages"}]');
    expect(compactJson('[{')).toBe('[{');
    expect(compactJson('  ')).toBeUndefined();
  });

  it('reads the API answer against the granted actions', () => {
    const token = unsignedJwt({ authorization_details: [{ type: 'messages', actions: ['read'] }] });
    expect(
      grantedActions([
        { type: 'messages', actions: ['read', 'write'] },
        { type: 'other', actions: ['x'] },
      ]),
    ).toEqual(['read', 'write']);
    const read = apiOutcome(exchange(200), { messages: [{}, {}] }, 'read', token);
    expect(read).toMatchObject({
      ok: true,
      message: '200: the API honoured the read grant and read 2 message(s).',
    });
    expect(read.lines?.[0]?.value).toBe('read');
    const refused = apiOutcome(
      exchange(
        403,
        [['WWW-Authenticate', 'Bearer error="insufficient_scope"']],
        JSON.stringify({ error: 'insufficient_scope', error_description: 'no write' }),
      ),
      undefined,
      'write',
      token,
    );
    expect(refused).toMatchObject({
      ok: false,
      message: '403 insufficient_scope: no write (WWW-Authenticate: Bearer error="insufficient_scope")',
    });
  });
});
