/**
 * Identity documents between FtM and sanad. FtM keeps a document as its own entity
 * (`Passport` or `Identification`, pointing at its `holder`), with a free-text `type`; sanad keeps
 * it on the entity as a typed identifier. `toFtm` writes the kind's own words as the `type` and
 * the list's label as the `description`, and those read back exactly, so that an export reads
 * back as it was; another publisher's free-text type is read by its words.
 */
import type { EntityIdentifier, IdentifierKind, Property } from '../../core/entity.js';
import type { FtmEntity } from './ftm-records.js';

/** The words `toFtm` writes as the `type` of a document whose list gave no label. */
export const KIND_TYPES: Record<IdentifierKind, string> = {
  passport: 'Passport',
  'national-id': 'National ID',
  tax: 'Tax number',
  registration: 'Registration number',
  imo: 'IMO number',
  mmsi: 'MMSI',
  swift: 'SWIFT/BIC',
  'un-ref': 'UN reference',
  'ofsi-group': 'OFSI Group ID',
  other: 'Other identification',
};

/** The flat FtM property each kind's numbers also go to (identifier search reads these). */
export const KIND_PROPERTY: Record<IdentifierKind, Property | undefined> = {
  passport: 'passportNumber',
  'national-id': 'idNumber',
  tax: 'taxNumber',
  registration: 'registrationNumber',
  imo: 'imoNumber',
  mmsi: 'mmsi',
  swift: 'swiftBic',
  'un-ref': undefined,
  'ofsi-group': undefined,
  // Identifier search reads every identifier's number; an unknown kind is no national ID.
  other: undefined,
};

const KIND_BY_TYPE = new Map(
  (Object.entries(KIND_TYPES) as [IdentifierKind, string][]).map(([k, t]) => [t, k]),
);

const KIND_WORDS: [IdentifierKind, RegExp][] = [
  ['passport', /passport/i],
  ['tax', /\btax|fiscal|\binn\b|\bvat\b/i],
  ['registration', /regist|\bogrn|trade lic|commercial/i],
  ['swift', /swift|\bbic\b/i],
  ['imo', /\bimo\b/i],
  ['mmsi', /\bmmsi\b/i],
  [
    'national-id',
    /national|identity|\bid\b|id card|social security|cedula|c[eé]dula|tazkira|civil id/i,
  ],
];

export function kindOf(schema: string, type: string): IdentifierKind {
  const exact = KIND_BY_TYPE.get(type);
  if (exact !== undefined) return exact;
  if (schema === 'Passport') return 'passport';
  return KIND_WORDS.find(([, re]) => re.test(type))?.[0] ?? 'other';
}

/** The identifiers one Passport or Identification entity gives (one per number). */
export function identifiersOf(doc: FtmEntity): EntityIdentifier[] {
  const p = doc.properties;
  const type = (p.type ?? [])[0]?.trim() ?? '';
  const kind = kindOf(doc.schema, type);
  // sanad's own export: the list's label is the description, the type names the kind.
  const described = KIND_BY_TYPE.has(type) ? (p.description ?? [])[0]?.trim() : undefined;
  const country = (p.country ?? [])[0]?.trim().toLowerCase();
  const notes = [
    ...(p.authority ?? []).map((a) => `issued by ${a}`),
    ...(p.startDate ?? []).map((d) => `valid from ${d}`),
    ...(p.endDate ?? []).map((d) => `valid to ${d}`),
    ...(p.summary ?? []),
  ].filter((n) => n.trim() !== '');
  return [...new Set((p.number ?? []).map((n) => n.trim()).filter((n) => n !== ''))].map(
    (number) => {
      const id: EntityIdentifier = { kind, number };
      if (country) id.country = country;
      if (described) id.label = described;
      else if (type !== '' && type !== KIND_TYPES[kind]) id.label = type;
      if (notes.length > 0) id.note = notes.join('; ');
      return id;
    },
  );
}

/** The Passport or Identification entity for one identifier of `holder`. */
export function documentOf(holder: string, id: EntityIdentifier, n: number) {
  const properties: Record<string, string[]> = {
    holder: [holder],
    number: [id.number],
    type: [KIND_TYPES[id.kind]],
  };
  if (id.label) properties.description = [id.label];
  if (id.country) properties.country = [id.country];
  if (id.note) properties.summary = [id.note];
  return {
    id: `${holder}-doc-${n}`,
    caption: id.number,
    schema: id.kind === 'passport' ? 'Passport' : 'Identification',
    properties,
  };
}
