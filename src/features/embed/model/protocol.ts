import { type FlowId, isFlowId } from '../../flows/index.ts';
/**
 * The embed's postMessage API (documented in the README, "For docs writers").
 *
 * Events (playground -> host page), each `{ source: 'oauth-playground', type, ... }`:
 *   ready          { flowId, params, server: 'ready' | 'unavailable', tokensAllowed }
 *   step-changed   { flowId, stepId, stepIndex, stepTitle, status, result }   also when the step's result changes
 *   flow-finished  { flowId, status, tokenTypes, tokens? }   tokens only to listed origins
 * Commands (host page -> playground), accepted only from origins listed in `allowed_origins`:
 *   set-parameters { params: { name: value } }
 *   start-flow     { flow?: FlowId, params? }
 *   run-step       { stepId? }   performs the current (or named) step
 *   next-step      moves on to the next step, as the "Next step" button does
 *   hello          (answered with `ready`)
 */
export const MESSAGE_SOURCE = 'oauth-playground';

export interface TokenValues {
  access_token?: string;
  id_token?: string;
  refresh_token?: string;
}

export type EmbedEvent =
  | {
      source: typeof MESSAGE_SOURCE;
      type: 'ready';
      flowId: string;
      params: Record<string, string>;
      server: 'ready' | 'unavailable';
      tokensAllowed: boolean;
    }
  | {
      source: typeof MESSAGE_SOURCE;
      type: 'step-changed';
      flowId: string;
      stepId: string;
      stepIndex: number;
      stepTitle: string;
      status: string;
      /** The current step's result: 'pending', 'ok', 'error', 'retry', or null before it runs. */
      result: string | null;
    }
  | {
      source: typeof MESSAGE_SOURCE;
      type: 'flow-finished';
      flowId: string;
      status: 'done';
      tokenTypes: string[];
      tokens?: TokenValues;
    };

export type EmbedCommand =
  | { type: 'set-parameters'; params: Record<string, string> }
  | { type: 'start-flow'; flow?: FlowId; params?: Record<string, string> }
  | { type: 'run-step'; stepId?: string }
  | { type: 'next-step' }
  | { type: 'hello' };

const MAX_PARAMS = 50;
const MAX_VALUE = 4000;

function readParams(value: unknown): Record<string, string> | string {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return 'params must be an object of strings';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_PARAMS) return `at most ${MAX_PARAMS} parameters`;
  const params: Record<string, string> = {};
  for (const [name, v] of entries) {
    if (!/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/.test(name)) return `bad parameter name ${name.slice(0, 40)}`;
    if (typeof v !== 'string' || v.length > MAX_VALUE)
      return `parameter ${name} must be a string of at most ${MAX_VALUE} characters`;
    params[name] = v;
  }
  return params;
}

/** Parses a message's data into a command, or says why it is not one. */
export function parseCommand(
  data: unknown,
): { ok: true; command: EmbedCommand } | { ok: false; reason: string } {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'not an object' };
  const message = data as Record<string, unknown>;
  switch (message.type) {
    case 'hello':
      return { ok: true, command: { type: 'hello' } };
    case 'next-step':
      return { ok: true, command: { type: 'next-step' } };
    case 'set-parameters': {
      const params = readParams(message.params);
      return typeof params === 'string'
        ? { ok: false, reason: params }
        : { ok: true, command: { type: 'set-parameters', params } };
    }
    case 'start-flow': {
      const params = readParams(message.params);
      if (typeof params === 'string') return { ok: false, reason: params };
      if (message.flow !== undefined && !(typeof message.flow === 'string' && isFlowId(message.flow)))
        return { ok: false, reason: `unknown flow ${String(message.flow).slice(0, 40)}` };
      return {
        ok: true,
        command: { type: 'start-flow', flow: message.flow as FlowId | undefined, params },
      };
    }
    case 'run-step': {
      if (message.stepId !== undefined && (typeof message.stepId !== 'string' || message.stepId.length > 64))
        return { ok: false, reason: 'stepId must be a string' };
      return { ok: true, command: { type: 'run-step', stepId: message.stepId as string | undefined } };
    }
    default:
      return { ok: false, reason: `unknown type ${String(message.type).slice(0, 40)}` };
  }
}

/**
 * `allowed_origins`: origins separated by spaces or commas. Each must be an exact origin
 * (`https://docs.example.com`); `*`, paths and anything else are refused and reported.
 */
export function parseAllowedOrigins(text: string | null): { origins: string[]; refused: string[] } {
  const origins: string[] = [];
  const refused: string[] = [];
  for (const item of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    try {
      const url = new URL(item);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === item.replace(/\/$/, '')) {
        if (!origins.includes(url.origin)) origins.push(url.origin);
        continue;
      }
    } catch {
      // refused below
    }
    refused.push(item.slice(0, 80));
  }
  return { origins, refused };
}

/** The embedding page's origin: Chromium's ancestorOrigins, else the referrer's origin. */
export function detectParentOrigin(
  ancestorOrigins: ArrayLike<string> | undefined,
  referrer: string,
): string | null {
  if (ancestorOrigins && ancestorOrigins.length > 0) return ancestorOrigins[0] ?? null;
  try {
    return referrer ? new URL(referrer).origin : null;
  } catch {
    return null;
  }
}

function withoutTokens(event: EmbedEvent): EmbedEvent {
  if (event.type !== 'flow-finished') return event;
  const { tokens: _tokens, ...rest } = event;
  return rest;
}

export type Poster = (message: EmbedEvent, targetOrigin: string) => void;

/**
 * Sends events to the host page. Token values go only to a listed origin, and then with that
 * origin as the target, so the browser itself refuses delivery to any other page (HTML §9.4.3).
 */
export class EventSender {
  constructor(
    private readonly post: Poster,
    private readonly allowed: readonly string[],
    private readonly parentOrigin: string | null,
  ) {}

  get tokensAllowed(): boolean {
    return this.parentOrigin !== null && this.allowed.includes(this.parentOrigin);
  }

  send(event: EmbedEvent): void {
    if (this.tokensAllowed && this.parentOrigin) {
      this.post(event, this.parentOrigin);
      return;
    }
    this.post(withoutTokens(event), this.parentOrigin ?? '*');
  }
}
