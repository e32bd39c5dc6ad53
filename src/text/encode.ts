import { SYMBOLS } from './phonetic-code.js';

const INDEX = new Map<string, number>(SYMBOLS.map((s, i) => [s, i]));
const UNKNOWN = INDEX.get('?')!;

/** Phonetic code string → symbol indices, the form the distance tables are built for. */
export function encode(code: string): Uint8Array {
  const out = new Uint8Array(code.length);
  for (let i = 0; i < code.length; i++) out[i] = INDEX.get(code[i]!) ?? UNKNOWN;
  return out;
}

export function decode(code: Uint8Array): string {
  let s = '';
  for (const c of code) s += SYMBOLS[c] ?? '?';
  return s;
}
