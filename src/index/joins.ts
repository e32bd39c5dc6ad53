/**
 * Two adjacent tokens written as one: AKHUNDZADA is آخوند زاده, SHAHIDKHEL is شهيد خيل,
 * MOHAMMADHASNI is MOHAMMAD HASNI, Binladin is bin Laden. Every pair of neighbours in a name
 * (an article between them skipped) is also a *join*, a token of its own with the spelling of
 * the two run together, so that the index can meet a one-token spelling with a two-token one
 * in either direction and either script, generally rather than from a list of compounds. A
 * compound (Abd al-X, X al-Din) takes part only whole: Abdullah Mahdi is not Abd al-Mahdi.
 */
import { decode, encode } from '../text/encode.js';
import { skeletons } from '../text/skeleton.js';
import { makeToken, type NameToken, type ParsedName } from '../text/tokens.js';

export interface Join {
  /** Positions of the two tokens in the name. */
  at: [number, number];
  /** The phonetic code of the two written as one. */
  code: Uint8Array;
  /** The join as a token, made on first use (most query joins meet nothing: see joinToken). */
  token?: NameToken;
  /** Lookup keys, worked out on first use. */
  keys?: string[];
}

/**
 * Positions of joins in pairs and postings are offset by this, so that one number can name a
 * token (below) or a join (at or above); names hold at most MAX_NAME_TOKENS tokens.
 */
export const JOIN_BASE = 64;

/** Vowel symbols of the phonetic code, which do not collapse at a seam. */
const VOWELS = new Set(encode('aeiouAIUʸ'));

/** The joins of a name, computed once per parsed name and kept on it. */
export function joinsOf(name: ParsedName): readonly Join[] {
  return (name.joins ??= makeJoins(name.tokens));
}

/** The tokens one side of a pair covers, as a bit mask, whether `pos` names a token or a join. */
export function spanMask(name: ParsedName, pos: number): number {
  if (pos < JOIN_BASE) return 1 << pos;
  const [i, k] = joinsOf(name)[pos - JOIN_BASE]!.at;
  return (1 << i) | (1 << k);
}

/**
 * The two codes run together, a doubled consonant at the seam counted once (Abdul Lah,
 * Shahid Dkhel): what encoding the joined spelling would give, without encoding it again.
 */
function joinedCode(a: Uint8Array, b: Uint8Array): Uint8Array {
  const seam = a.length > 0 && b.length > 0 && a[a.length - 1] === b[0] && !VOWELS.has(b[0]!);
  const out = new Uint8Array(a.length + b.length - (seam ? 1 : 0));
  out.set(a);
  out.set(seam ? b.subarray(1) : b, a.length);
  return out;
}

function usable(t: NameToken | undefined): t is NameToken {
  return (
    t !== undefined &&
    t.script !== 'other' &&
    !t.head &&
    (t.role === 'name' || t.role === 'particle')
  );
}

function makeJoins(tokens: NameToken[]): Join[] {
  const out: Join[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i];
    if (!usable(a)) continue;
    // The next token, skipping an article: IABD-AL-GHAFUR is IABD + GHAFUR written as one.
    let k = i + 1;
    while (tokens[k]?.role === 'article') k++;
    const b = tokens[k];
    if (!usable(b) || b.script !== a.script || a.weight + b.weight <= 0) continue;
    // Two very common names run together (Mohammedali) are written so by nobody that matters.
    if (a.common && b.common) continue;
    out.push({ at: [i, k], code: joinedCode(a.code, b.code) });
  }
  return out;
}

/** The join of `name` as a token of its own. */
export function joinToken(name: ParsedName, j: Join): NameToken {
  if (j.token) return j.token;
  const a = name.tokens[j.at[0]]!;
  const b = name.tokens[j.at[1]]!;
  const spelling = a.spelling + b.spelling;
  j.token = makeToken(
    `${a.text} ${b.text}`,
    spelling,
    spelling,
    a.script,
    j.code,
    [],
    'name',
    undefined,
    undefined,
    Math.min(1, a.weight + b.weight),
    false,
  );
  return j.token;
}

/** Keys a listed join is posted under: its skeletons, in a namespace of their own. */
export function joinKeys(j: Join): string[] {
  return skeletons(decode(j.code)).map((s) => `j:${s}`);
}

/** Keys a query token looks up to meet listed joins (the same namespace). */
export function joinLookupKeys(t: NameToken): string[] {
  if (t.weight <= 0 || t.script === 'other' || t.role !== 'name' || t.head) return [];
  return skeletons(decode(t.code)).map((s) => `j:${s}`);
}

/**
 * Query joins' keys by their two tokens' ids (a join's code is its two tokens' codes run
 * together, and a token's id fixes its code), remembered in two generations of this many: a
 * query join is made for every query, and its skeletons cost more than looking them up.
 */
const QUERY_KEYS_CACHE = 20_000;
/** Ids below this (and the first below 2^27) make an exact number key; larger are not kept. */
const ID_SPAN = 2 ** 26;
let queryKeysYoung = new Map<number, string[]>();
let queryKeysOld = new Map<number, string[]>();

/** Keys a query join of `name` looks up to meet listed single tokens (their exact skeletons). */
export function joinQueryKeys(name: ParsedName, j: Join): string[] {
  if (j.keys !== undefined) return j.keys;
  const a = name.tokens[j.at[0]]!.id;
  const b = name.tokens[j.at[1]]!.id;
  if (a >= 2 * ID_SPAN || b >= ID_SPAN)
    return (j.keys = skeletons(decode(j.code)).map((s) => `k:${s}`));
  const key = a * ID_SPAN + b;
  let keys = queryKeysYoung.get(key);
  if (keys === undefined) {
    keys = queryKeysOld.get(key) ?? skeletons(decode(j.code)).map((s) => `k:${s}`);
    if (queryKeysYoung.size >= QUERY_KEYS_CACHE) {
      queryKeysOld = queryKeysYoung;
      queryKeysYoung = new Map();
    }
    queryKeysYoung.set(key, keys);
  }
  return (j.keys = keys);
}
