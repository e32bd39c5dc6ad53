/**
 * An address as one line, the way OFAC's legacy CSV writes it (`street, city, state postal,
 * country`), so that the XML formats, which give the parts apart, produce the same text and a
 * list read once from CSV and once from XML does not show every address as changed.
 */

export interface AddressParts {
  street: string[];
  city: string;
  state: string;
  postal: string;
  /** Anything else (a region), after the city line. */
  other?: string[];
  country: string;
}

/** '' when the address names nothing but a country (the country property says that). */
export function addressText(a: AddressParts): string {
  const street = a.street.filter((s) => s !== '').join(', ');
  const cityLine = [[a.city, a.state].filter((s) => s !== '').join(', '), a.postal]
    .filter((s) => s !== '')
    .join(' ');
  const parts = [street, cityLine, ...(a.other ?? [])].filter((s) => s !== '');
  return parts.length === 0 ? '' : [...parts, a.country].filter((s) => s !== '').join(', ');
}
