import { useSyncExternalStore } from 'react';
import { createScript, type ErrorPreset, type PresetOutcome, PresetStopped } from './presets.ts';
import { resetRun, selectFlow, setParams, startFlow } from './run-store.ts';

/** The preset being run or last run; outside React so that a route change keeps it. */
export interface PresetState {
  preset?: ErrorPreset;
  phase: 'idle' | 'running' | 'waiting' | 'done' | 'stopped';
  outcome?: PresetOutcome;
  problem?: string;
}

let state: PresetState = { phase: 'idle' };
const listeners = new Set<() => void>();
function set(next: PresetState) {
  state = next;
  for (const l of listeners) l();
}

export function usePresetState(): PresetState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** Sets the preset's flow up from its defaults and runs it to the error. */
export async function runPreset(preset: ErrorPreset, navigateToFlow: () => void): Promise<void> {
  selectFlow(preset.flowId);
  resetRun();
  if (preset.params) setParams(preset.params);
  navigateToFlow();
  startFlow();
  set({ preset, phase: 'running' });
  const script = createScript((waiting) => {
    if (state.preset === preset) set({ preset, phase: waiting ? 'waiting' : 'running' });
  });
  try {
    const outcome = await preset.run(script);
    set({ preset, phase: 'done', outcome });
  } catch (error) {
    set({
      preset,
      phase: 'stopped',
      problem: error instanceof PresetStopped ? error.message : `Unexpected: ${String(error)}`,
    });
  }
}
