/**
 * Interned token ids: equal tokens (same script, role, head, form and spelling) get the same
 * number, so similarity caches, and a vocabulary's table of listed tokens, can key on numbers.
 * Ids are never reused.
 *
 * The table is bounded (query tokens come from any input) and kept in two generations: when
 * the young one is full it becomes the old one and the old one is dropped, and a key met in
 * the old one moves to the young one with its id. A token in use (a listed first name met again
 * by every other record) keeps its id however many tokens pass through; only a key unseen for a
 * whole generation gets a new id when it returns, which costs a cache miss (and a vocabulary
 * entry of its own). Clearing the table when full instead gave every common token a new id
 * after each clear: at a million partner records, every shared first name was listed again
 * under each of its ids.
 */
let young = new Map<string, number>();
let old = new Map<string, number>();
let next = 1;
/** Keys per generation: at most two are kept, as many keys as the one table held before. */
const GENERATION = 100_000;

export function tokenId(key: string): number {
  let id = young.get(key);
  if (id !== undefined) return id;
  id = old.get(key);
  if (id === undefined) id = next++;
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(key, id);
  return id;
}
