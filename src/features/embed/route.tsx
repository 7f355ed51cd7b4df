import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { appUrl, callbackUrl } from '../../lib/app-url.ts';
import { requirePageBrowser, subscribeTrace, useServerStatus } from '../../lib/server-connection.ts';
import { parseCallbackUrl } from '../callback/index.ts';
import {
  getRunSnapshot,
  nextStep,
  openFrame,
  paramsFromSearch,
  receiveCallback,
  runStep,
  searchFromParams,
  selectFlow,
  setParams,
  startFlow,
  subscribeRun,
  useRun,
} from '../flow-runner/index.ts';
import { FlowRunner } from '../flow-runner/ui.ts';
import { type FlowId, findFlow, isFlowId } from '../flows/index.ts';
import './components/embed.css';
import { takeEarlyMessages } from './model/early-messages.ts';
import {
  detectParentOrigin,
  type EmbedCommand,
  type EmbedEvent,
  EventSender,
  MESSAGE_SOURCE,
  parseAllowedOrigins,
  parseCommand,
} from './model/protocol.ts';
import {
  callbackLocation,
  isFramedByAnotherOrigin,
  popupSharesServer,
  SERVER_WINDOW_FEATURES,
  SERVER_WINDOW_NAME,
} from './model/server-window.ts';
import { deployedTokenOrigins, tokenOrigins, tokensWithheldReason } from './model/token-origins.ts';

/** Deploy-time: the origins that may receive token values (VITE_EMBED_ORIGINS). */
const DEPLOYED_TOKEN_ORIGINS = deployedTokenOrigins();

/** How long the in-browser server may take to start inside a frame before the fallback shows. */
export const SERVER_START_TIMEOUT_MS = 20_000;

interface Note {
  id: number;
  text: string;
}

/** The embeddable playground without the app's chrome (route /embed). */
export default function EmbedRoute() {
  const location = useLocation();
  const search = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const requested = search.get('flow');
  const flowId: FlowId = isFlowId(requested) ? requested : 'auth-code-pkce';
  const flow = findFlow(flowId);
  const { origins: allowed, refused } = useMemo(
    () => parseAllowedOrigins(search.get('allowed_origins')),
    [search],
  );
  const parentOrigin = useMemo(
    () =>
      window.parent === window
        ? null
        : detectParentOrigin(window.location.ancestorOrigins, document.referrer),
    [],
  );
  const narrowing = search.has('allowed_origins') ? allowed : null;
  const sender = useMemo(
    () =>
      new EventSender(
        (message: EmbedEvent, target: string) => {
          if (window.parent !== window) window.parent.postMessage(message, target);
        },
        tokenOrigins(DEPLOYED_TOKEN_ORIGINS, narrowing),
        parentOrigin,
      ),
    [narrowing, parentOrigin],
  );
  const withheld = tokensWithheldReason(parentOrigin, DEPLOYED_TOKEN_ORIGINS, allowed);
  const server = useServerStatus();
  const [timedOut, setTimedOut] = useState(false);
  const [notes, setNotes] = useState<Note[]>([]);
  const noteId = useRef(0);
  const addNote = useCallback((text: string) => {
    noteId.current += 1;
    const id = noteId.current;
    setNotes((old) => [...old.slice(-2), { id, text }]);
  }, []);

  // The flow and its parameters from the embed URL (secrets are never read from a URL).
  useEffect(() => {
    selectFlow(flowId);
    const params = paramsFromSearch(flowId, location.search);
    const current = getRunSnapshot().params;
    const changed = Object.fromEntries(Object.entries(params).filter(([k, v]) => current[k] !== v));
    if (Object.keys(changed).length) setParams(changed);
  }, [flowId, location.search]);

  // The worker may be refused in a third-party frame (storage partitioning, blocked cookies or
  // service workers): if it is not serving within the timeout, say so and offer a new tab.
  useEffect(() => {
    if (server.usable) return;
    const timer = setTimeout(() => setTimedOut(true), SERVER_START_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [server.usable]);
  const unavailable =
    !server.usable && (timedOut || server.status === 'error' || server.status === 'unsupported');

  const readyEvent = (): EmbedEvent => {
    const run = getRunSnapshot();
    return {
      source: MESSAGE_SOURCE,
      type: 'ready',
      flowId: run.flowId,
      params: Object.fromEntries(new URLSearchParams(searchFromParams(run.flowId, run.params))),
      server: unavailable ? 'unavailable' : 'ready',
      tokensAllowed: sender.tokensAllowed,
    };
  };
  const readyRef = useRef(readyEvent);
  readyRef.current = readyEvent;

  // `ready` once the server is usable (or known to be unavailable); then the commands that came
  // before it, in order.
  const announced = useRef(false);
  const early = useRef<EmbedCommand[]>([]);
  const perform = useRef<(command: EmbedCommand) => void>(() => {});
  useEffect(() => {
    if (announced.current || (!server.usable && !unavailable)) return;
    announced.current = true;
    sender.send(readyRef.current());
    const queued = early.current.splice(0);
    if (server.usable) for (const command of queued) perform.current(command);
  }, [server.usable, unavailable, sender]);

  // step-changed / flow-finished from the run.
  useEffect(() => {
    let last = getRunSnapshot();
    return subscribeRun(() => {
      const run = getRunSnapshot();
      const flowDef = findFlow(run.flowId);
      const result = run.results[run.stepId]?.status ?? null;
      const lastResult = last.results[last.stepId]?.status ?? null;
      if (
        run.stepId !== last.stepId ||
        run.status !== last.status ||
        run.flowId !== last.flowId ||
        result !== lastResult
      ) {
        sender.send({
          source: MESSAGE_SOURCE,
          type: 'step-changed',
          flowId: run.flowId,
          stepId: run.stepId,
          stepIndex: run.stepIndex,
          stepTitle: flowDef?.steps[run.stepIndex]?.title ?? '',
          status: run.status,
          result,
        });
      }
      if (run.status === 'done' && last.status !== 'done') {
        const tokens = Object.fromEntries(
          Object.entries(run.tokens).filter(([, v]) => typeof v === 'string' && v),
        );
        sender.send({
          source: MESSAGE_SOURCE,
          type: 'flow-finished',
          flowId: run.flowId,
          status: 'done',
          tokenTypes: Object.keys(tokens),
          tokens,
        });
      }
      last = run;
    });
  }, [sender]);

  // Commands from the host page.
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || window.parent === window) return;
      const data = event.data as { type?: unknown } | null;
      const named = !!data && typeof data === 'object' && typeof data.type === 'string';
      if (!named) {
        // From a listed origin it was meant for the playground; from others it may be anything.
        if (allowed.includes(event.origin)) {
          addNote(`Ignored a message from ${event.origin}: a command is an object with a string "type".`);
        }
        return;
      }
      if (typeof data.type !== 'string') return;
      if (!allowed.includes(event.origin)) {
        addNote(
          `Ignored a "${data.type.slice(0, 40)}" message from ${event.origin}: that origin is not listed in allowed_origins.`,
        );
        return;
      }
      const parsed = parseCommand(event.data);
      if (!parsed.ok) {
        addNote(`Ignored a message from ${event.origin}: ${parsed.reason}.`);
        return;
      }
      const { command } = parsed;
      if (!announced.current) {
        if (command.type !== 'hello') {
          early.current.push(command);
          addNote(
            `Received "${command.type}" before the playground was ready: it runs once the server has started.`,
          );
        }
        return;
      }
      perform.current(command);
    };
    for (const event of takeEarlyMessages()) onMessage(event);
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [allowed, addNote]);

  perform.current = (command: EmbedCommand) => {
    switch (command.type) {
      case 'hello':
        sender.send(readyRef.current());
        break;
      case 'set-parameters':
        setParams(command.params);
        break;
      case 'start-flow':
        if (command.flow) selectFlow(command.flow);
        if (command.params && Object.keys(command.params).length) setParams(command.params);
        startFlow();
        break;
      case 'run-step':
        void runStep(command.stepId);
        break;
      case 'next-step':
        nextStep();
        break;
    }
  };

  const run = useRun();
  const shownFlow = findFlow(run.flowId) ?? flow;

  // Server pages in their own window when a page of another origin embeds the playground.
  const framedByOther = useMemo(() => isFramedByAnotherOrigin(), []);
  // Elsewhere than on its own host (another site), a popup would not reach this frame's server:
  // the server's pages show in the in-frame browser instead.
  const inFrameBrowser = useMemo(
    () =>
      framedByOther &&
      !popupSharesServer(
        window.location.ancestorOrigins
          ? Array.from(window.location.ancestorOrigins)
          : parentOrigin
            ? [parentOrigin]
            : [],
        window.location.hostname,
      ),
    [framedByOther, parentOrigin],
  );
  useEffect(() => {
    if (inFrameBrowser) requirePageBrowser();
  }, [inFrameBrowser]);
  const [serverPage, setServerPage] = useState<{ url: string; purpose: string; blocked: boolean } | null>(
    null,
  );
  const serverWindow = useRef<Window | null>(null);
  const openServerWindow = useCallback((url: string) => {
    serverWindow.current = window.open(url, SERVER_WINDOW_NAME, SERVER_WINDOW_FEATURES);
    return serverWindow.current !== null;
  }, []);
  useEffect(() => {
    if (!framedByOther || inFrameBrowser || !run.frame) return;
    const { url, purpose } = run.frame;
    openFrame(null);
    const opened = openServerWindow(url);
    setServerPage({ url, purpose, blocked: !opened });
  }, [framedByOther, inFrameBrowser, run.frame, openServerWindow]);
  useEffect(() => {
    if (serverPage?.purpose !== 'authorize') return;
    const stop = subscribeTrace((exchange) => {
      const href = callbackLocation(exchange, callbackUrl());
      const result = href ? parseCallbackUrl(href) : undefined;
      if (!result) return;
      serverWindow.current?.close();
      serverWindow.current = null;
      setServerPage(null);
      receiveCallback(result);
    });
    return stop;
  }, [serverPage]);

  const newTabUrl = new URL(`flows/${run.flowId}${searchFromParams(run.flowId, run.params)}`, appUrl()).href;

  return (
    <main className="embed">
      <div className="embed-bar">
        <span>OAuth Flow Playground (embedded)</span>
        <a href={newTabUrl} target="_blank" rel="noopener">
          Open in a new tab
        </a>
      </div>
      {refused.length > 0 && (
        <p className="embed-note" role="status">
          allowed_origins entries that are not exact origins were ignored: {refused.join(', ')}
        </p>
      )}
      {server.usable && server.mode === 'page' && (
        <p className="embed-note" role="status" aria-label="Server mode">
          The server runs in this frame: no service worker is available here. Nothing is kept after the page
          closes or reloads.
        </p>
      )}
      {withheld && (
        <p className="embed-note" role="status">
          {withheld}
        </p>
      )}
      {notes.map((note) => (
        <p key={note.id} className="embed-note" role="status">
          {note.text}
        </p>
      ))}
      {unavailable ? (
        <div className="embed-fallback" role="alert">
          <strong>The in-browser server cannot run inside this frame.</strong>
          <p>
            The browser did not start the playground's service worker in this embedded frame (third-party
            storage or service workers are blocked or partitioned here). {server.message}
          </p>
          <a href={newTabUrl} target="_blank" rel="noopener">
            Open the playground in a new tab
          </a>
        </div>
      ) : !server.usable ? (
        <p role="status">Starting the in-browser server…</p>
      ) : shownFlow ? (
        <>
          {serverPage && (
            <div className="embed-note" role="status" aria-label="Server window">
              <p>
                {serverPage.purpose === 'authorize' ? 'Log in and consent' : 'Continue'} in the authorization
                server's window: its pages cannot be shown in a frame on another site's page.
              </p>
              <button
                type="button"
                onClick={() => setServerPage({ ...serverPage, blocked: !openServerWindow(serverPage.url) })}
              >
                {serverPage.blocked ? 'Open the login window' : 'Show the login window again'}
              </button>
            </div>
          )}
          <FlowRunner key={shownFlow.id} flow={shownFlow} />
        </>
      ) : null}
    </main>
  );
}
