/**
 * Gathers an OFSI ConList's rows into designations. The ConList writes one row per name and date
 * of birth, repeating every other field, so a designation (`Group ID`) is the union of its rows:
 * each name once with its strongest reading, each date, document and address once.
 */
import { hasArabicScript, nonLatinNames } from './non-latin-names.js';
import { numberedItems, ofsiCountries, ofsiDate } from './ofsi-cells.js';
import { ofsiDocuments } from './ofsi-documents.js';
import type { OfsiGroup, OfsiName, OfsiNameRole } from './ofsi-group.js';
import type { OfsiRow } from './ofsi-rows.js';

const SCHEMAS: Record<string, OfsiGroup['schema']> = {
  individual: 'Person',
  entity: 'Organization',
  ship: 'Vessel',
};
/** `Prime Alias` is the 2020 CSV's word for the primary name. */
const ALIAS_RANK: Record<string, number> = {
  'primary name': 0,
  'prime alias': 0,
  'primary name variation': 1,
  aka: 2,
  fka: 3,
};
const ROLE_BY_RANK: OfsiNameRole[] = ['name', 'alias', 'alias', 'previousName', 'alias'];
const NAME_PARTS = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6'];
/** The columns `addFacts` reads: everything but the names. */
const FACT_COLUMNS = [
  'Title',
  'DOB',
  'Town of Birth',
  'Country of Birth',
  'Nationality',
  'Passport Number',
  'Passport Details',
  'National Identification Number',
  'National Identification Details',
  'NI Number',
  'Position',
  'Address 1',
  'Address 2',
  'Address 3',
  'Address 4',
  'Address 5',
  'Address 6',
  'Post/Zip Code',
  'Country',
  'Other Information',
  'Regime',
  'Listed On',
  'UK Sanctions List Date Designated',
  'Last Updated',
];

interface RankedName {
  value: string;
  weak: boolean;
  aka: boolean;
  rank: number;
}

/** Gathers rows into designations, in the order their first rows come. */
export class OfsiGroups {
  private readonly drafts = new Map<
    string,
    { group: OfsiGroup; names: Map<string, RankedName>[]; facts: Set<string> }
  >();

  get size(): number {
    return this.drafts.size;
  }

  /** Adds a row; false when it names no designation (no Group ID or an unknown Group Type). */
  add(get: OfsiRow['get']): boolean {
    const groupId = get('Group ID');
    const schema = SCHEMAS[get('Group Type').toLowerCase()];
    if (groupId === '' || schema === undefined) return false;
    const draft = this.drafts.get(groupId) ?? this.start(groupId, schema);
    const [latinNames, arabicNames, otherNames] = draft.names as [
      Map<string, RankedName>,
      Map<string, RankedName>,
      Map<string, RankedName>,
    ];
    const aliasType = get('Alias Type').toLowerCase();
    const flags = {
      weak: get('Alias Quality').toLowerCase() === 'low quality',
      aka: aliasType === 'aka' || aliasType === 'fka',
      rank: ALIAS_RANK[aliasType] ?? 4,
    };
    const latin = NAME_PARTS.map(get)
      .filter((p) => p !== '')
      .join(' ')
      .replace(/\s+/g, ' ');
    // One AKA row writes an Arabic company name in the Latin name columns.
    if (hasArabicScript(latin)) for (const n of nonLatinNames(latin)) merge(arabicNames, n, flags);
    else if (latin !== '') merge(latinNames, latin, flags);
    for (const n of nonLatinNames(get('Name Non-Latin Script')))
      merge(hasArabicScript(n) ? arabicNames : otherNames, n, flags);
    // Every name row repeats the designation's facts: read each distinct set of them once.
    const facts = FACT_COLUMNS.map(get).join('\u0001');
    if (!draft.facts.has(facts)) {
      draft.facts.add(facts);
      this.addFacts(draft.group, get);
    }
    return true;
  }

  /** The designations, names ordered strongest first. */
  groups(listVersion: string): OfsiGroup[] {
    return [...this.drafts.values()].map(({ group, names }) => ({
      ...group,
      latin: ordered(names[0]!),
      arabic: ordered(names[1]!),
      otherScript: ordered(names[2]!),
      updatedOn: [...group.updatedOn].sort(),
      listVersion,
    }));
  }

  private start(groupId: string, schema: OfsiGroup['schema']) {
    const group: OfsiGroup = {
      groupId,
      schema,
      latin: [],
      arabic: [],
      otherScript: [],
      titles: [],
      birthDates: [],
      birthPlaces: [],
      birthCountries: [],
      nationalities: [],
      documents: [],
      positions: [],
      addresses: [],
      countries: [],
      notes: [],
      regimes: [],
      updatedOn: [],
      listVersion: '',
    };
    const draft = { group, names: [new Map(), new Map(), new Map()], facts: new Set<string>() };
    this.drafts.set(groupId, draft);
    return draft;
  }

  private addFacts(g: OfsiGroup, get: OfsiRow['get']): void {
    for (const t of numberedItems(get('Title'))) addUnique(g.titles, t);
    addUnique(g.birthDates, ofsiDate(get('DOB')));
    const town = get('Town of Birth');
    const country = get('Country of Birth');
    addUnique(g.birthPlaces, [town, country].filter(Boolean).join(', '));
    addUnique(g.birthCountries, country);
    for (const c of ofsiCountries(get('Nationality'))) addUnique(g.nationalities, c);
    // The 2020 CSV has `Passport Details` and `NI Number` only, number and details in one cell.
    const documents = [
      ...ofsiDocuments('passport', get('Passport Number'), get('Passport Details')),
      ...ofsiDocuments(
        'national-id',
        get('National Identification Number'),
        get('National Identification Details') || get('NI Number'),
      ),
    ];
    for (const d of documents)
      if (!g.documents.some((o) => o.kind === d.kind && o.number === d.number)) g.documents.push(d);
    for (const p of numberedItems(get('Position'))) addUnique(g.positions, p);
    const address = ['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6']
      .map(get)
      .concat(get('Post/Zip Code'), get('Country'))
      .filter(Boolean)
      .join(', ');
    addUnique(g.addresses, address);
    addUnique(g.countries, get('Country'));
    addUnique(g.notes, get('Other Information'));
    addUnique(g.regimes, get('Regime'));
    g.listedOn = earliest(g.listedOn, ofsiDate(get('Listed On')));
    g.designatedOn = earliest(g.designatedOn, ofsiDate(get('UK Sanctions List Date Designated')));
    addUnique(g.updatedOn, ofsiDate(get('Last Updated')));
  }
}

/** A name on several rows keeps its strongest reading: good quality wins over low, primary over AKA. */
function merge(names: Map<string, RankedName>, value: string, flags: Omit<RankedName, 'value'>) {
  const key = value.toLowerCase();
  const seen = names.get(key);
  if (!seen) {
    names.set(key, { value, ...flags });
    return;
  }
  seen.weak &&= flags.weak;
  seen.aka &&= flags.aka;
  seen.rank = Math.min(seen.rank, flags.rank);
}

function ordered(names: Map<string, RankedName>): OfsiName[] {
  return [...names.values()]
    .sort((a, b) => a.rank - b.rank)
    .map(({ value, weak, aka, rank }) => ({ value, weak, aka, role: ROLE_BY_RANK[rank]! }));
}

function addUnique(list: string[], value: string | undefined): void {
  if (value !== undefined && value !== '' && !list.includes(value)) list.push(value);
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  return b !== undefined && b < a ? b : a;
}
