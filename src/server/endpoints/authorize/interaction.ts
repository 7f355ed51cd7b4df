import type { AuthorizeRequest } from '../../checks/authorize-request.ts';
import type { ServerContext } from '../../context.ts';
import { randomToken } from '../../tokens/random.ts';

/** An interaction lives an hour (server clock); then its login and consent URLs stop working. */
export const INTERACTION_LIFETIME = 3600;

/** Who logged in for this interaction, and with which session. */
export interface InteractionLogin {
  userId: string;
  authTime: number;
  sessionId: string;
}

interface InteractionBase {
  /** Opaque and random: the only thing about the interaction that appears in URLs. */
  id: string;
  createdAt: number;
  expiresAt: number;
  login?: InteractionLogin;
}

/** A pending /authorize request, waiting for login and consent. */
export interface AuthorizeInteraction extends InteractionBase {
  kind: 'authorize';
  request: AuthorizeRequest;
}

/** A device authorization being approved on /activate (RFC 8628 §3.3). */
export interface DeviceInteraction extends InteractionBase {
  kind: 'device';
  deviceCode: string;
  userCode: string;
}

export type Interaction = AuthorizeInteraction | DeviceInteraction;

/** The interaction id format (randomToken(32)), checked before any store lookup. */
const INTERACTION_ID = /^[A-Za-z0-9_-]{43}$/;

export function newInteractionBase(ctx: ServerContext): InteractionBase {
  return { id: randomToken(32), createdAt: ctx.now, expiresAt: ctx.now + INTERACTION_LIFETIME };
}

export async function saveInteraction(ctx: ServerContext, interaction: Interaction): Promise<void> {
  await ctx.store.put('interactions', interaction.id, interaction);
}

export async function loadInteraction(
  ctx: ServerContext,
  id: string | undefined,
): Promise<Interaction | undefined> {
  if (!id || !INTERACTION_ID.test(id)) return undefined;
  const interaction = await ctx.store.get<Interaction>('interactions', id);
  if (!interaction || ctx.now >= interaction.expiresAt) return undefined;
  return interaction;
}

/** Removes the interaction atomically; false when it was already used (a double submit, a second tab). */
export async function consumeInteraction(ctx: ServerContext, id: string): Promise<boolean> {
  const { before } = await ctx.store.update<Interaction>('interactions', id, () => undefined);
  return before !== undefined && ctx.now < before.expiresAt;
}

export const loginPath = (id: string) => `u/login/${id}`;
export const consentPath = (id: string) => `u/consent/${id}`;
