/**
 * Who an actor on the trail is, in words a reader knows: the person behind a key
 * (`key:<id> (<person>)`) or behind the command line (`cli:<person>`), or, for a key that names
 * no person (`key:<id>`), the key's name. Anything else (`system`, a test's actor) stands as is.
 */
import type { Store } from './store.js';

export interface ActorName {
  /** The actor as the trail records it. */
  actor: string;
  /** The person's name, the key's name, or the actor itself. */
  name: string;
  /** `person`: a named person; `key`: a key without a person; `other`: system and the like. */
  kind: 'person' | 'key' | 'other';
  /** The key the action came through, when it came through one. */
  key?: string;
}

const KEY_WITH_PERSON = /^key:([a-z0-9]{12}) \((.+)\)$/s;
const KEY_ONLY = /^key:([a-z0-9]{12})$/;

/** The names of `actors`, by actor; a key's name is read from the store (one query). */
export async function actorNames(
  store: Store,
  actors: readonly string[],
): Promise<Map<string, ActorName>> {
  const out = new Map<string, ActorName>();
  const keyIds = new Set<string>();
  for (const actor of new Set(actors)) {
    const withPerson = KEY_WITH_PERSON.exec(actor);
    if (withPerson) {
      out.set(actor, { actor, name: withPerson[2]!, kind: 'person', key: withPerson[1]! });
      continue;
    }
    if (actor.startsWith('cli:') && actor.length > 4) {
      out.set(actor, { actor, name: actor.slice(4), kind: 'person' });
      continue;
    }
    const key = KEY_ONLY.exec(actor);
    if (key) keyIds.add(key[1]!);
    else out.set(actor, { actor, name: actor, kind: 'other' });
  }
  if (keyIds.size > 0) {
    const rows = await store.db
      .selectFrom('api_key')
      .select(['id', 'name'])
      .where('id', 'in', [...keyIds])
      .execute();
    const names = new Map(rows.map((r) => [r.id, r.name]));
    for (const id of keyIds) {
      const actor = `key:${id}`;
      out.set(actor, { actor, name: names.get(id) ?? actor, kind: 'key', key: id });
    }
  }
  return out;
}

/** One actor's name from a map made by actorNames (an actor missing from it stands as is). */
export function nameOf(names: Map<string, ActorName>, actor: string): ActorName {
  return names.get(actor) ?? { actor, name: actor, kind: 'other' };
}
