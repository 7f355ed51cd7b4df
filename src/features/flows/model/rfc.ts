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
