import { errorResponse, oauthError } from '../server/errors.ts';

/** The names a browser on this machine uses for loopback. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The `Host` values this server answers: the loopback names with its port, and the address given
 * with `--host` (unless it is a wildcard such as 0.0.0.0, which names no host).
 */
export function allowedHosts(port: number, listenAddress?: string): Set<string> {
  const names = [...LOOPBACK_NAMES];
  if (listenAddress && !WILDCARDS.has(listenAddress)) {
    names.push(listenAddress.includes(':') ? `[${listenAddress}]` : listenAddress);
  }
  return new Set(names.map((name) => `${name.toLowerCase()}:${port}`));
}

/**
 * Against DNS rebinding: a page on `http://attacker.example:4000` whose name was re-pointed to
 * 127.0.0.1 is same-origin with itself, not with this server, and its requests carry its own name
 * in `Host`. Answering only our own names keeps such a page from reading tokens or driving /admin.
 * A request for another host gets 421 Misdirected Request (RFC 9110 §15.5.20); one without a
 * usable `Host` gets 400 (RFC 9112 §3.2: a server MUST respond with 400 to a request that lacks a
 * Host header field or has an invalid one). Returns `undefined` when the request may go on.
 */
export function checkHost(host: string | undefined, allowed: ReadonlySet<string>): Response | undefined {
  if (host === undefined || host === '' || !/^[\x21-\x7e]+$/.test(host)) {
    return errorResponse(
      oauthError('invalid_request', 'The request has no valid Host header (RFC 9112 §3.2).', { status: 400 }),
    );
  }
  if (allowed.has(host.toLowerCase())) return undefined;
  const names = [...allowed].join(', ');
  return errorResponse(
    oauthError(
      'invalid_request',
      `This server answers only requests for ${names}, not for Host ${host}: another name that resolves to this machine is not this server (DNS rebinding).`,
      { status: 421, headers: { Connection: 'close' } },
    ),
  );
}
