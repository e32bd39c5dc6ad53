/** Identifiers (list references, passport and ID numbers) compared by letters and digits only. */
export function identifierKey(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Identifier search needs this many characters, so a short query does not list everything. */
export const MIN_IDENTIFIER_CHARS = 4;

/** The number properties identifier search reads, beside the list's own reference. */
const NUMBER_PROPERTIES = [
  'passportNumber',
  'idNumber',
  'imoNumber',
  'mmsi',
  'swiftBic',
  'registrationNumber',
  'taxNumber',
] as const;

/**
 * The keys an entity is found by in identifier search: its reference, its document, vessel,
 * bank and company numbers, and every typed identifier's number.
 */
export function entityIdentifiers(e: {
  provenance: { ref: string };
  properties: Partial<Record<(typeof NUMBER_PROPERTIES)[number], string[]>>;
  identifiers?: readonly { number: string }[];
}): string[] {
  const keys = new Set<string>();
  const add = (v: string) => {
    const k = identifierKey(v);
    if (k.length >= MIN_IDENTIFIER_CHARS) keys.add(k);
  };
  add(e.provenance.ref);
  for (const p of NUMBER_PROPERTIES) for (const v of e.properties[p] ?? []) add(v);
  for (const i of e.identifiers ?? []) add(i.number);
  // An IMO number is written `IMO 9187629` as often as bare.
  for (const v of e.properties.imoNumber ?? []) add(`IMO${v.replace(/^\s*IMO\s*/i, '')}`);
  return [...keys];
}
