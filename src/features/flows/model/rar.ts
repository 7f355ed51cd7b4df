/**
 * Rich Authorization Requests (RFC 9396) with the `messages` type of this playground's sample
 * API: the parameter's editor, the checks the app makes before sending, and how the API's
 * answer reads against what was granted.
 */
import * as v from 'valibot';
import type { HttpExchange } from '../../../shared/trace.ts';
import { DEMO_AUDIENCE } from './common.ts';
import { jwtPayload } from './modern.ts';
import { exchangeError } from './preset-script.ts';
import type { Line, ParamSpec, StepOutcome } from './types.ts';

export const MESSAGES_TYPE = 'messages';
export const MESSAGES_ACTIONS = ['read', 'write'] as const;

/** One `messages` detail as the server accepts it (SPEC.md "RAR"): nothing but these three fields. */
const messagesDetail = v.strictObject({
  type: v.literal(MESSAGES_TYPE),
  actions: v.pipe(
    v.array(v.picklist(MESSAGES_ACTIONS, 'actions may only be "read" and "write"')),
    v.minLength(1, 'check at least one action (read or write)'),
  ),
  locations: v.optional(
    v.pipe(
      v.array(v.literal(DEMO_AUDIENCE, `the only location is the API, ${DEMO_AUDIENCE}`)),
      v.minLength(1, 'locations must not be empty (leave the field out instead)'),
    ),
  ),
});

/**
 * What the server will refuse in authorization_details that parse as an array of objects, one
 * readable sentence each (RFC 9396 §2: each object has a type, which defines its other fields).
 */
export function authorizationDetailsProblems(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(json)) return [];
  if (json.length === 0) return ['authorization_details must not be an empty array.'];
  const problems: string[] = [];
  json.forEach((entry, i) => {
    const type = (entry as { type?: unknown } | null)?.type;
    if (type !== MESSAGES_TYPE) {
      problems.push(
        `Entry ${i + 1}: type ${JSON.stringify(type ?? null)} is unknown here; this server supports only "${MESSAGES_TYPE}" (authorization_details_types_supported).`,
      );
      return;
    }
    const parsed = v.safeParse(messagesDetail, entry);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const field = v.getDotPath(issue);
      const message =
        issue.type === 'strict_object'
          ? `unknown field "${field ?? ''}" (a messages detail has only type, actions and locations)`
          : issue.message;
      problems.push(`Entry ${i + 1}: ${message}.`);
    }
  });
  return problems;
}

/** The text as sent: compact JSON when it parses, else exactly as typed (the server says what is wrong). */
export function compactJson(text: string | undefined): string | undefined {
  if (!text?.trim()) return undefined;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

export const READ_WRITE_DETAILS = [
  { type: MESSAGES_TYPE, actions: ['read', 'write'], locations: [DEMO_AUDIENCE] },
];

export const authorizationDetailsParam: ParamSpec = {
  name: 'authorization_details',
  label: 'Authorization details',
  kind: 'json',
  default: JSON.stringify(READ_WRITE_DETAILS, null, 2),
  help: 'What the app asks for, in structured form (RFC 9396 §2): each entry has a type; a messages entry says which actions on which API.',
  json: {
    itemLabel: 'Authorization detail',
    newItem: { type: MESSAGES_TYPE, actions: ['read'], locations: [DEMO_AUDIENCE] },
    fields: [
      {
        name: 'type',
        label: 'Type',
        kind: 'select',
        options: [MESSAGES_TYPE],
        help: 'The kind of authorization (RFC 9396 §2); the server lists the ones it knows in discovery.',
      },
      {
        name: 'actions',
        label: 'Actions',
        kind: 'checkboxes',
        options: MESSAGES_ACTIONS,
        help: 'read: GET /api/messages; write: POST /api/messages (RFC 9396 §2.2 actions).',
      },
      {
        name: 'locations',
        label: 'Locations (one URL a line)',
        kind: 'list',
        help: `The API the detail is for (RFC 9396 §2.2 locations): ${DEMO_AUDIENCE}.`,
      },
    ],
    problems: authorizationDetailsProblems,
  },
};

/** The actions a set of granted details allow at the sample API (RFC 9396 §9: the API decides). */
export function grantedActions(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  const actions = details.flatMap((d) =>
    (d as { type?: unknown })?.type === MESSAGES_TYPE && Array.isArray((d as { actions?: unknown }).actions)
      ? ((d as { actions: unknown[] }).actions.filter((a) => typeof a === 'string') as string[])
      : [],
  );
  return [...new Set(actions)];
}

/** The API's answer to one action, read against what the access token was granted. */
export function apiOutcome(
  exchange: HttpExchange,
  json: Record<string, unknown> | undefined,
  action: 'read' | 'write',
  accessToken: string | undefined,
): StepOutcome {
  const granted = grantedActions(jwtPayload(accessToken)?.authorization_details);
  const lines: Line[] = [
    {
      label: 'Actions granted in the access token’s authorization_details',
      value: granted.length ? granted.join(', ') : '(none)',
    },
    { label: 'Action this request needs', value: action },
  ];
  const { status } = exchange.response;
  if (status === 200 || status === 201) {
    const what =
      action === 'read'
        ? `read ${Array.isArray(json?.messages) ? json.messages.length : 0} message(s)`
        : `wrote message ${String(json?.id ?? '')}`;
    return { ok: true, message: `${status}: the API honoured the ${action} grant and ${what}.`, lines };
  }
  return { ok: false, message: exchangeError(exchange).error, lines };
}
