/** A backchannel authentication request (OpenID CIBA Core §7), polled for by `auth_req_id`. */
export interface BackchannelRequest {
  authReqId: string;
  /** What the authentication device page names the request by (never the auth_req_id itself). */
  approvalId: string;
  clientId: string;
  userId: string;
  scope: string[];
  audience?: string;
  bindingMessage?: string;
  createdAt: number;
  expiresAt: number;
  interval: number;
  lastPolledAt?: number;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  authTime?: number;
}

/** Seconds a CIBA request lives unless the client asks for less (`requested_expiry`). */
export const BACKCHANNEL_LIFETIME = 300;
/** Seconds between polls (CIBA Core §7.3 `interval`). */
export const BACKCHANNEL_INTERVAL = 5;
