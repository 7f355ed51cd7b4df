import type { FrameState } from '../model/run-store.ts';

/** The in-page browser's accessible name, by what it is open for. */
export function frameTitle(purpose: FrameState['purpose']): string {
  return purpose === 'device'
    ? 'Second device: verification page'
    : purpose === 'logout'
      ? 'Logout'
      : 'Authorization server';
}
