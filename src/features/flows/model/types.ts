import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import type { HttpExchange } from '../../../shared/trace.ts';

import type { FlowId } from './flow-ids.ts';

export type { FlowId };

/** Tokens obtained so far; they outlive a run so that later flows (refresh, exchange) can use them. */
export interface TokenSet {
  access_token?: string;
  id_token?: string;
  refresh_token?: string;
}

/** Where the flow's requests go: the in-browser server's endpoints (or another provider's). */
export interface Endpoints {
  issuer: string;
  authorization: string;
  token: string;
  deviceAuthorization: string;
  userinfo: string;
  revocation: string;
  introspection: string;
  jwks: string;
  logout: string;
  messages: string;
}

export interface FlowEnv {
  endpoints: Endpoints;
  /** The redirect URI registered for the demo clients: `<app>/callback`. */
  redirectUri: string;
  appUrl: string;
  /** Defaults that replace the flows' own (another provider's client_id and client_secret). */
  paramDefaults?: Readonly<Record<string, string>>;
}

/** What a step builds its request from. */
export interface FlowContext extends FlowEnv {
  params: Readonly<Record<string, string>>;
  /** What earlier steps produced: `code`, `code_challenge`, `device_code`, `sent_state`... */
  values: Readonly<Record<string, string>>;
  tokens: Readonly<TokenSet>;
}

export type ParamKind = 'text' | 'select' | 'scopes' | 'secret' | 'extra' | 'number';

export interface ParamSpec {
  name: string;
  label: string;
  kind: ParamKind;
  /** The default, possibly depending on where the app runs (redirect URI). */
  default?: string | ((env: FlowEnv) => string);
  options?: readonly string[];
  /** Known values offered as suggestions for a free text field. */
  suggestions?: readonly string[];
  help?: string;
  /** Secrets never enter the URL and are masked in the timeline. */
  secret?: boolean;
  /** Filled with a fresh random value when the flow starts and the field is empty. */
  generate?: () => string;
  /** Shown among the main parameters even if it is usually under "More parameters". */
  prominent?: boolean;
  /** Filled from a token obtained earlier when the flow starts and the field is empty. */
  fromTokens?: keyof TokenSet;
}

export interface RfcLink {
  label: string;
  href: string;
}

/** The parties of the sequence diagram. */
export type Actor = 'user' | 'app' | 'as' | 'api';

export interface Arrow {
  from: Actor;
  to: Actor;
  label: string;
}

export interface Line {
  label: string;
  value: string;
  /** A secret value (masked until revealed). */
  secret?: boolean;
}

/** What a step leaves behind: values for the next steps, tokens, and whether it succeeded. */
export interface StepOutcome {
  ok: boolean;
  /** A one-line verdict shown under the response ("Tokens received", the server's error...). */
  message?: string;
  values?: Record<string, string>;
  tokens?: TokenSet;
  /** Facts worth showing (derived values, extracted inputs). */
  lines?: Line[];
  /** For polling steps: the step is not finished, try again later. */
  retry?: boolean;
}

/** The result of /authorize as the callback page received it. */
export interface CallbackResult {
  params: Record<string, string>;
  responseMode: 'query' | 'fragment' | 'form_post';
  /** The callback URL with secrets masked, for display. */
  displayUrl: string;
}

interface StepBase {
  id: string;
  title: string;
  /** What happens and why, in two or three sentences. */
  explain: string;
  rfc: RfcLink[];
  /** The messages of the sequence diagram that this step covers. */
  arrows: Arrow[];
  /** What the step needs before it can succeed; while unmet, the runner says so instead of sending. */
  precondition?: StepPrecondition;
}

/** Something a step needs that an earlier flow provides (a refresh token, a token to exchange). */
export interface StepPrecondition {
  met(ctx: FlowContext): boolean;
  /** What is missing, as the learner reads it: "No refresh token in this tab yet." */
  missing: string;
  /** Flows that provide it. */
  from: readonly { flowId: FlowId; label: string }[];
}

/** A local computation shown to the learner (PKCE). */
export interface PrepareStep extends StepBase {
  kind: 'prepare';
  actionLabel: string;
  prepare(ctx: FlowContext): Promise<StepOutcome>;
}

/** A browser trip to /authorize, in a frame or a full-page redirect, ending at /callback. */
export interface AuthorizeStep extends StepBase {
  kind: 'authorize';
  build(ctx: FlowContext): HttpRequestDraft;
  onCallback(ctx: FlowContext, result: CallbackResult): StepOutcome;
}

/** A back-channel request the app sends itself (token endpoint, device code...). */
export interface HttpStep extends StepBase {
  kind: 'http';
  actionLabel: string;
  build(ctx: FlowContext): HttpRequestDraft;
  onResponse(
    ctx: FlowContext,
    exchange: HttpExchange,
    json: Record<string, unknown> | undefined,
  ): StepOutcome;
  /** Polling (device flow): the runner can repeat the request every `interval` seconds. */
  poll?: boolean;
}

/** The user acts on a second device: the verification page in a frame. */
export interface DeviceVerificationStep extends StepBase {
  kind: 'device-verification';
  url(ctx: FlowContext): string;
  userCode(ctx: FlowContext): string;
}

export type StepDefinition = PrepareStep | AuthorizeStep | HttpStep | DeviceVerificationStep;

export interface FlowDefinition {
  id: FlowId;
  title: string;
  summary: string;
  whenToUse: string;
  /** RFC 9700 discourages it: why, with the section. */
  discouraged?: { reason: string; rfc: RfcLink };
  params: ParamSpec[];
  steps: StepDefinition[];
}
