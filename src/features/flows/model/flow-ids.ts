/** The id of every flow (its definition is in definitions/, one file each); ids appear in URLs. */
export const flowIds = [
  'auth-code',
  'auth-code-pkce',
  'implicit',
  'client-credentials',
  'password',
  'device',
  'refresh-token',
  'token-exchange',
  'auth-code-par',
  'jar',
  'private-key-jwt',
  'ciba',
  'rar',
  'hybrid',
  'dpop',
  'fapi2',
] as const;
export type FlowId = (typeof flowIds)[number];

export function isFlowId(id: string | null | undefined): id is FlowId {
  return id != null && (flowIds as readonly string[]).includes(id);
}
