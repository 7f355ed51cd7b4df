import { describe, expect, it } from 'vitest';
import {
  detectParentOrigin,
  type EmbedEvent,
  EventSender,
  MESSAGE_SOURCE,
  parseAllowedOrigins,
  parseCommand,
} from './protocol.ts';

const finished: EmbedEvent = {
  source: MESSAGE_SOURCE,
  type: 'flow-finished',
  flowId: 'auth-code-pkce',
  status: 'done',
  tokenTypes: ['access_token', 'id_token'],
  tokens: { access_token: 'at', id_token: 'it' },
};

describe('embed protocol', () => {
  it('parses commands and refuses malformed ones with a reason', () => {
    expect(parseCommand({ type: 'set-parameters', params: { scope: 'openid' } })).toEqual({
      ok: true,
      command: { type: 'set-parameters', params: { scope: 'openid' } },
    });
    expect(parseCommand({ type: 'start-flow', flow: 'device' })).toEqual({
      ok: true,
      command: { type: 'start-flow', flow: 'device', params: {} },
    });
    expect(parseCommand({ type: 'start-flow', flow: 'evil' })).toEqual({
      ok: false,
      reason: 'unknown flow evil',
    });
    expect(parseCommand({ type: 'set-parameters', params: { scope: 5 } })).toEqual({
      ok: false,
      reason: 'parameter scope must be a string of at most 4000 characters',
    });
    expect(parseCommand({ type: 'set-parameters', params: { '<x>': 'a' } })).toEqual({
      ok: false,
      reason: 'bad parameter name <x>',
    });
    expect(parseCommand('start-flow')).toEqual({ ok: false, reason: 'not an object' });
    expect(parseCommand({ type: 'eval' })).toEqual({ ok: false, reason: 'unknown type eval' });
  });

  it('accepts exact origins only in allowed_origins', () => {
    expect(
      parseAllowedOrigins('https://docs.example.com, http://127.0.0.1:4407 * https://x.com/path'),
    ).toEqual({
      origins: ['https://docs.example.com', 'http://127.0.0.1:4407'],
      refused: ['*', 'https://x.com/path'],
    });
    expect(parseAllowedOrigins(null)).toEqual({ origins: [], refused: [] });
  });

  it('finds the parent origin from ancestorOrigins, else the referrer', () => {
    expect(detectParentOrigin(['http://127.0.0.1:4407'], '')).toBe('http://127.0.0.1:4407');
    expect(detectParentOrigin(undefined, 'https://docs.example.com/page?x')).toBe('https://docs.example.com');
    expect(detectParentOrigin(undefined, '')).toBeNull();
  });

  it('sends tokens only to a listed parent, targeted at its origin', () => {
    const sent: [EmbedEvent, string][] = [];
    new EventSender(
      (m, o) => sent.push([m, o]),
      ['https://docs.example.com'],
      'https://docs.example.com',
    ).send(finished);
    expect(sent).toEqual([[finished, 'https://docs.example.com']]);

    sent.length = 0;
    const unlisted = new EventSender(
      (m, o) => sent.push([m, o]),
      ['https://docs.example.com'],
      'https://evil.example',
    );
    expect(unlisted.tokensAllowed).toBe(false);
    unlisted.send(finished);
    expect(sent[0][1]).toBe('https://evil.example');
    expect(sent[0][0]).not.toHaveProperty('tokens');
    expect(sent[0][0]).toMatchObject({ type: 'flow-finished', tokenTypes: ['access_token', 'id_token'] });

    sent.length = 0;
    new EventSender((m, o) => sent.push([m, o]), [], null).send(finished);
    expect(sent[0][1]).toBe('*');
    expect(sent[0][0]).not.toHaveProperty('tokens');
  });
});
