import type { Context } from 'hono';
import type { HonoEnv, ServerContext } from '../context.ts';
import { textResponse } from '../response-text.ts';

/** One endpoint: its path (relative to the issuer), methods and handler. */
export interface Route {
  methods: ('GET' | 'POST' | 'PUT' | 'DELETE')[];
  path: string;
  handler: (ctx: ServerContext, request: Request, c: Context<HonoEnv>) => Promise<Response>;
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'application/json');
  return textResponse(JSON.stringify(body), { ...init, headers });
}
