/**
 * Blocking keys of a token (arabic-names.md §7.2): its consonant skeletons, where both scripts
 * meet; its lexicon groups; compounds by head and stem. Keys one consonant deletion away are
 * added on the list side, so one wrong or missing consonant still meets its candidate.
 */
import { decode } from '../text/encode.js';
import { deletions, skeletons } from '../text/skeleton.js';
import type { NameToken, TokenCore } from '../text/tokens.js';

function coreKeys(t: TokenCore, prefix: string): string[] {
  if (t.script === 'other') return [`${prefix}o:${t.form}`];
  const exact = `${prefix}x:${t.script[0]}${t.form}`;
  const keys = skeletons(decode(t.code)).map((s) => `${prefix}k:${s}`);
  for (const g of t.groups) keys.push(`${prefix}g:${g}`);
  keys.push(exact);
  return keys;
}

/** Keys under which a listed token is indexed. */
export function indexKeys(t: NameToken): string[] {
  if (t.weight <= 0 || t.role === 'legal' || t.role === 'initial') return [];
  if (t.head && t.stem) {
    // A compound is found by its stem (Rahman), and by its whole spelling (Abdurrahman) for
    // unparsed or misspelt joined forms (Sirajudin).
    const written = skeletons(decode(t.code)).map((s) => `k:${s}`);
    return [
      ...coreKeys(t.stem, `c${t.head}`),
      ...coreKeys(t.stem, ''),
      ...deletionKeys(t.stem),
      ...written,
    ];
  }
  return [...coreKeys(t, ''), ...deletionKeys(t)];
}

function deletionKeys(t: TokenCore): string[] {
  if (t.script === 'other') return [];
  const out: string[] = [];
  for (const s of skeletons(decode(t.code))) for (const d of deletions(s)) out.push(`d:${d}`);
  return out;
}

/**
 * Keys a query token looks up: its own, and those one consonant deletion away on either side
 * (a symmetric-deletion neighbourhood, as in SymSpell).
 */
export function queryKeys(t: NameToken): string[] {
  if (t.weight <= 0 || t.role === 'legal' || t.role === 'initial') return [];
  const core = t.head && t.stem ? t.stem : t;
  const out: string[] = [];
  if (t.head && t.stem) out.push(...coreKeys(t.stem, `c${t.head}`));
  out.push(...coreKeys(core, ''));
  if (core.script !== 'other') {
    for (const s of skeletons(decode(core.code))) {
      out.push(`d:${s}`);
      for (const d of deletions(s)) out.push(`k:${d}`, `d:${d}`);
    }
  }
  return out;
}
