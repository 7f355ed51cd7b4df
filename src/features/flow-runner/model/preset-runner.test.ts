import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { TestBrowser } from '../../../server/endpoints/authorize/browser-testing.ts';
import { createTestServer, type TestServer } from '../../../server/testing/harness.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { findFlow, serverEndpoints } from '../../flows/index.ts';
import { createPresetRunner } from './preset-runner.ts';
import { newRun } from './run-record.ts';
import { createRunStore } from './run-store.ts';

/** The app's requests go to the server core in this process. */
function sendTo(server: TestServer) {
  return async (draft: HttpRequestDraft): Promise<HttpExchange> => {
    const res = await server.fetch(draft.url, {
      method: draft.method,
      headers: draft.headers,
      body: draft.body,
    });
    return {
      type: 'exchange',
      source: 'app',
      id: crypto.randomUUID(),
      startedAt: 0,
      durationMs: 0,
      kind: 'fetch',
      request: draft,
      response: {
        status: res.status,
        statusText: '',
        headers: [...res.headers.entries()],
        body: await res.text(),
      },
    };
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a preset that polls while the user acts on the second device', () => {
  it('waits at the interval until the user denies, then reports access_denied', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const server = createTestServer();
    const flow = findFlow('ciba');
    if (!flow) throw new Error('no CIBA flow');
    const preset = flow.presets?.find((p) => p.id === 'ciba-denied');
    if (!preset) throw new Error('no preset');
    const store = createRunStore({
      flow,
      send: sendTo(server),
      initial: newRun({
        flow,
        environment: {
          server: 'built-in',
          endpoints: serverEndpoints(server.issuer),
          redirectUri: `${server.issuer}callback`,
          appUrl: server.issuer,
        },
      }),
    });
    const runner = createPresetRunner();
    const phases: string[] = [];
    runner.subscribe(() => phases.push(runner.get().phase));
    const done = runner.run(preset, store);

    // The first poll finds the request pending; the preset then waits for the user.
    await vi.waitFor(() => expect(store.get().results.poll?.status).toBe('retry'));
    expect(runner.get().phase).toBe('waiting');
    const pane = store.get().frame;
    expect(pane).toMatchObject({ purpose: 'verification', page: 'authentication device' });

    const device = new TestBrowser(server);
    await device.post(pane?.url ?? '', { email: 'alice@example.com', password: 'wonderland' });
    const html = await (await device.get(pane?.url ?? '')).text();
    const approvalId = /name="request" value="([\w-]+)"/.exec(html)?.[1] ?? '';
    await device.post(pane?.url ?? '', { request: approvalId, decision: 'deny' });
    // Nothing is sent before the interval has passed.
    const polls = () => store.get().exchanges.filter((e) => e.request.url.endsWith('/oauth/token')).length;
    expect(polls()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    await done;

    expect(polls()).toBe(2);
    expect(runner.get()).toMatchObject({
      phase: 'done',
      outcome: { error: '400 access_denied: The user denied the authentication request.' },
    });
    expect(phases).toContain('waiting');
  });
});
