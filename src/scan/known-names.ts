/**
 * Names of listed organisations that free text uses and the lists do not carry (Da'esh, ISIL,
 * داعش, HTS), from the curated table data/org-aliases.json, and the acronyms among the lists'
 * own weak aliases (AQAP, ISWAP). Names are matched as any listed name is; acronyms only when
 * written in capitals, since "Isis" is also a given name and "is" a word.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Entity } from '../core/entity.js';
import { DATA_DIR } from '../screening/resources.js';

const Entry = z.object({
  list: z.string(),
  ref: z.string(),
  why: z.string(),
  names: z.array(z.string()),
  acronyms: z.array(z.string()),
  sources: z.array(z.string()).min(1),
});
const Table = z.object({ about: z.string(), entries: z.array(Entry) });

export type KnownNamesEntry = z.infer<typeof Entry>;

export const KNOWN_NAMES_FILE = path.join(DATA_DIR, 'org-aliases.json');

let table: KnownNamesEntry[] | undefined;

/** The curated table, read once. */
export function knownNamesTable(): readonly KnownNamesEntry[] {
  table ??= Table.parse(JSON.parse(fs.readFileSync(KNOWN_NAMES_FILE, 'utf8'))).entries;
  return table;
}

/** An acronym's key: its letters and digits in capitals ("ISIL-K" and "ISILK" alike). */
export function acronymKey(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

/** A weak alias written as an acronym: capitals (and digits, hyphens), four letters or more. */
const LIST_ACRONYM = /^[A-Z][A-Z0-9-]{2,9}[A-Z0-9]$/;

export interface KnownNames {
  /** Copies of the listed organisations carrying only their known names (ids unchanged). */
  entities: Entity[];
  /**
   * Copies carrying only their acronyms: scored only where the word is written in capitals,
   * so never among the names above, which any spelling meets.
   */
  acronymEntities: Entity[];
  /** Acronym key → ids of the entities it names. */
  acronyms: Map<string, string[]>;
  /** Where each copy's names come from, by entity id. */
  sources: Map<string, string>;
}

/**
 * The known names of the organisations among `entities` (a screener's public records): the
 * curated table's, for the records it names that are loaded, and each organisation's weak
 * aliases that are acronyms of four letters or more.
 */
export function knownNames(entities: readonly Entity[]): KnownNames {
  const byRef = new Map<string, Entity>();
  for (const e of entities) byRef.set(`${e.provenance.listId}\u0000${e.provenance.ref}`, e);
  const names = new Map<string, string[]>();
  const acronyms = new Map<string, string[]>();
  const sources = new Map<string, string>();
  const addAcronym = (a: string, id: string) => {
    const key = acronymKey(a);
    if (key.length < 3) return;
    const ids = acronyms.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    acronyms.set(key, ids);
  };
  for (const entry of knownNamesTable()) {
    const e = byRef.get(`${entry.list}\u0000${entry.ref}`);
    if (!e) continue;
    names.set(e.id, [...(names.get(e.id) ?? []), ...entry.names]);
    for (const a of entry.acronyms) addAcronym(a, e.id);
    sources.set(e.id, entry.sources[0]!);
  }
  for (const e of entities) {
    if (e.schema === 'Person') continue;
    for (const a of e.properties.weakAlias ?? [])
      if (LIST_ACRONYM.test(a) && acronymKey(a).length >= 4) {
        addAcronym(a, e.id);
        if (!sources.has(e.id)) sources.set(e.id, `a weak alias on ${e.provenance.listId}`);
      }
  }
  const copies: Entity[] = [];
  const acronymCopies: Entity[] = [];
  const copy = (e: Entity, all: string[]): Entity => ({
    ...e,
    properties: { name: all.slice(0, 1), alias: all.slice(1) },
  });
  for (const e of entities) {
    const known = names.get(e.id);
    if (known) copies.push(copy(e, known));
    const acr = [...acronyms].filter(([, ids]) => ids.includes(e.id)).map(([k]) => k);
    if (acr.length > 0) acronymCopies.push(copy(e, acr));
  }
  return { entities: copies, acronymEntities: acronymCopies, acronyms, sources };
}
