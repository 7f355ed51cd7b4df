/** RFC 8628 §6.1: a base-20 alphabet of consonants, no vowels (no words) and no look-alikes. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** A user code such as `BCDF-GHJK`: 8 characters from 20, about 34 bits of entropy. */
export function newUserCode(): string {
  const chars: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 20).
  while (chars.length < 8) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < 240 && chars.length < 8) chars.push(USER_CODE_ALPHABET[byte % 20]);
    }
  }
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** The key of `userCodes`: the user code without its dash, upper case (RFC 8628 §6.1 normalisation). */
export function normalizeUserCode(userCode: string): string {
  return userCode.replace(/[^A-Za-z]/g, '').toUpperCase();
}
