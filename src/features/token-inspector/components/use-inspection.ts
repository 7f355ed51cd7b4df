import { useQuery } from '@tanstack/react-query';
import type { JSONWebKeySet } from 'jose';
import { useEffect, useMemo, useRef, useState } from 'react';
import { serverFetch, serverIssuer, useServerStatus } from '../../../lib/server-connection.ts';
import { clockQuery, jwksQuery } from '../../server-metadata/index.ts';
import { registeredClientsQuery } from '../../tenant-editor/index.ts';
import {
  type Check,
  type ComputedHashes,
  computeHashes,
  type ExpectedValues,
  inferKind,
  runChecks,
  type TokenKind,
} from '../model/checks.ts';
import { type DecodedJwt, readToken, type TokenReading } from '../model/decode.ts';
import { type ClockSource, formatDuration } from '../model/lifetime.ts';
import { type KeySource, type SignatureResult, verifySignature } from '../model/verify.ts';

export interface ClockInfo {
  source: ClockSource;
  /** Seconds the chosen clock is ahead of this browser's. */
  offsetSeconds: number;
  /** Why this clock, in one sentence. */
  reason: string;
}

export type SignatureState = { state: 'pending'; message: string } | ({ state: 'done' } & SignatureResult);

/** Seconds since 1970 by a clock `offset` seconds ahead, ticking every second while `active`. */
export function useNow(offsetSeconds: number, active: boolean): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    if (!active) return;
    setNow(Math.floor(Date.now() / 1000));
    const timer = window.setInterval(() => setNow(Math.floor(Date.now() / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now + offsetSeconds;
}

function useClock(token: DecodedJwt | undefined, serverReady: boolean): ClockInfo {
  const own = token !== undefined && token.payload.iss === serverIssuer();
  const clock = useQuery({ ...clockQuery(), enabled: own && serverReady, retry: false });
  if (!own) {
    return {
      source: 'browser',
      offsetSeconds: 0,
      reason:
        'Times are checked against this browser\u2019s clock, because this server did not issue the token.',
    };
  }
  if (typeof clock.data?.offsetSeconds === 'number') {
    const ahead = clock.data.offsetSeconds;
    return {
      source: 'server',
      offsetSeconds: ahead,
      reason:
        ahead === 0
          ? 'Times are checked against the server clock (the server issued this token).'
          : `Times are checked against the server clock, which has been moved ${ahead > 0 ? 'forward' : 'back'} by ${formatDuration(ahead)}.`,
    };
  }
  return {
    source: 'browser',
    offsetSeconds: 0,
    reason: clock.isError
      ? 'Times are checked against this browser\u2019s clock: the server clock is unavailable.'
      : 'Times are checked against this browser\u2019s clock until the server clock answers.',
  };
}

/** A stable identity for a key source, so that verification reruns only when the keys change. */
function sourceIdentity(source: KeySource): string {
  switch (source.type) {
    case 'server':
      return 'server';
    case 'jwks':
      return `jwks:${JSON.stringify(source.jwks)}`;
    case 'jwks-url':
      return `url:${source.url}`;
    case 'pasted':
      return `pasted:${source.text}`;
    case 'none':
      return `none:${source.message}`;
  }
}

function useSignature(
  token: DecodedJwt | undefined,
  source: KeySource,
  serverReady: boolean,
  serverDown: boolean,
): SignatureState {
  const wantsServer = token !== undefined && source.type === 'server';
  const jwks = useQuery({
    ...jwksQuery(new URL('.well-known/jwks.json', serverIssuer()).href),
    enabled: wantsServer && serverReady,
  });
  const identity = sourceIdentity(source);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the identity stands for the source object.
  const resolved = useMemo((): Exclude<KeySource, { type: 'server' }> | { pending: string } => {
    if (source.type !== 'server') return source;
    if (jwks.data)
      return { type: 'jwks', jwks: jwks.data as JSONWebKeySet, label: 'this server\u2019s JWKS' };
    if (jwks.isError)
      return { pending: `This server\u2019s JWKS could not be loaded: ${jwks.error.message}` };
    return {
      pending: serverReady
        ? 'Loading this server\u2019s JWKS…'
        : serverDown
          ? 'The in-browser server is not running here, so its JWKS is unavailable: choose another key source.'
          : 'Waiting for the in-browser server…',
    };
  }, [identity, jwks.data, jwks.isError, jwks.error, serverReady, serverDown]);

  const [result, setResult] = useState<{ key: string; value: SignatureResult } | undefined>();
  const compact = token?.compact;
  const resultKey = `${compact}\u0000${identity}\u0000${jwks.dataUpdatedAt}`;
  useEffect(() => {
    if (!token || 'pending' in resolved) return;
    let cancelled = false;
    // A JWKS URL of this server reaches it where it runs (the page host has no network address).
    void verifySignature(token, resolved, { fetch: serverFetch }).then((value) => {
      if (!cancelled) setResult({ key: resultKey, value });
    });
    return () => {
      cancelled = true;
    };
  }, [token, resolved, resultKey]);

  // After a key rotation the cached JWKS may miss the new key: fetch it again, once per token.
  const refetchedFor = useRef<string | undefined>(undefined);
  const current = result?.key === resultKey ? result.value : undefined;
  useEffect(() => {
    if (wantsServer && current?.status === 'no-key' && refetchedFor.current !== compact) {
      refetchedFor.current = compact;
      void jwks.refetch();
    }
  }, [wantsServer, current, compact, jwks]);

  if ('pending' in resolved) return { state: 'pending', message: resolved.pending };
  if (!current) return { state: 'pending', message: 'Verifying the signature…' };
  return { state: 'done', ...current };
}

function useHashes(
  token: DecodedJwt | undefined,
  expected: ExpectedValues | undefined,
): ComputedHashes | undefined {
  const [hashes, setHashes] = useState<{ key: string; value: ComputedHashes } | undefined>();
  const key = `${token?.compact}\u0000${expected?.accessToken}\u0000${expected?.code}`;
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    void computeHashes(token, { accessToken: expected?.accessToken, code: expected?.code }).then((value) => {
      if (!cancelled) setHashes({ key, value });
    });
    return () => {
      cancelled = true;
    };
  }, [token, expected?.accessToken, expected?.code, key]);
  return hashes?.key === key ? hashes.value : undefined;
}

/**
 * The keys of a JWT that a client signed (a client assertion, a request object): the public keys
 * the client registered at this server, found by its client_id (iss). Other tokens keep `source`.
 */
function useClientKeys(
  token: DecodedJwt | undefined,
  kind: TokenKind | undefined,
  source: KeySource,
  serverReady: boolean,
): KeySource {
  const clientJwt = kind === 'client-assertion' || kind === 'request-object';
  const wanted = token !== undefined && clientJwt && source.type === 'server';
  const clients = useQuery({ ...registeredClientsQuery(), enabled: wanted && serverReady });
  return useMemo((): KeySource => {
    if (!wanted) return source;
    const clientId = String(token.payload.iss ?? token.payload.client_id ?? '');
    if (clients.isError)
      return { type: 'none', message: `The registered clients could not be read: ${clients.error.message}` };
    if (!clients.data) return { type: 'none', message: 'Looking up the client\u2019s registered keys…' };
    const keys = clients.data.find((c) => c.client_id === clientId)?.jwks?.keys;
    if (keys?.length)
      return {
        type: 'jwks',
        jwks: { keys } as JSONWebKeySet,
        label: `client ${clientId}\u2019s registered JWKS`,
      };
    return {
      type: 'none',
      message: `Client ${clientId || '(no iss)'} has no key registered at this server: paste its public JWK (“A pasted JWK or JWKS”) to verify the signature.`,
    };
  }, [wanted, token, source, clients.data, clients.isError, clients.error]);
}

export interface Inspection {
  reading: TokenReading;
  clock: ClockInfo;
  now: number;
  signature: SignatureState;
  checks: Check[];
}

/** Everything the inspector shows about one token, recomputed each second for the countdown. */
export function useInspection(
  rawToken: string,
  options: { kind?: TokenKind; expected?: ExpectedValues; jwks?: KeySource },
): Inspection {
  const reading = useMemo(() => readToken(rawToken), [rawToken]);
  const token = reading.type === 'jwt' ? reading : undefined;
  const server = useServerStatus();
  const serverReady = server.usable;
  const serverDown = server.status === 'unsupported' || server.status === 'error';
  const kind = token ? inferKind(token, options.kind) : undefined;
  const source = useClientKeys(token, kind, options.jwks ?? { type: 'server' }, serverReady);
  const clock = useClock(token, serverReady);
  const now = useNow(clock.offsetSeconds, token !== undefined);
  const signature = useSignature(token, source, serverReady, serverDown);
  const hashes = useHashes(token, options.expected);
  const checks = useMemo(
    () =>
      token
        ? runChecks(token, {
            kind: options.kind,
            expected: options.expected,
            now,
            clock: clock.source,
            signature:
              signature.state === 'done' ? signature : { status: 'pending', message: signature.message },
            hashes,
            serverIssuer: serverIssuer(),
          })
        : [],
    [token, options.kind, options.expected, now, clock.source, signature, hashes],
  );
  return { reading, clock, now, signature, checks };
}
