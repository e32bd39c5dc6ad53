/**
 * Links between records of different lists that share a strong identifier, for the clusters
 * (index/clusters.ts): a UN reference another list quotes, a passport or national ID number
 * with its issuing country, an IMO number, the OFSI Group ID an FCDO record quotes. These are facts the lists state, so they join
 * records without review; names, dates and nationalities only ever propose a link
 * (screening/link-proposals.ts). Records of the same list are never linked here: a list's own
 * duplicates are the list's business. Pure: no I/O.
 */
import type { Entity } from '../core/entity.js';
import { identifierKey, MIN_IDENTIFIER_CHARS } from '../core/identifier.js';
import type { EntityLink } from './clusters.js';

/** The list whose references other lists quote. */
export const UN_LIST = 'un-sc';
/** HM Treasury's list, whose Group IDs the FCDO list quotes. */
export const OFSI_LIST = 'gb-ofsi';

/**
 * A document number without an issuing country links only when it is at least this long and
 * only the two records hold it: short numbers (`123`, `A1`) recur by chance across lists.
 */
export const MIN_COUNTRYLESS_DOCUMENT_CHARS = 8;

/** A passport or national ID number of one record. */
export interface DocumentNumber {
  kind: 'passport' | 'national-id';
  /** As the list writes it. */
  number: string;
  /** identifierKey of the number. */
  key: string;
  country?: string;
}

/**
 * A record's passport and national ID numbers: its typed identifiers, then the flat
 * `passportNumber` / `idNumber` values no identifier gives (those have no country: the UN list
 * writes the issuing country in prose). Too short numbers are left out.
 */
export function documentNumbers(e: Entity): DocumentNumber[] {
  const out: DocumentNumber[] = [];
  const seen = new Set<string>();
  const add = (kind: DocumentNumber['kind'], number: string, country?: string) => {
    const key = identifierKey(number);
    const c = country?.trim().toUpperCase() || undefined;
    if (key.length < MIN_IDENTIFIER_CHARS) return;
    if (seen.has(`${key}|${c ?? ''}`)) return;
    seen.add(`${key}|${c ?? ''}`);
    out.push({ kind, number: number.trim(), key, ...(c ? { country: c } : {}) });
  };
  for (const id of e.identifiers ?? [])
    if (id.kind === 'passport' || id.kind === 'national-id') add(id.kind, id.number, id.country);
  for (const n of e.properties.passportNumber ?? []) add('passport', n);
  for (const n of e.properties.idNumber ?? []) add('national-id', n);
  // A number given with a country makes a bare copy of it redundant.
  const withCountry = new Set(out.filter((d) => d.country !== undefined).map((d) => d.key));
  return out.filter((d) => d.country !== undefined || !withCountry.has(d.key));
}

/** `IMO 9123456`, `9123456` → `9123456`. */
export function imoKey(value: string): string {
  return identifierKey(value).replace(/^IMO/, '');
}

/** A record's IMO numbers, from its identifiers and `imoNumber`. */
export function imoNumbers(e: Entity): string[] {
  const values = [
    ...(e.identifiers ?? []).filter((i) => i.kind === 'imo').map((i) => i.number),
    ...(e.properties.imoNumber ?? []),
  ];
  return [...new Set(values.map(imoKey).filter((k) => k.length >= MIN_IDENTIFIER_CHARS))];
}

/** The UN references a record quotes (identifiers of kind `un-ref`), normalised. */
export function quotedUnRefs(e: Entity): string[] {
  const refs = (e.identifiers ?? []).filter((i) => i.kind === 'un-ref').map((i) => i.number);
  return [...new Set(refs.map(identifierKey).filter((k) => k !== ''))];
}

export function identifierLinks(entities: readonly Entity[]): EntityLink[] {
  const out = new Map<string, EntityLink>();
  const add = (x: Entity, y: Entity, basis: string) => {
    if (x.provenance.listId === y.provenance.listId || x.id === y.id) return;
    const [a, b] = x.id < y.id ? [x.id, y.id] : [y.id, x.id];
    out.set(`${a}\n${b}\n${basis}`, { a, b, basis });
  };

  // (a) A UN reference quoted by a record of another list.
  const unByRef = new Map<string, Entity[]>();
  for (const e of entities)
    if (e.provenance.listId === UN_LIST) push(unByRef, identifierKey(e.provenance.ref), e);
  for (const e of entities)
    for (const ref of quotedUnRefs(e))
      for (const un of unByRef.get(ref) ?? []) add(e, un, `UN reference ${un.provenance.ref}`);

  // (b) A passport or national ID number: with the same country, or long and held by two only.
  // Passports and national IDs are one space: lists disagree on which a document is.
  const byNumber = new Map<string, { e: Entity; doc: DocumentNumber }[]>();
  for (const e of entities)
    for (const doc of documentNumbers(e)) push(byNumber, doc.key, { e, doc });
  for (const holders of byNumber.values()) {
    const records = new Set(holders.map((h) => h.e.id));
    for (let i = 0; i < holders.length; i++)
      for (let j = i + 1; j < holders.length; j++) {
        const x = holders[i]!;
        const y = holders[j]!;
        const cx = x.doc.country;
        const cy = y.doc.country;
        const linked =
          cx !== undefined && cy !== undefined
            ? cx === cy
            : x.doc.key.length >= MIN_COUNTRYLESS_DOCUMENT_CHARS && records.size === 2;
        if (linked) add(x.e, y.e, documentBasis(x.e.id < y.e.id ? x.doc : y.doc, cx ?? cy));
      }
  }

  // (c) An IMO number.
  const byImo = new Map<string, Entity[]>();
  for (const e of entities) for (const imo of imoNumbers(e)) push(byImo, imo, e);
  for (const [imo, holders] of byImo)
    for (let i = 0; i < holders.length; i++)
      for (let j = i + 1; j < holders.length; j++) add(holders[i]!, holders[j]!, `IMO ${imo}`);

  // (d) The OFSI Group ID an FCDO record quotes: the same UK designation on the list the FCDO
  // list replaced, while a node holds both.
  const byId = new Map(entities.map((e) => [e.id, e]));
  for (const e of entities)
    for (const i of e.identifiers ?? [])
      if (i.kind === 'ofsi-group') {
        const ofsi = byId.get(`${OFSI_LIST}:${i.number.trim()}`);
        if (ofsi) add(e, ofsi, `OFSI Group ID ${i.number.trim()}`);
      }

  return [...out.values()];
}

/** `passport A1234567 (IQ)`, `national ID 12345678`. */
export function documentBasis(doc: DocumentNumber, country: string | undefined): string {
  const kind = doc.kind === 'passport' ? 'passport' : 'national ID';
  return `${kind} ${doc.number}${country ? ` (${country})` : ''}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
