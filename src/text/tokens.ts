import type { Lexicon } from './lexicon.js';
import { tokenId } from './token-id.js';

export type TokenScript = 'latin' | 'arabic' | 'other';

/**
 * Roles (arabic-names.md §3, §7): `name`, `initial`, `generic`, `legal` and `number` tokens
 * carry evidence; particles, titles and articles are kept for display and joined-token repair.
 * Numbers (digits, Roman numerals) tell entities apart and must agree exactly.
 */
export type Role =
  'name' | 'initial' | 'generic' | 'legal' | 'number' | 'particle' | 'title' | 'article';

/** Heads of the compounds that are joined into one token before comparison. */
export type Head = 'abd' | 'abu' | 'umm' | 'din' | 'allah';

export interface TokenCore {
  /** Folded comparison form (ASCII Latin, folded Arabic, or lower-cased other script). */
  form: string;
  script: TokenScript;
  /** Encoded phonetic code (see phonetic-code.ts); empty for other scripts. */
  code: Uint8Array;
  /** Curated variant groups (lexicon ids). */
  groups: readonly number[];
  /**
   * Other readings of a Latin spelling (see alt-readings.ts): the name after a glued article
   * (ALKETBI → ketbi) or the Somali reading (Xasan → hasan). Each is compared and indexed
   * beside the spelling itself, a little below it.
   */
  alts?: readonly TokenCore[];
}

export interface NameToken extends TokenCore {
  /** Interned id: equal tokens share it (see token-id.ts). */
  id: number;
  /** The token as written, for explanations. */
  text: string;
  /** Folded spelling of the whole token as written (a compound's head and stem together). */
  spelling: string;
  role: Role;
  /** For compounds: the head, and the stem that carries the identity (Abd al-*Rahman*). */
  head?: Head;
  stem?: TokenCore;
  /** Rarity weight in [0, 1]; zero for particles, titles and articles. */
  weight: number;
  /** A very frequent given name (Muhammad, Ali): cannot carry an alert on its own. */
  common: boolean;
}

export interface ParsedName {
  text: string;
  tokens: NameToken[];
  /**
   * Adjacent tokens written as one (index/joins.ts), worked out on first use and kept here:
   * a name is matched against thousands of others.
   */
  joins?: readonly {
    at: [number, number];
    code: Uint8Array;
    token?: NameToken;
    keys?: string[];
  }[];
}

export interface ParseContext {
  lexicon: Lexicon;
  /** `org` applies legal forms and generic organisation words; `any` when the schema is unknown. */
  kind: 'person' | 'org' | 'any';
}

/** A core and its alternative readings, the core first. */
export function readingsOf(c: TokenCore): readonly TokenCore[] {
  return c.alts ? [c, ...c.alts] : [c];
}

export function isEvidence(t: NameToken): boolean {
  return t.weight > 0;
}

/**
 * The one way tokens are made: every token gets the same property order, so the hot loops
 * that read them see a single object shape.
 */
export function makeToken(
  text: string,
  spelling: string,
  form: string,
  script: TokenScript,
  code: Uint8Array,
  groups: readonly number[],
  role: Role,
  head: Head | undefined,
  stem: TokenCore | undefined,
  weight: number,
  common: boolean,
  alts?: readonly TokenCore[],
): NameToken {
  const id = tokenId(`${script}|${role}|${head ?? ''}|${form}|${spelling}`);
  // prettier-ignore
  return { id, text, spelling, form, script, code, groups, role, head, stem, weight, common, alts };
}
