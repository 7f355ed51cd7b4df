import type { FlowId } from '../../flows/index.ts';
import { findFlow } from '../../flows/index.ts';
import { defaultParams } from './run-store.ts';

/**
 * The URL holds the flow (path) and its non-secret parameters that differ from the defaults
 * (search). Secrets, codes and tokens never enter it.
 */
export function searchFromParams(flowId: FlowId, params: Record<string, string>): string {
  const flow = findFlow(flowId);
  if (!flow) return '';
  const defaults = defaultParams(flow);
  const search = new URLSearchParams();
  for (const spec of flow.params) {
    if (spec.secret) continue;
    const value = params[spec.name] ?? '';
    if (value !== (defaults[spec.name] ?? '')) search.set(spec.name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The non-secret parameters the URL asks for: defaults overlaid with what the search says. */
export function paramsFromSearch(flowId: FlowId, search: string): Record<string, string> {
  const flow = findFlow(flowId);
  if (!flow) return {};
  const defaults = defaultParams(flow);
  const query = new URLSearchParams(search);
  const params: Record<string, string> = {};
  for (const spec of flow.params) {
    if (spec.secret) continue;
    params[spec.name] = query.get(spec.name) ?? defaults[spec.name] ?? '';
  }
  return params;
}

export function flowPath(flowId: FlowId, params: Record<string, string>): string {
  return `/flows/${flowId}${searchFromParams(flowId, params)}`;
}
