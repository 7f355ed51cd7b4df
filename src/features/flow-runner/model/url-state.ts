import { withoutSecretPairs } from '../../../lib/http/mask.ts';
import type { FlowDefinition, FlowEnv, ParamSpec } from '../../flows/index.ts';
import { defaultParams } from './run-record.ts';

/**
 * A parameter's value as it may leave the page (URL, share link, embed event): none for a secret
 * parameter, and the extra parameters without their secret lines (`client_secret=...`).
 */
export function publicValue(spec: ParamSpec, value: string): string | undefined {
  if (spec.secret) return undefined;
  return spec.kind === 'extra' ? withoutSecretPairs(value).text : value;
}

/** Secret names typed into the flow's extra parameters: left out of URLs, links and events. */
export function secretExtras(flow: FlowDefinition, params: Record<string, string>): string[] {
  return flow.params
    .filter((spec) => spec.kind === 'extra')
    .flatMap((spec) => withoutSecretPairs(params[spec.name] ?? '').removed);
}

/**
 * The URL holds the flow (path) and its non-secret parameters that differ from the defaults
 * (search): react-router's search parameters are their one source of truth. Secrets, codes and
 * tokens never enter it.
 */
export function searchFromParams(flow: FlowDefinition, params: Record<string, string>, env: FlowEnv): string {
  const defaults = defaultParams(flow, env);
  const search = new URLSearchParams();
  for (const spec of flow.params) {
    const value = publicValue(spec, params[spec.name] ?? '');
    if (value !== undefined && value !== (defaults[spec.name] ?? '')) search.set(spec.name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The non-secret parameters the URL asks for: defaults overlaid with what the search says. */
export function paramsFromSearch(flow: FlowDefinition, search: string, env: FlowEnv): Record<string, string> {
  const defaults = defaultParams(flow, env);
  const query = new URLSearchParams(search);
  const params: Record<string, string> = {};
  for (const spec of flow.params) {
    if (spec.secret) continue;
    params[spec.name] = query.get(spec.name) ?? defaults[spec.name] ?? '';
  }
  return params;
}

/** The non-secret parameters as name/value pairs (what the URL, share links and embed events carry). */
export function publicParams(flow: FlowDefinition, params: Record<string, string>, env: FlowEnv) {
  return Object.fromEntries(new URLSearchParams(searchFromParams(flow, params, env)));
}

export function flowPath(flow: FlowDefinition, params: Record<string, string>, env: FlowEnv): string {
  return `/flows/${flow.id}${searchFromParams(flow, params, env)}`;
}
