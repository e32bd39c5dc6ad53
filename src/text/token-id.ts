/**
 * Interned token ids: equal tokens (same script, role, head, form and spelling) get the same
 * number, so similarity caches can key on numbers. Ids are never reused; when the table grows
 * large it forgets old keys, which only costs a few cache misses.
 */
const ids = new Map<string, number>();
let next = 1;
const MAX_KEYS = 200_000;

export function tokenId(key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    if (ids.size >= MAX_KEYS) ids.clear();
    id = next++;
    ids.set(key, id);
  }
  return id;
}
