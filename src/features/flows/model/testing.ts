/**
 * Test support: steps a flow against the in-process server as the runner would (prepare, the
 * browser trip through the server's login and consent pages, back-channel requests with their
 * `finish` and `again` hooks), keeping values, tokens, outcomes and exchanges.
 */
import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { jsonBody } from '../../../lib/http/send.ts';
import { authorize, type Conformance } from '../../../server/conformance/client.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { serverEndpoints } from './common.ts';
import type { FlowContext, FlowDefinition, Line, StepOutcome, TokenSet } from './types.ts';

const TEST_REDIRECT_URI = 'http://localhost:3000/callback';

export function serverSender(c: Conformance) {
  return async (draft: HttpRequestDraft): Promise<HttpExchange> => {
    const response = await c.server.fetch(draft.url, {
      method: draft.method,
      headers: draft.headers,
      body: draft.body ?? undefined,
    });
    return {
      type: 'exchange',
      source: 'app',
      id: crypto.randomUUID(),
      startedAt: Date.now(),
      durationMs: 0,
      kind: 'fetch',
      request: draft,
      response: {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers.entries()],
        body: await response.text(),
      },
    };
  };
}

export interface ServerRun {
  values: Record<string, string>;
  tokens: TokenSet;
  outcomes: Record<string, StepOutcome>;
  /** Every exchange of a step, in order (a nonce round trip makes two). */
  exchanges: Record<string, HttpExchange[]>;
  /** The authorize steps' requests. */
  authorizeUrls: Record<string, URL>;
}

/** Runs `flow`'s steps in order (or up to `until`) with `params` on top of the flow's defaults. */
export async function runAgainstServer(
  c: Conformance,
  flow: FlowDefinition,
  params: Record<string, string>,
  until?: string,
): Promise<ServerRun> {
  const send = serverSender(c);
  const ua = c.browser();
  const run: ServerRun = { values: {}, tokens: {}, outcomes: {}, exchanges: {}, authorizeUrls: {} };
  const ctx = (): FlowContext => ({
    endpoints: serverEndpoints(c.server.issuer),
    redirectUri: TEST_REDIRECT_URI,
    appUrl: 'http://localhost:3000/',
    params: { redirect_uri: TEST_REDIRECT_URI, ...params },
    values: run.values,
    tokens: run.tokens,
  });
  for (const step of flow.steps) {
    let outcome: StepOutcome | undefined;
    if (step.kind === 'prepare') outcome = await step.prepare(ctx());
    if (step.kind === 'authorize') {
      const sent = step.build(ctx());
      const url = new URL(sent.url);
      run.authorizeUrls[step.id] = url;
      const result = await authorize(c, ua, Object.fromEntries(url.searchParams));
      const callback = Object.fromEntries(result.url.searchParams);
      outcome = step.onCallback(ctx(), { params: callback, responseMode: 'query', displayUrl: '' }, sent);
    }
    if (step.kind === 'http') {
      const draft = step.build(ctx());
      const lines: Line[] = [];
      const attempt = async () => {
        const finished = step.finish ? await step.finish(ctx(), draft) : { draft };
        Object.assign(run.values, finished.values);
        lines.push(...(finished.lines ?? []));
        const exchange = await send(finished.draft);
        run.exchanges[step.id] = [...(run.exchanges[step.id] ?? []), exchange];
        return exchange;
      };
      let exchange = await attempt();
      const again = step.again?.(ctx(), exchange, jsonBody(exchange));
      if (again) {
        Object.assign(run.values, again);
        exchange = await attempt();
      }
      const result = step.onResponse(ctx(), exchange, jsonBody(exchange));
      outcome = { ...result, lines: [...lines, ...(result.lines ?? [])] };
    }
    if (!outcome) continue;
    run.outcomes[step.id] = outcome;
    Object.assign(run.values, outcome.values);
    run.tokens = { ...run.tokens, ...outcome.tokens };
    if (!outcome.ok || step.id === until) break;
  }
  return run;
}
