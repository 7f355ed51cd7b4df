import type { FrameState } from '../model/run-record.ts';

/** The in-page browser's accessible name, by what it is open for. */
export function frameTitle(frame: Pick<FrameState, 'purpose' | 'page'>): string {
  if (frame.purpose === 'verification') return `Second device: ${frame.page ?? 'verification page'}`;
  if (frame.purpose === 'logout') return 'Logout';
  return 'Authorization server';
}
