/**
 * The labelled facts in OFSI's `Other Information` cell. Since the 2022 format, OFSI writes
 * the UK Sanctions List fields it has no column for into that cell as `(Label):value`, one
 * after the other: `(UK Sanctions List Ref):DPR0100. (UN Ref):KPe.064 … (IMO number):7408873
 * (Flag of ship):North Korea (Type of ship):Oil tanker`. Each value runs to the next label.
 */

/** The labels read, in lower case; others (`2022`, a country in brackets) are prose. */
const KNOWN = new Set([
  'uk sanctions list ref',
  'un ref',
  'gender',
  'phone number',
  'tel',
  'fax',
  'website',
  'email address',
  'type of entity',
  'business reg no',
  'parent company',
  'subsidiaries',
  'imo number',
  'flag of ship',
  'previous flags',
  'type of ship',
  'tonnage of ship',
  'length of ship',
  'year built',
  'current owners',
]);

const LABEL = /\(([^()]{2,40})\):/g;

/** The values of each known label in `text`, by lower-case label, trimmed of a final full stop. */
export function labelledValues(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const marks = [...text.matchAll(LABEL)].filter((m) => KNOWN.has(m[1]!.trim().toLowerCase()));
  marks.forEach((mark, i) => {
    const start = (mark.index ?? 0) + mark[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    const value = text.slice(start, end).trim().replace(/\.$/, '').trim();
    if (value === '') return;
    const label = mark[1]!.trim().toLowerCase();
    const values = out.get(label) ?? [];
    if (!values.includes(value)) values.push(value);
    out.set(label, values);
  });
  return out;
}

/** The UK Sanctions List reference at the start of its value (`DPR0100. Pursuant to …`). */
export function ukListRef(values: readonly string[] | undefined): string | undefined {
  for (const value of values ?? []) {
    const ref = /^[A-Z]{2,4}\d{3,5}\b/.exec(value.trim())?.[0];
    if (ref !== undefined) return ref;
  }
  return undefined;
}
