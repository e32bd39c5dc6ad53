/**
 * Blocking keys of a token (arabic-names.md §7.2): its consonant skeletons, where both scripts
 * meet; its lexicon groups; compounds by head and stem. Keys one consonant deletion away are
 * added on the list side, so one wrong or missing consonant still meets its candidate. A token
 * read another way (ALKETBI as al-Ketbi, Somali Xasan as Hasan) has the keys of each reading.
 */
import { decode } from '../text/encode.js';
import { deletions, skeletons } from '../text/skeleton.js';
import type { NameToken, TokenCore } from '../text/tokens.js';

function coreKeys(t: TokenCore, prefix: string): string[] {
  const keys = readingKeys(t, prefix);
  for (const alt of t.alts ?? []) keys.push(...readingKeys(alt, prefix));
  return keys;
}

function readingKeys(t: TokenCore, prefix: string): string[] {
  if (t.script === 'other') return [`${prefix}o:${t.form}`];
  const exact = `${prefix}x:${t.script[0]}${t.form}`;
  const keys = skeletons(decode(t.code)).map((s) => `${prefix}k:${s}`);
  for (const g of t.groups) keys.push(`${prefix}g:${g}`);
  keys.push(exact);
  return keys;
}

/** Consonant skeletons of every reading of a core. */
function allSkeletons(t: TokenCore): string[] {
  const out = skeletons(decode(t.code));
  for (const alt of t.alts ?? []) out.push(...skeletons(decode(alt.code)));
  return out;
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
  for (const s of allSkeletons(t)) for (const d of deletions(s)) out.push(`d:${d}`);
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
    for (const s of allSkeletons(core)) {
      out.push(`d:${s}`);
      for (const d of deletions(s)) out.push(`k:${d}`, `d:${d}`);
    }
  }
  return out;
}
