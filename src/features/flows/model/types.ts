/**
 * The flow definition API. A flow is data: its parameters and its steps. The runner
 * (`src/features/flow-runner/`) renders any flow from this description and knows no flow by name;
 * adding a flow is adding a file under `definitions/` and a line in `registry.ts` and `flow-ids.ts`.
 *
 * What a flow declares, and who reads it:
 * - `params`: each field of the form. `secret` (never in a URL, a share link or an embed event;
 *   masked in every view), `advanced` (under "More parameters"), `generate` (fresh per run: state,
 *   nonce, verifier), `fromTokens` (filled from a token obtained earlier), `implies` (picking a
 *   value fills others: a demo client brings its secret), `suggestFromTenant`.
 * - `steps`: `prepare` (local computation, redone automatically when a share link is opened),
 *   `authorize` (a browser trip ending at the redirect URI), `http` (a back-channel request;
 *   `poll` for polling), `device-verification` (a page on a second device). `produces` names what a step
 *   leaves behind, for the learner and for share links (what the recipient must redo).
 * - `presets`: error presets that start from this flow; `followUp`: the link offered after a
 *   run that holds a token this flow consumes ("Use the refresh token").
 * - `snippet`: the flow as an oauth4webapi program, offered by the run's export.
 */
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
export type TokenName = keyof TokenSet;

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
  /** What earlier steps produced: `code`, `code_challenge`, `device_code`... */
  values: Readonly<Record<string, string>>;
  tokens: Readonly<TokenSet>;
}

export type ParamKind = 'text' | 'select' | 'scopes' | 'secret' | 'extra' | 'number' | 'json';

/** A field of one entry of a JSON list, as the structured editor shows it. */
export interface JsonFieldSpec {
  name: string;
  label: string;
  /** `select`: a string; `checkboxes`: an array of the options; `list`: an array of strings, one a line. */
  kind: 'select' | 'checkboxes' | 'list';
  options?: readonly string[];
  help?: string;
}

/**
 * A `json` parameter: a JSON text, edited raw or, for a JSON array of objects, as a form with one
 * fieldset an entry. The text is the value; the form only rewrites it when it parses.
 */
export interface JsonParamSpec {
  /** What one entry of the array is called ("Authorization detail"). */
  itemLabel: string;
  /** The entry "Add" appends. */
  newItem: Readonly<Record<string, unknown>>;
  fields: readonly JsonFieldSpec[];
  /** What the server will refuse in a text that parses, as readable sentences (none: fine). */
  problems?: (text: string) => string[];
}

export interface ParamSpec {
  name: string;
  label: string;
  kind: ParamKind;
  /** The default, possibly depending on where the app runs (redirect URI). */
  default?: string | ((env: FlowEnv) => string);
  options?: readonly string[];
  /** Known values offered as suggestions for a free text field. */
  suggestions?: readonly string[];
  /** Also suggest the in-browser server tenant's client ids or API identifiers. */
  suggestFromTenant?: 'clients' | 'apis';
  help?: string;
  /** Secrets never enter the URL, share links or embed events, and are masked in every view. */
  secret?: boolean;
  /** Shown under "More parameters" rather than among the main ones. */
  advanced?: boolean;
  /** @deprecated use `advanced: false`. Shown among the main parameters. */
  prominent?: boolean;
  /** Filled with a fresh random value when the flow starts and the field is empty. */
  generate?: () => string;
  /** Filled from a token obtained earlier when the flow starts and the field is empty. */
  fromTokens?: TokenName;
  /** Other parameters that follow from choosing `value` (a demo client's secret and auth method). */
  implies?: (value: string, params: Readonly<Record<string, string>>) => Record<string, string>;
  /** For `kind: 'json'`: the structured editor and the checks of the text. */
  json?: JsonParamSpec;
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

/** What the checks of a token should expect, beyond its issuer and client (known to the runner). */
export interface TokenExpectations {
  /** The audience the access token was asked for. */
  audience?: string;
  /** The nonce sent to /authorize, which the ID token must carry (OIDC Core §3.1.3.7). */
  nonce?: string;
  /** The thumbprint of the DPoP key the tokens are bound to: later requests sign proofs with it (RFC 9449 §6.1). */
  dpopJkt?: string;
}

/**
 * The client that tokens were issued to, as the parameters that authenticate it at the token
 * endpoint (`client_id`, `client_auth`, `client_secret`): later requests with the tokens use it.
 */
export type ClientParams = Readonly<Record<string, string>>;

/** What a step leaves behind: values for the next steps, tokens, and whether it succeeded. */
export interface StepOutcome {
  ok: boolean;
  /** A one-line verdict shown under the response ("Tokens received", the server's error...). */
  message?: string;
  values?: Record<string, string>;
  tokens?: TokenSet;
  /** What the tokens' checks expect; kept with the tokens as their provenance. */
  expect?: TokenExpectations;
  /** The client the tokens were issued to; kept with the tokens as their provenance. */
  issuedTo?: ClientParams;
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
  /**
   * What the step leaves behind for later steps, in words a learner reads ("the authorization
   * code"). None of it travels in a share link: the recipient redoes the step.
   */
  produces?: readonly string[];
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

/** A local computation shown to the learner (PKCE). Redone automatically when a share link is opened. */
export interface PrepareStep extends StepBase {
  kind: 'prepare';
  actionLabel: string;
  prepare(ctx: FlowContext): Promise<StepOutcome>;
}

/** A browser trip to /authorize, in a frame or a full-page redirect, ending at /callback. */
export interface AuthorizeStep extends StepBase {
  kind: 'authorize';
  build(ctx: FlowContext): HttpRequestDraft;
  /** `sent` is the request that went to the authorization endpoint (its state, nonce, response_mode). */
  onCallback(ctx: FlowContext, result: CallbackResult, sent: HttpRequestDraft): StepOutcome;
}

/** How a polling step paces itself. */
export interface PollSpec {
  /** Seconds to wait between requests, from what earlier responses said (RFC 8628 §3.5 interval). */
  intervalSeconds(ctx: FlowContext): number;
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
  /** Polling: the runner can repeat the request (every 5 s with `true`). */
  poll?: boolean | PollSpec;
  /**
   * Finishes the request as it is sent, with what can only be made then (a proof signed for this
   * very request, RFC 9449 §4). Its values and lines join the step's outcome.
   */
  finish?(ctx: FlowContext, draft: HttpRequestDraft): Promise<FinishedRequest>;
  /**
   * After an answer: values to finish and send the request again with, once (a nonce the server
   * asked for, RFC 9449 §8), or undefined when the answer stands.
   */
  again?(
    ctx: FlowContext,
    exchange: HttpExchange,
    json: Record<string, unknown> | undefined,
  ): Record<string, string> | undefined;
}

/** A request as `HttpStep.finish` made it ready to send. */
export interface FinishedRequest {
  draft: HttpRequestDraft;
  values?: Record<string, string>;
  lines?: Line[];
}

/**
 * The user acts on a second device: a page of the server in the second-device pane (the device
 * flow's verification page, CIBA's authentication device), with what the person checks there.
 */
export interface DeviceVerificationStep extends StepBase {
  kind: 'device-verification';
  url(ctx: FlowContext): string;
  /** What the person checks or types on the second device (a user code, a binding message). */
  userCode(ctx: FlowContext): string;
  /** How that value is called; "User code" when absent. */
  codeLabel?: string;
  /** The page the second device shows; "verification page" when absent. */
  page?: string;
}

export type StepDefinition = PrepareStep | AuthorizeStep | HttpStep | DeviceVerificationStep;

/** A step's result as a preset sees it. */
export interface StepReport {
  status: 'pending' | 'ok' | 'error' | 'retry';
  message?: string;
  /** The app's request and its response, for http steps. */
  exchange?: HttpExchange;
}

/** What a preset can do: run steps (optionally with a changed request), call endpoints, move the clock. */
export interface PresetScript {
  /** Performs a step and waits for its result (an authorize step: until the callback). */
  step(
    stepId: string,
    change?: (draft: HttpRequestDraft) => HttpRequestDraft,
  ): Promise<StepReport | undefined>;
  /**
   * Repeats a polling step at its interval while the server says to wait (the user acts meanwhile,
   * on a second device), and returns its last result.
   */
  poll(stepId: string): Promise<StepReport | undefined>;
  /** Starts a step without waiting for it (the frame opens on the server's page). */
  begin(stepId: string): void;
  /** The request a step would send now. */
  draft(stepId: string): HttpRequestDraft | undefined;
  /** The run as the steps see it now: endpoints, parameters, values, tokens. */
  context(): FlowContext;
  send(draft: HttpRequestDraft): Promise<HttpExchange>;
  /** The in-browser server's admin API (`/server/admin/<path>`: clock, session, consents). */
  admin(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<HttpExchange>;
}

export interface PresetOutcome {
  /** The server's exact error: `400 invalid_grant: ...`, a WWW-Authenticate header, an error page. */
  error: string;
  exchange?: HttpExchange;
}

/**
 * An error preset: sets up its flow, runs it to the error, and shows the server's exact answer with
 * what causes it in real apps. Some need the user to log in (or to decline); `userAction` says so.
 */
export interface ErrorPreset {
  id: string;
  title: string;
  /** Parameters set on top of the flow's defaults. */
  params?: Record<string, string>;
  /** What makes this happen in real apps. */
  cause: string;
  /** Shown while the preset waits for the user, if it may. */
  userAction?: string;
  run(script: PresetScript): Promise<PresetOutcome>;
}

/** Offered after a run that holds `token`: a link to this flow, which consumes it. */
export interface FollowUp {
  token: TokenName;
  /** The link's text ("Use the refresh token"). */
  label: string;
  /** The rest of the sentence (" in the Refresh Token flow."). */
  text: string;
}

/** What a snippet's body is written with: the run's parameters, as JavaScript literals. */
export interface SnippetWriter {
  /** A JavaScript string literal. */
  js(value: string): string;
  /** The run's parameter, or `fallback` when it is unset or empty. */
  param(name: string, fallback?: string): string | undefined;
  /** A secret parameter as a literal: masked unless the export reveals secrets; `placeholder` when unset. */
  secret(name: string, placeholder: string): string;
  /** `target.set(name, value)` lines for those of `names` that the run set. */
  setParams(target: string, names: readonly string[]): string[];
}

/**
 * The flow as an oauth4webapi program (https://github.com/panva/oauth4webapi). The export writes
 * the import, discovery (`as`, `http`) and the run's client (`client`, `clientAuth`) before `body`.
 */
export interface FlowSnippet {
  /** The program registers its own client (RFC 7591), so the export writes no `client`. */
  registersClient?: boolean;
  body(w: SnippetWriter): string[];
}

export interface FlowDefinition {
  id: FlowId;
  title: string;
  summary: string;
  whenToUse: string;
  /** RFC 9700 discourages it: why, with the section. */
  discouraged?: { reason: string; rfc: RfcLink };
  params: ParamSpec[];
  steps: StepDefinition[];
  /** Error presets that start from this flow. */
  presets?: readonly ErrorPreset[];
  followUp?: FollowUp;
  /** Offered as code by the run's export; a flow without one offers none. */
  snippet?: FlowSnippet;
}
