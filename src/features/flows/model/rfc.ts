import type { RfcLink } from './types.ts';

/** Links to spec sections, by RFC number and section. */
export function rfc(number: number, section: string, label?: string): RfcLink {
  return {
    label: label ?? `RFC ${number} §${section}`,
    href: `https://www.rfc-editor.org/rfc/rfc${number}.html#section-${section}`,
  };
}

export function oidcCore(anchor: string, label: string): RfcLink {
  return { label, href: `https://openid.net/specs/openid-connect-core-1_0.html#${anchor}` };
}

/** Links to sections of OpenID CIBA Core 1.0 (Client-Initiated Backchannel Authentication). */
export function cibaCore(section: string): RfcLink {
  return {
    label: `CIBA Core §${section}`,
    href: `https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.${section}`,
  };
}
