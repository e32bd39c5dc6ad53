/**
 * An OFSI designation as a sanad entity, every field mapped: names of every script by role
 * (primary name and its variations, AKAs, FKAs as former names, low-quality ones as weak
 * aliases), dates, places, documents, addresses, and the facts OFSI writes into `Other
 * Information` as labels (UK Sanctions List reference, UN references, gender, contacts, ship
 * details). The reference is the UK Sanctions List's (`GHR0086`) when the row gives it, as the
 * FCDO list that replaced the ConList keys on it; otherwise the Group ID.
 */
import type { Entity, EntityIdentifier, Properties, Property } from '../../core/entity.js';
import { labelledValues, ukListRef } from './labelled-values.js';
import { numberedItems, ofsiCountries, ofsiCountryCode } from './ofsi-cells.js';
import type { OfsiGroup, OfsiName } from './ofsi-group.js';
import { unReferences } from './un-references.js';

export function ofsiEntity(group: OfsiGroup, listId: string): Entity | undefined {
  const properties: Properties = {};
  const add = (property: Property, values: readonly (string | undefined)[]) => {
    for (const value of values) {
      const v = value?.trim();
      if (v === undefined || v === '') continue;
      const list = (properties[property] ??= []);
      if (!list.includes(v)) list.push(v);
    }
  };
  const caption = addNames([...group.latin, ...group.arabic, ...group.otherScript], add);
  if (caption === undefined) return undefined;
  const labels = labelledValues(group.notes.join(' '));
  // Contacts and numbers come as numbered lists: `(1) +93-202-103386 (2) +93-202-101714`.
  const listed = (label: string) => (labels.get(label) ?? []).flatMap(numberedItems);
  const identifiers: EntityIdentifier[] = [...group.documents];
  add('notes', group.notes);
  add('address', group.addresses);
  add('country', codes(group.countries));
  add('phone', [...listed('phone number'), ...listed('tel')]);
  add(
    'email',
    listed('email address').flatMap((e) => e.split(/[;,\s]+/)),
  );
  add('website', listed('website'));
  if (group.schema === 'Person') {
    add('title', group.titles);
    add('birthDate', group.birthDates);
    add('birthPlace', group.birthPlaces);
    add('birthCountry', codes(group.birthCountries));
    add('nationality', codes(group.nationalities));
    add('position', group.positions);
    add(
      'gender',
      listed('gender').map((g) => g.toLowerCase()),
    );
    add('passportNumber', numbers(group.documents, 'passport'));
    add('idNumber', numbers(group.documents, 'national-id'));
  } else if (group.schema === 'Organization') {
    add('legalForm', listed('type of entity'));
    for (const number of listed('business reg no'))
      identifiers.push({ kind: 'registration', number, label: 'Business Reg No' });
    add('registrationNumber', listed('business reg no'));
  } else addShip(labels, add, identifiers, group);
  for (const number of new Set(group.notes.flatMap(unReferences)))
    identifiers.push({ kind: 'un-ref', number, label: 'UN Ref' });
  const ref = ukListRef(labels.get('uk sanctions list ref')) ?? group.groupId;
  const listedOn = group.listedOn ?? group.designatedOn;
  return {
    id: `${listId}:${group.groupId}`,
    schema: group.schema,
    caption,
    properties,
    provenance: {
      listId,
      listVersion: group.listVersion,
      ref,
      ...(listedOn ? { listedOn } : {}),
      ...(group.regimes.length > 0 ? { programme: group.regimes.join('; ') } : {}),
      ...(group.updatedOn.length > 0 ? { updatedOn: group.updatedOn } : {}),
    },
    ...(identifiers.length > 0 ? { identifiers } : {}),
  };
}

/**
 * Adds each name under its role and returns the caption: the first strong primary name, or
 * failing that the first name of any kind, which then also becomes the `name`.
 */
function addNames(
  names: OfsiName[],
  add: (property: Property, values: readonly string[]) => void,
): string | undefined {
  const strong = names.filter((n) => !n.weak);
  const primary = strong.find((n) => n.role === 'name') ?? strong[0] ?? names[0];
  if (primary === undefined) return undefined;
  add('name', [primary.value]);
  for (const n of names) {
    if (n === primary) continue;
    if (n.weak) add('weakAlias', [n.value]);
    else add(n.role, [n.value]);
  }
  return primary.value;
}

/** Ship facts: IMO number (`(IMO number):7408873`, or `IMO 9274082` in a name), flag, type… */
function addShip(
  labels: Map<string, string[]>,
  add: (property: Property, values: readonly (string | undefined)[]) => void,
  identifiers: EntityIdentifier[],
  group: OfsiGroup,
): void {
  const labelled = (labels.get('imo number') ?? []).map((t) => /\b\d{7}\b/.exec(t)?.[0]);
  const named = group.latin.flatMap((n) =>
    [...n.value.matchAll(/\bIMO\s*(\d{7})\b/gi)].map((m) => m[1]),
  );
  const imos = new Set([...labelled, ...named].filter((imo) => imo !== undefined));
  for (const imo of imos) {
    identifiers.push({ kind: 'imo', number: `IMO${imo}`, label: 'IMO number' });
    add('imoNumber', [`IMO${imo}`]);
  }
  add('flag', codes(labels.get('flag of ship') ?? []));
  add('type', labels.get('type of ship') ?? []);
  add('tonnage', labels.get('tonnage of ship') ?? []);
  add(
    'buildDate',
    (labels.get('year built') ?? []).filter((y) => /^\d{4}$/.test(y)),
  );
  add('owner', labels.get('current owners') ?? []);
}

/**
 * ISO codes of the countries a cell names: numbered lists split, and for a place that changed
 * country the current one (`Ukrainian SSR (now Ukraine)`, `Former USSR Currently Belarus`,
 * `Pakistan (at time of listing)`). A name no table knows stays in the address or notes only.
 */
function codes(cells: readonly string[]): string[] {
  const out = new Set<string>();
  for (const cell of cells)
    for (const item of ofsiCountries(legacyCountryCell(cell))) {
      const code = ofsiCountryCode(item) ?? currentCountry(item);
      if (code !== undefined) out.add(code);
    }
  return [...out];
}

/**
 * The 2020 CSV's country cells as the numbered form: lettered lists (`(a) Jordanian (b)
 * American`) numbered, dating remarks (`Libya (as at Feb. 2014)`) and a final `citizenship`
 * dropped. `Kuwaiti citizenship withdrawn in 2002` is left alone, and so unmapped.
 */
function legacyCountryCell(cell: string): string {
  let n = 0;
  return cell
    .replace(/\((?:as (?:at|of)|since|at time of)\b[^()]*\)/gi, ' ')
    .replace(/(?:^|\s)\(?[a-h]\)\s*/g, () => ` (${++n}) `)
    .replace(/\s+citizenship\s*$/i, '')
    .trim();
}

function currentCountry(item: string): string | undefined {
  const now = /\b(?:now|currently)\s+([^()]+?)\)?$/i.exec(item)?.[1];
  if (now !== undefined) return ofsiCountryCode(now);
  const bare = item.replace(/\([^()]*\)|\bas of\b.*$/gi, '').trim();
  return bare !== item && bare !== '' ? ofsiCountryCode(bare) : undefined;
}

function numbers(documents: readonly EntityIdentifier[], kind: EntityIdentifier['kind']): string[] {
  return documents.filter((d) => d.kind === kind).map((d) => d.number);
}
