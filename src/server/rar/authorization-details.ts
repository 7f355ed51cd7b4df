import * as v from 'valibot';
import { type OAuthError, oauthError } from '../errors.ts';
import { DEMO_API } from '../tenant/demo.ts';
import type { Api, Client, Tenant } from '../tenant/schema.ts';

/** The authorization details types this server understands (RFC 9396 §10: `authorization_details_types_supported`). */
export const AUTHORIZATION_DETAILS_TYPES = ['messages'] as const;
export const MESSAGES_ACTIONS = ['read', 'write'] as const;
const MAX_DETAILS = 10;

/** One `messages` authorization detail: what the sample API at https://api.example.com may be asked. */
export interface AuthorizationDetail {
  type: 'messages';
  actions: ('read' | 'write')[];
  locations?: string[];
}

/** RFC 9396 §2: an object with `type`; for `messages` only `actions` and `locations`, nothing else. */
const messagesDetail = v.strictObject({
  type: v.literal('messages'),
  actions: v.pipe(
    v.array(
      v.picklist(MESSAGES_ACTIONS, "actions may only be 'read' and 'write'"),
      'actions must be an array',
    ),
    v.minLength(1, "actions must name at least one of 'read' and 'write'"),
  ),
  locations: v.optional(
    v.pipe(
      v.array(v.literal(DEMO_API, `locations may only be '${DEMO_API}'`), 'locations must be an array'),
      v.minLength(1, 'locations must not be empty'),
    ),
  ),
});

const detailsSchema = v.pipe(
  v.array(v.unknown(), 'authorization_details must be a JSON array'),
  v.minLength(1, 'authorization_details must not be empty'),
  v.maxLength(MAX_DETAILS, `authorization_details may have at most ${MAX_DETAILS} entries`),
);

function invalid(description: string): OAuthError {
  return oauthError('invalid_authorization_details', description);
}

function typeOf(entry: unknown): unknown {
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry)
    ? (entry as Record<string, unknown>).type
    : undefined;
}

/**
 * Parses the `authorization_details` parameter (RFC 9396 §2, §5): a JSON array of `messages`
 * objects whose `actions` are among read and write and whose `locations` are the sample API.
 * An unknown type, field or value, a type the client did not register, or a tenant without the
 * sample API is `invalid_authorization_details`. Used by /authorize and by PAR.
 */
export function parseAuthorizationDetails(
  tenant: Tenant,
  client: Client,
  raw: string | undefined,
): AuthorizationDetail[] | undefined {
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalid('authorization_details is not valid JSON.');
  }
  const list = v.safeParse(detailsSchema, json);
  if (!list.success) throw invalid(`${list.issues[0].message}.`);
  const details: AuthorizationDetail[] = [];
  list.output.forEach((entry, i) => {
    const type = typeOf(entry);
    if (typeof type !== 'string')
      throw invalid(`authorization_details[${i}] must be an object with a string type.`);
    if (!(AUTHORIZATION_DETAILS_TYPES as readonly string[]).includes(type))
      throw invalid(
        `authorization_details[${i}]: unknown type '${type}' (supported: ${AUTHORIZATION_DETAILS_TYPES.join(', ')}).`,
      );
    // RFC 9396 §10: a client that registered authorization_details_types may use only those.
    if (client.authorizationDetailsTypes && !client.authorizationDetailsTypes.includes(type))
      throw invalid(`authorization_details[${i}]: the client ${client.clientId} may not use type '${type}'.`);
    const parsed = v.safeParse(messagesDetail, entry);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = v.getDotPath(issue);
      const message =
        issue.type === 'strict_object'
          ? `unknown field '${path ?? ''}' (a messages detail has only type, actions and locations)`
          : issue.message;
      throw invalid(`authorization_details[${i}]: ${message}.`);
    }
    details.push(parsed.output as AuthorizationDetail);
  });
  if (!tenant.apis.some((api) => api.identifier === DEMO_API))
    throw invalid(`The tenant has no API ${DEMO_API} for messages authorization details.`);
  return details;
}

/**
 * The API of a request with authorization details: `messages` details are for the sample API, so
 * with no `audience` the request is for it (its tokens are JWTs for it), and another audience is refused.
 */
export function checkDetailsAudience(
  tenant: Tenant,
  api: Api | undefined,
  details: readonly AuthorizationDetail[] | undefined,
): Api | undefined {
  if (!details) return api;
  if (api && api.identifier !== DEMO_API)
    throw invalid(
      `messages authorization details are for ${DEMO_API}, but the audience is ${api.identifier}.`,
    );
  return api ?? tenant.apis.find((a) => a.identifier === DEMO_API);
}

/** Whether the granted details allow an action at the sample API (RFC 9396 §9: the resource server decides). */
export function detailsPermit(
  details: readonly AuthorizationDetail[] | undefined,
  action: 'read' | 'write',
): boolean {
  return (details ?? []).some(
    (d) =>
      d.type === 'messages' && d.actions.includes(action) && (d.locations ?? [DEMO_API]).includes(DEMO_API),
  );
}

/** A detail in words, for the consent page (RFC 9396 §4: the user must understand what is asked). */
export function describeAuthorizationDetail(detail: AuthorizationDetail): string {
  const verbs =
    detail.actions.includes('read') && detail.actions.includes('write')
      ? 'Read and write'
      : detail.actions.includes('write')
        ? 'Write'
        : 'Read';
  return `${verbs} your messages at ${(detail.locations ?? [DEMO_API]).join(', ')}`;
}
