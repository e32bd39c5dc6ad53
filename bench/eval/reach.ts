/**
 * Whether two tokens can meet at all: they share a blocking key of the index (a consonant
 * skeleton, one consonant away, a lexicon group). The evaluation uses it to tell spellings of
 * one name from different names of one person, independently of any scorer.
 */
import { indexKeys, queryKeys } from '../../src/index/token-keys.js';
import type { NameToken } from '../../src/text/tokens.js';

const INDEX_KEYS = new WeakMap<NameToken, Set<string>>();

export function tokensMeet(a: NameToken, b: NameToken): boolean {
  if (a.id === b.id) return true;
  let keys = INDEX_KEYS.get(b);
  if (!keys) {
    keys = new Set(indexKeys(b));
    INDEX_KEYS.set(b, keys);
  }
  for (const k of queryKeys(a)) if (keys.has(k)) return true;
  return false;
}
