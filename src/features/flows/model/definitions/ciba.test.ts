import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { HttpRequestDraft } from '../../../../lib/http/draft.ts';
import { TestBrowser } from '../../../../server/endpoints/authorize/browser-testing.ts';
import { createTestServer, type TestServer } from '../../../../server/testing/harness.ts';
import type { HttpExchange } from '../../../../shared/trace.ts';
import { serverEndpoints } from '../common.ts';
import { pollAtInterval } from '../polling.ts';
import type { FlowContext, FlowEnv, HttpStep, StepDefinition, StepOutcome } from '../types.ts';
import { ciba } from './ciba.ts';

/** The flow's steps run against the real server core: each draft sent, each answer read by the step. */
class Run {
  values: Record<string, string> = {};
  params: Record<string, string>;
  constructor(
    readonly server: TestServer,
    params: Record<string, string> = {},
  ) {
    const defaults = Object.fromEntries(
      ciba.params.map((p) => [
        p.name,
        typeof p.default === 'function' ? p.default(this.env()) : (p.default ?? ''),
      ]),
    );
    this.params = { ...defaults, ...params };
  }
  env(): FlowEnv {
    return {
      endpoints: serverEndpoints(this.server.issuer),
      redirectUri: 'http://localhost:4000/callback',
      appUrl: 'http://localhost:4000/',
    };
  }
  context(): FlowContext {
    return {
      ...this.env(),
      params: this.params,
      values: this.values,
      tokens: {},
    };
  }
  step(id: string): StepDefinition {
    const step = ciba.steps.find((s) => s.id === id);
    if (!step) throw new Error(id);
    return step;
  }
  async send(id: string): Promise<StepOutcome & { exchange: HttpExchange }> {
    const step = this.step(id) as HttpStep;
    const draft: HttpRequestDraft = step.build(this.context());
    const res = await this.server.fetch(draft.url, {
      method: draft.method,
      headers: draft.headers,
      body: draft.body,
    });
    const body = await res.text();
    const exchange: HttpExchange = {
      type: 'exchange',
      id: id,
      source: 'app',
      startedAt: 0,
      durationMs: 0,
      kind: 'fetch',
      request: { method: draft.method, url: draft.url, headers: draft.headers, body: draft.body },
      response: { status: res.status, statusText: '', headers: [...res.headers.entries()], body },
    };
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const outcome = step.onResponse(this.context(), exchange, json);
    this.values = { ...this.values, ...outcome.values };
    return { ...outcome, exchange };
  }
}

/** The person on the authentication device page the flow opens: logs in, reads, decides. */
async function decide(run: Run, decision: 'approve' | 'deny'): Promise<string> {
  const step = run.step('authenticate');
  if (step.kind !== 'device-verification') throw new Error('not a second-device step');
  const url = step.url(run.context());
  const device = new TestBrowser(run.server);
  await device.post(url, { email: 'alice@example.com', password: 'wonderland' });
  const html = await (await device.get(url)).text();
  const approvalId = /name="request" value="([\w-]+)"/.exec(html)?.[1] ?? '';
  await device.post(url, { request: approvalId, decision });
  return html;
}

describe('the CIBA flow against the server', () => {
  it('sends login_hint, binding_message and scope with client_secret_basic to /bc-authorize', () => {
    const run = new Run(createTestServer(), { binding_message: 'Sign-in 0042' });
    const draft = (run.step('bc-authorize') as HttpStep).build(run.context());
    expect(draft.url).toBe('http://localhost:4000/bc-authorize');
    expect(draft.headers).toContainEqual(['Authorization', `Basic ${btoa('ciba-app:ciba-app-secret')}`]);
    expect(new URLSearchParams(draft.body ?? '').get('login_hint')).toBe('alice@example.com');
    expect(new URLSearchParams(draft.body ?? '').get('binding_message')).toBe('Sign-in 0042');
    expect(new URLSearchParams(draft.body ?? '').get('scope')).toContain('openid');
  });

  it('generates a short binding message for each run', () => {
    const binding = ciba.params.find((p) => p.name === 'binding_message');
    expect(binding?.generate?.()).toMatch(/^Sign-in \d{4}$/);
    expect(new Run(createTestServer()).params.binding_message).toMatch(/^Sign-in \d{4}$/);
  });

  it('pending, slow_down (interval raised), approval on the device showing the message, then tokens', async () => {
    const server = createTestServer();
    const run = new Run(server, { binding_message: 'Sign-in 0042' });
    const accepted = await run.send('bc-authorize');
    expect(accepted).toMatchObject({
      ok: true,
      message: 'Request accepted: it lives 300 s; the app may poll every 5 s.',
    });
    expect(run.values).toMatchObject({ binding_message: 'Sign-in 0042', interval: '5' });
    expect(run.values.auth_req_id).toMatch(/^[\w-]{43}$/);
    expect(accepted.lines?.find((l) => l.label.startsWith('auth_req_id'))?.secret).toBe(true);

    const step = run.step('authenticate');
    expect(step.kind === 'device-verification' && step.userCode(run.context())).toBe('Sign-in 0042');

    const pending = await run.send('poll');
    expect(pending).toMatchObject({ ok: false, retry: true });
    expect(pending.message).toMatch(
      /^400 authorization_pending: .*Still waiting for the person to decide\.$/,
    );
    const slow = await run.send('poll');
    expect(slow).toMatchObject({ ok: false, retry: true });
    expect(slow.message).toMatch(/^400 slow_down: .*Polling too fast: the interval is now 10 s\.$/);
    expect(pollAtInterval.intervalSeconds(run.context())).toBe(10);

    const page = await decide(run, 'approve');
    expect(page).toContain('<strong class="binding-message">Sign-in 0042</strong>');
    server.clock.ms += 10_000;
    const tokens = await run.send('poll');
    expect(tokens.ok, tokens.message).toBe(true);
    expect(tokens.message).toMatch(/^Tokens received: access_token, id_token, refresh_token\./);
    expect(decodeJwt(tokens.tokens?.id_token ?? '')).toMatchObject({ sub: 'auth0|alice', aud: 'ciba-app' });
    expect(tokens.issuedTo).toMatchObject({ client_id: 'ciba-app' });
  });

  it('a denial ends the polling with access_denied', async () => {
    const server = createTestServer();
    const run = new Run(server);
    await run.send('bc-authorize');
    await decide(run, 'deny');
    const denied = await run.send('poll');
    expect(denied).toMatchObject({ ok: false });
    expect(denied.retry).toBeUndefined();
    expect(denied.message).toBe('400 access_denied: The user denied the authentication request.');
  });

  it('an unknown login_hint is unknown_user_id; an expired request is expired_token', async () => {
    const server = createTestServer();
    const nobody = await new Run(server, { login_hint: 'nobody@example.com' }).send('bc-authorize');
    expect(nobody).toMatchObject({ ok: false, message: '400 unknown_user_id: No user has that login_hint.' });
    const run = new Run(server);
    await run.send('bc-authorize');
    server.clock.ms += 301_000;
    const late = await run.send('poll');
    expect(late.retry).toBeUndefined();
    expect(late.message).toMatch(/^400 expired_token: /);
  });
});
