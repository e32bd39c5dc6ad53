/**
 * The ids partners see for alerts, decisions, comments, subjects and screenings: a kind prefix and 80
 * random bits in 16 base32 letters (`al_5kq2…`). The rows keep their integer keys for joins,
 * but those count the whole node's work (partner A's alert 14 after its alert 1 says that the
 * other partners opened 12 meanwhile), so they never leave the store.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export const PUBLIC_ID_PREFIX = {
  alert: 'al',
  decision: 'dc',
  comment: 'cm',
  subject: 'sb',
  screening: 'sc',
  clusterLink: 'lk',
} as const;

export type PublicIdKind = keyof typeof PUBLIC_ID_PREFIX;

export function newPublicId(kind: PublicIdKind): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return `${PUBLIC_ID_PREFIX[kind]}_${out}`;
}

/** Whether `value` has the shape of a public id of this kind (the store decides if it exists). */
export function isPublicId(kind: PublicIdKind, value: string): boolean {
  return new RegExp(`^${PUBLIC_ID_PREFIX[kind]}_[a-z2-7]{16}$`).test(value);
}
