/**
 * The Remarks field of the legacy CSV (sdn.csv, cons_prim.csv), which carries most of what the
 * XML gives as structure: `DOB 01 Jan 1960; POB Baghdad, Iraq; nationality Iraq; Passport A123
 * (Iraq) issued 01 Jan 2000; a.k.a. 'ABU X'; Linked To: Y.` Each `;`-separated part is read
 * into the record in a small named step; a part none of them knows is kept in notes, so that
 * nothing OFAC wrote is lost.
 */
import { countryCode } from '../../core/countries.js';
import type { Property } from '../../core/entity.js';
import { applyDocument, leadingLabel, withoutStop } from './id-types.js';
import { ofacDates } from './ofac-dates.js';
import type { OfacRecord } from './ofac-record.js';
import { displayName } from './person-name.js';

/** What a remark held, for the reader's counts. */
export interface RemarkTally {
  parts: number;
  /** Parts kept in notes only (free text, or a label the id table does not know). */
  notes: number;
}

const ALIAS_PROPERTY: Record<string, Property> = {
  'a.k.a.': 'weakAlias',
  'f.k.a.': 'previousName',
  'n.k.a.': 'alias',
};

/** Reads `remarks` into `record`; returns how many parts it had and how many went to notes. */
export function applyRemarks(record: OfacRecord, remarks: string): RemarkTally {
  const tally: RemarkTally = { parts: 0, notes: 0 };
  for (const raw of splitRemarks(remarks)) {
    tally.parts++;
    // The CSV repeats the Title column in the remark; the XML does not.
    if (record.get('position').includes(withoutAlt(raw))) continue;
    if (!applyPart(record, raw)) {
      record.add('notes', withoutAlt(raw));
      tally.notes++;
    }
  }
  return tally;
}

/** The `;`-separated parts, each without its closing full stop (kept after an abbreviation). */
export function splitRemarks(remarks: string): string[] {
  return remarks
    .split(';')
    .map((p) => withoutStop(p.trim()))
    .filter((p) => p !== '');
}

/** `alt. X` says X once more; the XML writes it as one more X. */
function withoutAlt(part: string): string {
  return part.replace(/^alt\.\s+/i, '');
}

/**
 * A remark of the SDN XML, which holds only what its elements do not: `(Linked To: X)` is
 * written without brackets, as the CSV writes it.
 */
export function remarkNotes(remarks: string): string[] {
  return splitRemarks(remarks).map((p) => withoutStop(p.replace(/^\((Linked To: .*)\)$/, '$1')));
}

function applyPart(record: OfacRecord, raw: string): boolean {
  const part = withoutAlt(raw);
  const alias = /^([afn]\.k\.a\.)\s+(.+)$/i.exec(part);
  if (alias !== null) {
    const name = alias[2]!.replace(/^'/, '').replace(/'\.?$/, '');
    record.add(ALIAS_PROPERTY[alias[1]!.toLowerCase()]!, displayName(name, record.schema));
    return true;
  }
  // Labels first: `Nationality of Registration` is a label, not a nationality.
  const labelled = leadingLabel(part);
  if (labelled === undefined) {
    const fact = /^(DOB|POB|nationality|citizen|Linked To)(?::\s*|\s+)(.+)$/i.exec(part);
    return fact !== null && applyFact(record, fact[1]!.toLowerCase(), fact[2]!, raw);
  }
  const doc = /^(.*?)(?:\s+\(([^()]*)\))?(?:,?\s+issued\s+(.+?))?(?:,?\s+expires\s+(.+?))?$/i.exec(
    labelled.rest,
  )!;
  return applyDocument(record, {
    label: labelled.label,
    value: doc[1]!,
    ...(doc[2] !== undefined && { country: doc[2] }),
    ...(doc[3] !== undefined && { issued: doc[3] }),
    ...(doc[4] !== undefined && { expires: doc[4] }),
  });
}

function applyFact(record: OfacRecord, key: string, value: string, raw: string): boolean {
  switch (key) {
    case 'dob': {
      const dates = ofacDates(value);
      record.add('birthDate', ...dates);
      return dates.length > 0;
    }
    case 'pob':
      addBirthPlace(record, value);
      return true;
    case 'nationality':
      record.add('nationality', countryCode(value) ?? value);
      return true;
    case 'citizen':
      record.add('citizenship', countryCode(value) ?? value);
      return true;
    default:
      // Linked To: the entry it is linked to; kept in notes, where analysts read it.
      record.add('notes', withoutAlt(raw));
      return true;
  }
}

/** The place, and its country when the last comma part names one (`Baghdad, Iraq`). */
export function addBirthPlace(record: OfacRecord, place: string): void {
  record.add('birthPlace', place);
  const country = countryCode(place.split(',').at(-1)!.trim());
  if (country !== undefined) record.add('birthCountry', country);
}
