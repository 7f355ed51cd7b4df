/** HTTP helpers for the benchmark: keep-alive requests, a cookie jar, and a bounded load loop. */
import { Agent, request } from 'node:http';

/** One request over a keep-alive agent; resolves with status, headers and body text. */
export function send(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function keepAliveAgent(concurrency) {
  return new Agent({ keepAlive: true, maxSockets: concurrency });
}

export class CookieJar {
  cookies = new Map();
  remember(headers) {
    for (const header of [headers['set-cookie'] ?? []].flat()) {
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Sends `total` requests with `concurrency` in flight at a time. `next(i)` returns the i-th
 * request; a response that is not 200 counts as an error. Returns requests/s and latencies (ms).
 */
export async function load({ agent, total, concurrency, next }) {
  const latencies = [];
  let errors = 0;
  let firstError;
  let issued = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (issued < total) {
      const i = issued++;
      const { url, ...init } = next(i);
      const t0 = process.hrtime.bigint();
      const response = await send(agent, url, init);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (response.status !== 200) {
        errors++;
        firstError ??= `${response.status} ${response.body.slice(0, 200)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { requests: total, errors, firstError, seconds, latencies };
}

/** Several runs of one phase merged: requests/s over the time spent, percentiles over every request. */
export function summarize(runs) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  return {
    requests,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    firstError: runs.find((r) => r.firstError)?.firstError,
    seconds,
    rps: requests / seconds,
    roundsRps: runs.map((r) => r.requests / r.seconds),
    cpuPerRequest: runs.reduce((s, r) => s + (r.cpuMs ?? Number.NaN), 0) / requests,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
