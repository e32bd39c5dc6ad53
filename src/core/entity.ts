/**
 * The entity model: a FollowTheMoney-compatible subset. Property names and schema names follow
 * FtM so that entities can be exchanged with OpenSanctions tooling; values are always string
 * arrays, as in FtM.
 */

export const SCHEMAS = ['Person', 'Organization', 'LegalEntity', 'Vessel', 'Airplane'] as const;
export type Schema = (typeof SCHEMAS)[number];

export const PROPERTIES = [
  'name',
  'alias',
  'weakAlias',
  /** A former name (OFAC fka, UK FKA): matched as a name, as an alias is. */
  'previousName',
  'firstName',
  'secondName',
  'middleName',
  'lastName',
  'title',
  'position',
  'gender',
  'birthDate',
  'birthPlace',
  'nationality',
  'country',
  'passportNumber',
  'idNumber',
  'address',
  'notes',
  'birthCountry',
  'deathDate',
  'citizenship',
  'email',
  'phone',
  'website',
  'registrationNumber',
  'taxNumber',
  'swiftBic',
  'incorporationDate',
  'legalForm',
  'jurisdiction',
  // Vessels and aircraft
  'imoNumber',
  'mmsi',
  'callSign',
  'flag',
  'type',
  'tonnage',
  'grossRegisteredTonnage',
  'buildDate',
  'owner',
  'model',
  'serialNumber',
  'sourceUrl',
] as const;
export type Property = (typeof PROPERTIES)[number];

export type Properties = Partial<Record<Property, string[]>>;

/** Where an entity comes from: the list, the version loaded and the list's own reference. */
export interface Provenance {
  /** List id: `un-sc`, or the name given to `sanad lists import`. */
  listId: string;
  /** The list version label (for the UN list its dateGenerated, e.g. `2026-02-27T00:00:09.554Z`). */
  listVersion: string;
  /** The list's own reference for the entry, e.g. `QDi.299`; for a CSV list, the row's id. */
  ref: string;
  /** ISO date on which the entry was listed, when the list says. */
  listedOn?: string;
  /**
   * Sanctions programme or regime, e.g. `Al-Qaida` (UN list type); several are joined with
   * `; ` (OFAC `SDGT; IRAQ2`).
   */
  programme?: string;
  /** ISO dates on which the list says the entry was amended. */
  updatedOn?: string[];
  /** Partner records only: who shared it, with whom, on what basis, and when. */
  sharing?: Sharing;
}

/** Who may see a partner record: its owner only, named partners, or every partner on the node. */
export type Scope =
  { kind: 'private' } | { kind: 'partners'; partners: string[] } | { kind: 'coalition' };

export interface Sharing {
  /** The partner that shared the record. */
  partner: string;
  scope: Scope;
  /** The legal basis or reference for listing. */
  basis: string;
  /** When the record (this version of it) was shared. */
  sharedAt: string;
  /** For records received from another node: that node's feed. */
  via?: string;
}

/** The public lists are visible to all; a partner record to its owner and its scope. */
export function visibleTo(entity: Entity, partner: string): boolean {
  const s = entity.provenance.sharing;
  if (!s) return true;
  if (s.partner === partner) return true;
  if (s.scope.kind === 'coalition') return true;
  return s.scope.kind === 'partners' && s.scope.partners.includes(partner);
}

/**
 * Kinds of identifier a list gives. `un-ref` is a UN Security Council reference (QDi.299) quoted
 * by another list's record, the strongest link between records of the same person (clusters).
 */
export const IDENTIFIER_KINDS = [
  'passport',
  'national-id',
  'tax',
  'registration',
  'imo',
  'mmsi',
  'swift',
  'un-ref',
  /** An OFSI Group ID quoted by the FCDO UK Sanctions List: links to that `gb-ofsi` record. */
  'ofsi-group',
  'other',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** An identifier with what the list says about it, beside the flat FtM number properties. */
export interface EntityIdentifier {
  kind: IdentifierKind;
  /** As the list writes it, e.g. `A1234567`, `QDi.299`. */
  number: string;
  /** ISO 3166-1 alpha-2 of the issuing country, lower case as in FtM (`iq`), when known. */
  country?: string;
  /** The list's own type label (`Passport`, `Cedula No.`, `Kuwaiti Civil ID`). */
  label?: string;
  /** Issue or expiry dates, place of issue, or other remarks on this document. */
  note?: string;
}

export interface Entity {
  /** Stable across list versions: `<listId>:<source id>`. */
  id: string;
  schema: Schema;
  /** The display name: the entity's primary name as the list writes it. */
  caption: string;
  properties: Properties;
  provenance: Provenance;
  /**
   * Identifiers with their kind and issuing country. Passport and national-id numbers are also
   * in `passportNumber` and `idNumber`, which identifier search reads.
   */
  identifiers?: EntityIdentifier[];
}

export function isSchema(value: string): value is Schema {
  return (SCHEMAS as readonly string[]).includes(value);
}

/** Case-insensitive schema parsing that also accepts FtM's `Company` as an Organization. */
export function parseSchema(value: string): Schema | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (v === 'company' || v === 'organisation' || v === 'entity') return 'Organization';
  if (v === 'individual') return 'Person';
  return SCHEMAS.find((s) => s.toLowerCase() === v);
}

/** All names of an entity that screening should consider, strongest first. */
export function entityNames(entity: Entity): { value: string; weak: boolean }[] {
  const out: { value: string; weak: boolean }[] = [];
  const seen = new Set<string>();
  const add = (values: string[] | undefined, weak: boolean) => {
    for (const value of values ?? []) {
      const key = value.trim();
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      out.push({ value: key, weak });
    }
  };
  add(entity.properties.name, false);
  add(entity.properties.alias, false);
  add(entity.properties.previousName, false);
  add(entity.properties.weakAlias, true);
  return out;
}
