/**
 * The trace: every exchange the in-browser server handles is reported to the app, so the UI can
 * show requests it did not make itself (inside frames, redirects, form posts).
 * Transport: a BroadcastChannel named TRACE_CHANNEL (same origin, every tab).
 */
export const TRACE_CHANNEL = 'oauth-playground-trace';

export interface TracedRequest {
  method: string;
  url: string;
  headers: [string, string][];
  /** Text body, or null when none (binary bodies are summarised). */
  body: string | null;
}

export interface TracedResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string | null;
}

export interface TraceExchange {
  /** Who made the request: the app itself (fetch), or a frame or redirect seen by the worker. */
  source?: 'app' | 'worker';
  type: 'exchange';
  id: string;
  /** Epoch milliseconds when the request reached the worker. */
  startedAt: number;
  durationMs: number;
  /** `navigate` for top-level or frame navigations, else the fetch destination/mode. */
  kind: 'navigate' | 'fetch';
  request: TracedRequest;
  response: TracedResponse;
}

export type TraceMessage = TraceExchange;

/** One HTTP exchange as the app shows it (timeline, HAR, curl): the same shape, whoever made it. */
export type HttpExchange = TraceExchange;
