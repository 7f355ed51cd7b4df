import { createContext, type ReactNode, useContext, useState, useSyncExternalStore } from 'react';
import type { FlowDefinition } from '../../flows/index.ts';
import { createPresetRunner, type PresetRunner, type PresetState } from './preset-runner.ts';
import type { RunRecord } from './run-record.ts';
import type { RunStore } from './run-store.ts';

interface RunContextValue {
  store: RunStore;
  presets: PresetRunner;
  /** Opens another flow's page (to run its preset); absent where the page cannot (the embed). */
  openFlow?: (flowId: string) => void;
}

const RunContext = createContext<RunContextValue | null>(null);

/** Hands the page's run down to the runner's components (and to share, export, embed). */
export function RunProvider({
  store,
  presets,
  openFlow,
  children,
}: {
  store: RunStore;
  presets?: PresetRunner;
  openFlow?: (flowId: string) => void;
  children: ReactNode;
}) {
  const [own] = useState(createPresetRunner);
  return (
    <RunContext.Provider value={{ store, presets: presets ?? own, openFlow }}>{children}</RunContext.Provider>
  );
}

function useRunContext(): RunContextValue {
  const value = useContext(RunContext);
  if (!value) throw new Error('The run is used outside of a RunProvider.');
  return value;
}

/** The run's commands. */
export function useRunStore(): RunStore {
  return useRunContext().store;
}

/** The run record, re-rendering on every change. */
export function useRun(): RunRecord {
  const { store } = useRunContext();
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

export function useRunFlow(): FlowDefinition {
  return useRunContext().store.flow;
}

export function usePresets(): {
  runner: PresetRunner;
  state: PresetState;
  openFlow?: (flowId: string) => void;
} {
  const { presets, openFlow } = useRunContext();
  const state = useSyncExternalStore(presets.subscribe, presets.get, presets.get);
  return { runner: presets, state, openFlow };
}
