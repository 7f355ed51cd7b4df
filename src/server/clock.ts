import type { Store } from './store/types.ts';

/** The server clock: the base clock plus an offset that the UI can move forward, kept in the store. */
export interface ClockState {
  offsetSeconds: number;
}

export async function readClockOffset(store: Store): Promise<number> {
  return (await store.get<ClockState>('meta', 'clock'))?.offsetSeconds ?? 0;
}

export async function advanceClock(store: Store, seconds: number): Promise<number> {
  const { after } = await store.update<ClockState>('meta', 'clock', (current) => ({
    offsetSeconds: (current?.offsetSeconds ?? 0) + seconds,
  }));
  return after?.offsetSeconds ?? 0;
}

export async function resetClock(store: Store): Promise<void> {
  await store.delete('meta', 'clock');
}
