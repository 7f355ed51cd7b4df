import {
  type ErrorPreset,
  type FlowDefinition,
  flows,
  type PresetOutcome,
  type PresetScript,
  PresetStopped,
  type StepReport,
} from '../../flows/index.ts';
import { adminUrl } from '../../server-metadata/index.ts';
import { flowContext, pollInterval, type StepResult, stepDraft } from './run-record.ts';
import type { RunStore } from './run-store.ts';

/** A preset with the flow it starts from. */
export interface FlowPreset {
  flow: FlowDefinition;
  preset: ErrorPreset;
}

/** Every flow's presets, in the flows' order. */
export function allPresets(): FlowPreset[] {
  return flows.flatMap((flow) => (flow.presets ?? []).map((preset) => ({ flow, preset })));
}

export interface PresetState {
  preset?: ErrorPreset;
  phase: 'idle' | 'running' | 'waiting' | 'done' | 'stopped';
  outcome?: PresetOutcome;
  problem?: string;
}

function report(store: RunStore, result: StepResult | undefined): StepReport | undefined {
  if (!result) return undefined;
  const exchange = result.exchangeId
    ? store.get().exchanges.find((e) => e.id === result.exchangeId)
    : undefined;
  return { status: result.status, message: result.message, exchange };
}

/** How long a preset polls for the user's decision on a second device. */
const POLL_TIMEOUT_MS = 180_000;

/** What a preset can do, on one run. */
export function createScript(store: RunStore, onWaiting: (waiting: boolean) => void): PresetScript {
  const step = (stepId: string) => store.flow.steps.find((s) => s.id === stepId);
  const send = store.send;
  return {
    async step(stepId, change) {
      const definition = step(stepId);
      if (!definition) throw new PresetStopped(`The flow has no step ${stepId}.`);
      const draft = stepDraft(store.get(), definition);
      const result = await store.runStep(stepId, draft && change ? { draft: change(draft) } : {});
      if (definition.kind !== 'authorize') return report(store, result);
      onWaiting(true);
      try {
        return report(store, await store.waitForStep(stepId));
      } finally {
        onWaiting(false);
      }
    },
    async poll(stepId) {
      const definition = step(stepId);
      if (!definition) throw new PresetStopped(`The flow has no step ${stepId}.`);
      const deadline = Date.now() + POLL_TIMEOUT_MS;
      onWaiting(true);
      try {
        for (;;) {
          const result = await store.runStep(stepId);
          if (result?.status !== 'retry' || Date.now() > deadline) return report(store, result);
          const seconds = pollInterval(store.get(), definition) ?? 5;
          await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        }
      } finally {
        onWaiting(false);
      }
    },
    begin(stepId) {
      void store.runStep(stepId);
    },
    draft(stepId) {
      const definition = step(stepId);
      return definition ? stepDraft(store.get(), definition) : undefined;
    },
    context: () => flowContext(store.get()),
    send,
    admin: (method, path, body) =>
      send({
        method,
        url: adminUrl(path),
        headers: body === undefined ? [] : [['Content-Type', 'application/json']],
        body: body === undefined ? null : JSON.stringify(body),
      }),
  };
}

/**
 * Runs presets and keeps their state. Owned by the page, so that it survives the switch to the
 * preset's flow: `request` remembers a preset of another flow until that flow's run `takes` it.
 */
export function createPresetRunner() {
  let state: PresetState = { phase: 'idle' };
  let pending: { flowId: string; preset: ErrorPreset } | undefined;
  const listeners = new Set<() => void>();
  const set = (next: PresetState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  const run = async (preset: ErrorPreset, store: RunStore): Promise<void> => {
    store.reset();
    if (preset.params) store.setParams(preset.params);
    store.start();
    set({ preset, phase: 'running' });
    const script = createScript(store, (waiting) => {
      if (state.preset === preset) set({ preset, phase: waiting ? 'waiting' : 'running' });
    });
    try {
      set({ preset, phase: 'done', outcome: await preset.run(script) });
    } catch (error) {
      set({
        preset,
        phase: 'stopped',
        problem: error instanceof PresetStopped ? error.message : `Unexpected: ${String(error)}`,
      });
    }
  };

  return {
    get: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    run,
    /** A preset of another flow: kept until that flow's page takes it. */
    request(flowId: string, preset: ErrorPreset) {
      pending = { flowId, preset };
      set({ preset, phase: 'running' });
    },
    take(flowId: string): ErrorPreset | undefined {
      if (pending?.flowId !== flowId) return undefined;
      const { preset } = pending;
      pending = undefined;
      return preset;
    },
  };
}

export type PresetRunner = ReturnType<typeof createPresetRunner>;
