import type { FrameState } from '../model/run-record.ts';

/** The in-page browser's accessible name, by what it is open for. */
export function frameTitle(purpose: FrameState['purpose']): string {
  return purpose === 'verification'
    ? 'Second device: verification page'
    : purpose === 'logout'
      ? 'Logout'
      : 'Authorization server';
}
