/** Identifiers (list references, passport and ID numbers) compared by letters and digits only. */
export function identifierKey(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Identifier search needs this many characters, so a short query does not list everything. */
export const MIN_IDENTIFIER_CHARS = 4;

export function entityIdentifiers(e: {
  provenance: { ref: string };
  properties: { passportNumber?: string[]; idNumber?: string[] };
}): string[] {
  return [
    e.provenance.ref,
    ...(e.properties.passportNumber ?? []),
    ...(e.properties.idNumber ?? []),
  ]
    .map(identifierKey)
    .filter((k) => k.length >= MIN_IDENTIFIER_CHARS);
}
