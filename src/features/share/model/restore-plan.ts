import type { FlowDefinition, StepDefinition } from '../../flows/index.ts';

/**
 * How a share link made at some step becomes a runnable state for the person who opens it. Nothing
 * a step produced travels in a link (state, nonce, verifier, codes, tokens), so:
 * - the local steps before the first step that needs the server or the user (`prepare`: PKCE)
 *   are redone at once, with freshly generated parameters;
 * - the recipient lands on the first step that still has to be done, and is told which steps
 *   to redo before reaching the one the link was made at.
 */
export interface RestorePlan {
  /** Local steps redone automatically, in order. */
  automatic: StepDefinition[];
  /** Where the recipient lands. */
  landing: StepDefinition;
  /** The step the link was made at (the landing step or a later one). */
  target: StepDefinition;
  /** Steps from the landing step up to (not including) the target: to redo. */
  redo: StepDefinition[];
  /** Why the link's step was not used as it is, if it was not ("this flow has no step ..."). */
  note?: string;
}

export function restorePlan(flow: FlowDefinition, stepId: string | null): RestorePlan | undefined {
  const first = flow.steps[0];
  if (!first) return undefined;
  const found = stepId ? flow.steps.findIndex((s) => s.id === stepId) : 0;
  const note =
    stepId && found === -1 ? `the step "${stepId.slice(0, 40)}" (this flow has no such step)` : undefined;
  const targetIndex = Math.max(0, found);
  const target = flow.steps[targetIndex] ?? first;
  let landingIndex = flow.steps.findIndex((s, i) => i <= targetIndex && s.kind !== 'prepare');
  if (landingIndex === -1) landingIndex = targetIndex;
  const landing = flow.steps[landingIndex] ?? first;
  return {
    automatic: flow.steps.slice(0, landingIndex),
    landing,
    target,
    redo: flow.steps.slice(landingIndex, targetIndex),
    note,
  };
}

const stepName = (flow: FlowDefinition, step: StepDefinition) =>
  `step ${flow.steps.indexOf(step) + 1} (${step.title})`;

const products = (steps: readonly StepDefinition[]) => {
  const all = steps.flatMap((s) => s.produces ?? []);
  return all.length ? all.join(', ') : 'what they produce';
};

/** What the recipient is told about the plan, one sentence each. */
export function describePlan(flow: FlowDefinition, plan: RestorePlan): string[] {
  const lines: string[] = [];
  if (plan.automatic.length)
    lines.push(
      `Done again here, with new state, nonce and verifier: ${plan.automatic.map((s) => stepName(flow, s)).join(', ')}.`,
    );
  if (plan.redo.length)
    lines.push(
      `The link was made at ${stepName(flow, plan.target)}. Redo ${plan.redo
        .map((s) => stepName(flow, s))
        .join(', then ')} first: ${products(plan.redo)} cannot travel in a link.`,
    );
  else if (plan.target !== flow.steps[0])
    lines.push(`You are at ${stepName(flow, plan.landing)}, where the link was made.`);
  return lines;
}
