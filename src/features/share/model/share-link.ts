import { SECRET_PARAMS } from '../../export/index.ts';
import { type FlowId, isFlowId } from '../../flows/index.ts';
import { checksum, deflateToBase64Url, inflateFromBase64Url } from './codec.ts';
import { isJsonObject, type JsonObject } from './merge-patch.ts';

/**
 * Share link: `<origin><base>flows/<flowId>?<params>&step=<stepId>&tenant=<changes>`.
 * `tenant` is `z1.<deflate-raw + base64url of the merge patch JSON>.<checksum>`.
 * Secrets, passwords, codes and tokens never go in (OWASP ASVS V8.3.1: no sensitive data in URLs).
 */

/** Parameters named in the link's query that are not flow parameters. */
export const RESERVED = new Set(['step', 'tenant']);
const TENANT_PREFIX = 'z1.';
export const MAX_LINK_LENGTH = 16_000;
const MAX_PARAM_VALUE = 2_000;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
const STEP_ID = /^[A-Za-z0-9_-]{1,64}$/;
const JWT_LIKE = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./;

export interface ShareSetup {
  flowId: string;
  params: Readonly<Record<string, string | undefined>>;
  stepId?: string | null;
  /** The tenant's changes from the demo (merge patch), without secrets; null for the demo tenant. */
  tenantPatch?: JsonObject | null;
}

/** Something the link cannot carry, said plainly to the person who makes it. */
export interface Omission {
  what: string;
  why: string;
}

export interface ShareLink {
  url: string;
  omitted: Omission[];
}

/** Whether a parameter may travel in a link: never a credential, code or token. */
export function isShareableParam(name: string, value: string): boolean {
  return !SECRET_PARAMS.has(name.toLowerCase()) && !JWT_LIKE.test(value) && !RESERVED.has(name);
}

/**
 * Builds the link. `appUrl` is `<origin><base>` with its trailing slash. `secretParams` are the
 * names the flow marks secret (beyond the standard ones).
 */
export async function makeShareLink(
  appUrl: string,
  setup: ShareSetup,
  secretParams: readonly string[] = [],
): Promise<ShareLink> {
  if (!isFlowId(setup.flowId)) throw new Error(`Unknown flow: ${setup.flowId}`);
  const url = new URL(`flows/${setup.flowId}`, appUrl);
  const omitted: Omission[] = [];
  for (const [name, value] of Object.entries(setup.params)) {
    if (value === undefined || value === '') continue;
    if (secretParams.includes(name) || !isShareableParam(name, value)) {
      omitted.push({ what: `the parameter ${name}`, why: 'a secret, code or token; enter it again' });
      continue;
    }
    if (!PARAM_NAME.test(name) || value.length > MAX_PARAM_VALUE) {
      omitted.push({ what: `the parameter ${name}`, why: 'its name or length does not fit in a link' });
      continue;
    }
    url.searchParams.set(name, value);
  }
  if (setup.stepId && STEP_ID.test(setup.stepId)) url.searchParams.set('step', setup.stepId);
  if (setup.tenantPatch) {
    const json = JSON.stringify(setup.tenantPatch);
    url.searchParams.set(
      'tenant',
      `${TENANT_PREFIX}${await deflateToBase64Url(json)}.${await checksum(json)}`,
    );
  }
  omitted.push(
    { what: 'tokens, codes and the PKCE verifier of this run', why: 'the other person runs the flow again' },
    { what: 'the login session and consents', why: 'they belong to this browser' },
    { what: 'the signing keys', why: 'each browser has its own; tokens are signed anew' },
  );
  if (url.href.length > MAX_LINK_LENGTH)
    throw new Error(
      `The link would be ${url.href.length} characters long; export the tenant as JSON instead.`,
    );
  return { url: url.href, omitted };
}

export interface ParsedShareLink {
  flowId: FlowId;
  params: Record<string, string>;
  stepId: string | null;
  tenantPatch: JsonObject | null;
  /** Parts of the link that were ignored, and why (shown to the user). */
  ignored: string[];
}

export type ShareLinkParse = { ok: true; link: ParsedShareLink } | { ok: false; error: string };

/** Decodes the `tenant` value: prefix, compressed JSON, checksum. */
export async function decodeTenantParam(value: string): Promise<JsonObject> {
  if (!value.startsWith(TENANT_PREFIX)) throw new Error('it is not in a format this playground knows');
  const [data, sum, extra] = value.slice(TENANT_PREFIX.length).split('.');
  if (!data || !sum || extra !== undefined) throw new Error('it is incomplete (was the link cut off?)');
  const json = await inflateFromBase64Url(data);
  if ((await checksum(json)) !== sum)
    throw new Error('its checksum does not match (the link was changed or cut)');
  let patch: unknown;
  try {
    patch = JSON.parse(json);
  } catch {
    throw new Error('it is not JSON');
  }
  if (!isJsonObject(patch)) throw new Error('it is not a JSON object');
  return patch;
}

/**
 * Parses a share link (or the current location) defensively: anything unexpected is an error
 * message, never an exception, and unknown or secret-looking parts are ignored with a note.
 */
export async function parseShareLink(href: string, appUrl: string): Promise<ShareLinkParse> {
  if (href.length > MAX_LINK_LENGTH) return { ok: false, error: 'This link is too long to be a share link.' };
  let url: URL;
  try {
    url = new URL(href, appUrl);
  } catch {
    return { ok: false, error: 'This is not a URL.' };
  }
  const flowsPath = new URL('flows/', appUrl).pathname;
  if (!url.pathname.startsWith(flowsPath))
    return { ok: false, error: `This is not a share link: its path should start with ${flowsPath}.` };
  let flowId: string;
  try {
    flowId = decodeURIComponent(url.pathname.slice(flowsPath.length).replace(/\/$/, ''));
  } catch {
    return { ok: false, error: 'The flow name in this link is damaged.' };
  }
  if (!isFlowId(flowId))
    return {
      ok: false,
      error: `This link names a flow this playground does not have: "${flowId.slice(0, 40)}".`,
    };
  const params: Record<string, string> = {};
  const ignored: string[] = [];
  let stepId: string | null = null;
  let tenantPatch: JsonObject | null = null;
  for (const [name, value] of url.searchParams) {
    if (name === 'step') {
      if (STEP_ID.test(value)) stepId = value;
      else ignored.push('the step (not a step name)');
    } else if (name === 'tenant') {
      try {
        tenantPatch = await decodeTenantParam(value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'it could not be read';
        return { ok: false, error: `The tenant changes in this link cannot be used: ${reason}.` };
      }
    } else if (!PARAM_NAME.test(name) || value.length > MAX_PARAM_VALUE) {
      ignored.push(`a parameter with an unusual name or length (${name.slice(0, 30)})`);
    } else if (!isShareableParam(name, value)) {
      ignored.push(`${name} (secrets and tokens are never taken from a link)`);
    } else if (name in params) {
      ignored.push(`${name} given twice (the first one is used)`);
    } else {
      params[name] = value;
    }
  }
  return { ok: true, link: { flowId, params, stepId, tenantPatch, ignored } };
}
