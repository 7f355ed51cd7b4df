import type { IncomingMessage, ServerResponse } from 'node:http';
import { knownText } from '../server/response-text.ts';
import { bufferedRequest } from './request.ts';

/**
 * Node's http to the core's Web-standard interface and back, without Web streams: the body is
 * read from the socket into one buffer, at most `limit + 1` bytes (one more than the core accepts,
 * so the core sees that it is too large and answers 413; the rest is never read).
 */
export async function toRequest(req: IncomingMessage, origin: string, limit: number): Promise<Request> {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const method = req.method ?? 'GET';
  const body = method !== 'GET' && method !== 'HEAD' ? await readAtMost(req, limit + 1) : undefined;
  // Concatenated, not resolved: a path like //host/x must stay a path on this server. Parsed as
  // a Request would parse it (a target that makes no URL is refused).
  const url = new URL(`${origin}${req.url ?? '/'}`).href;
  return bufferedRequest(url, method, headers, body);
}

function readAtMost(req: IncomingMessage, max: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', done);
      req.off('error', reject);
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      const room = max - size;
      chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.byteLength, room);
      if (size >= max) {
        // Too large: stop reading; the connection is closed after the answer.
        req.pause();
        done();
      }
    };
    req.on('data', onData);
    req.on('end', done);
    req.on('error', reject);
  });
}

export async function writeResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  // A body the core made from a string is sent as that string, without reading its stream back.
  const body =
    req.method === 'HEAD' || !response.body
      ? undefined
      : (knownText(response) ?? new Uint8Array(await response.arrayBuffer()));
  if (!req.complete) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(body);
  if (!req.complete) res.once('finish', () => req.destroy());
}
