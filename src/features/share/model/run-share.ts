import { publicParams, type RunRecord, secretExtras, secretParamNames } from '../../flow-runner/index.ts';
import type { FlowDefinition } from '../../flows/index.ts';
import type { Omission } from './share-link.ts';

/** What a share link of this run carries, and what it leaves out (a pure function of the run). */
export function shareSetupOf(
  flow: FlowDefinition,
  run: RunRecord,
): { params: Record<string, string>; stepId: string; secretNames: string[]; omitted: Omission[] } {
  // Only what differs from the flow's defaults: a default such as the redirect URI depends on
  // where the playground runs, and the receiver's own default is the right one for them.
  const params = publicParams(flow, run.params, run.environment);
  // Secret parameters go in only to be left out and listed as such.
  const secretNames = [...secretParamNames(flow)];
  for (const name of secretNames) if (run.params[name]) params[name] = run.params[name];
  const omitted: Omission[] = secretExtras(flow, run.params).map((name) => ({
    what: `the extra parameter ${name}`,
    why: 'a secret, code or token; enter it again',
  }));
  if (run.environment.server === 'provider')
    omitted.push({
      what: `the provider ${run.environment.endpoints.issuer} and its client`,
      why: 'the link sets up the built-in server; choose the provider again on the Providers page',
    });
  return { params, stepId: run.stepId, secretNames, omitted };
}
