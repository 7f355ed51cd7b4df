import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { TraceExchange } from '../shared/trace.ts';
import {
  MAX_AGE_MS,
  MAX_BUFFERED,
  MAX_BUFFERED_BODY,
  TraceBuffer,
  traceDatabaseName,
} from './trace-buffer.ts';

function exchange(id: string, startedAt: number, body: string | null = null): TraceExchange {
  return {
    source: 'worker',
    type: 'exchange',
    id,
    startedAt,
    durationMs: 1,
    kind: 'navigate',
    request: { method: 'GET', url: `http://localhost/server/${id}`, headers: [], body: null },
    response: { status: 200, statusText: 'OK', headers: [['content-type', 'text/html']], body },
  };
}

describe('TraceBuffer', () => {
  it('returns the exchanges since a moment, oldest first, whatever the write order', async () => {
    const buffer = new TraceBuffer({ factory: new IDBFactory(), now: () => 10_000 });
    await buffer.add(exchange('b', 9_002));
    await buffer.add(exchange('a', 9_001));
    await buffer.add(exchange('before', 8_999));
    await buffer.add(exchange('c', 9_003, '<p>consent</p>'));
    const since = await buffer.since(9_000);
    expect(since.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(since[2]).toEqual(exchange('c', 9_003, '<p>consent</p>'));
  });

  it('survives a new connection (a stopped and restarted worker) on the same database', async () => {
    const factory = new IDBFactory();
    const name = traceDatabaseName('/playground/');
    await new TraceBuffer({ factory, name, now: () => 10 }).add(exchange('kept', 5));
    const reopened = new TraceBuffer({ factory, name, now: () => 10 });
    expect((await reopened.since(0)).map((e) => e.id)).toEqual(['kept']);
    // Another base path is another database.
    expect(await new TraceBuffer({ factory, name: traceDatabaseName('/') }).since(0)).toEqual([]);
  });

  it(`keeps only the last ${MAX_BUFFERED} exchanges`, async () => {
    const buffer = new TraceBuffer({ factory: new IDBFactory(), now: () => 1_000_000 });
    for (let i = 0; i < MAX_BUFFERED + 5; i++) await buffer.add(exchange(`e${i}`, 1_000_000 - 1000 + i));
    const kept = await buffer.since(0);
    expect(kept).toHaveLength(MAX_BUFFERED);
    expect(kept[0]?.id).toBe('e5');
    expect(kept.at(-1)?.id).toBe(`e${MAX_BUFFERED + 4}`);
  });

  it('drops exchanges older than an hour on write', async () => {
    let now = 0;
    const buffer = new TraceBuffer({ factory: new IDBFactory(), now: () => now });
    await buffer.add(exchange('old', 0));
    now = MAX_AGE_MS;
    await buffer.add(exchange('edge', MAX_AGE_MS - 1));
    expect((await buffer.since(0)).map((e) => e.id)).toEqual(['old', 'edge']);
    now = MAX_AGE_MS + 1;
    await buffer.add(exchange('new', now));
    expect((await buffer.since(0)).map((e) => e.id)).toEqual(['edge', 'new']);
  });

  it('caps each body and says how much was left out', async () => {
    const buffer = new TraceBuffer({ factory: new IDBFactory(), now: () => 0 });
    await buffer.add(exchange('big', 0, 'x'.repeat(MAX_BUFFERED_BODY + 10)));
    const [big] = await buffer.since(0);
    expect(big?.response.body).toBe(`${'x'.repeat(MAX_BUFFERED_BODY)}\n[… 10 more characters not kept]`);
  });
});
