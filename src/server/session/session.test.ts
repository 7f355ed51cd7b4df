import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.ts';
import { MemoryStore } from '../store/memory.ts';
import { currentSession, endSession, startSession } from './session.ts';

function context(
  mode: 'cookie' | 'profile',
  now = 1_000,
  issuer = 'http://localhost:4000/server/',
): ServerContext {
  return { store: new MemoryStore(), issuer, sessionMode: mode, now } as unknown as ServerContext;
}

const request = (cookie?: string) =>
  new Request('http://localhost:4000/server/authorize', cookie ? { headers: { Cookie: cookie } } : {});

describe('login session', () => {
  it('cookie mode: finds the session by its cookie among others, ignores malformed ids', async () => {
    const ctx = context('cookie');
    const { session, setCookie } = await startSession(ctx, request(), 'auth0|alice');
    expect(setCookie).toBe(`op_session=${session.id}; Path=/server/; HttpOnly; SameSite=Lax`);
    expect(await currentSession(ctx, request(`a=1; op_session=${session.id}; b=2`))).toEqual(session);
    expect(await currentSession(ctx, request('op_session=../../etc'))).toBeUndefined();
    expect(await currentSession(ctx, request())).toBeUndefined();
  });

  it('cookie mode: a new login replaces the previous session; ending it clears the cookie', async () => {
    const ctx = context('cookie');
    const first = await startSession(ctx, request(), 'auth0|alice');
    const second = await startSession(ctx, request(`op_session=${first.session.id}`), 'auth0|bob');
    expect(await ctx.store.get('sessions', first.session.id)).toBeUndefined();
    const ended = await endSession(ctx, request(`op_session=${second.session.id}`));
    expect(ended).toEqual({
      ended: true,
      setCookie: 'op_session=; Path=/server/; HttpOnly; SameSite=Lax; Max-Age=0',
    });
    expect(await ctx.store.list('sessions')).toEqual([]);
  });

  it('profile mode: one session for every request, no cookie', async () => {
    const ctx = context('profile');
    const { session, setCookie } = await startSession(ctx, request(), 'auth0|alice');
    expect(setCookie).toBeUndefined();
    expect(session.id).toBe('profile');
    expect(await currentSession(ctx, request())).toEqual(session);
    expect(await endSession(ctx, request())).toEqual({ ended: true });
    expect(await currentSession(ctx, request())).toBeUndefined();
  });

  it('a session is over a week after the login (server clock)', async () => {
    const ctx = context('profile', 1_000);
    await startSession(ctx, request(), 'auth0|alice');
    expect(
      await currentSession({ ...ctx, now: 1_000 + 7 * 86400 } as ServerContext, request()),
    ).toBeDefined();
    expect(
      await currentSession({ ...ctx, now: 1_001 + 7 * 86400 } as ServerContext, request()),
    ).toBeUndefined();
  });
});
