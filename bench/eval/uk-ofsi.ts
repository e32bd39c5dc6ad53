/**
 * HM Treasury's OFSI Consolidated List (ConList.xlsx) as designations, for evaluation: its
 * Latin and Arabic-script names of the same people and organisations are pairs the UN list does
 * not hold. One row per name and date of birth becomes one group per `Group ID`.
 *
 * Read with sanad's own XLSX reader, as a user's upload would be: OFSI's generator writes zip
 * entries with data descriptors, which the reader (unlike exceljs's streaming one) accepts.
 */
import type { Entity, Properties } from '../../src/core/entity.js';
import { xlsxRows } from '../../src/sources/xlsx/xlsx-rows.js';
import {
  arabicNames,
  hasArabicScript,
  ofsiCountries,
  ofsiCountryCode,
  ofsiDate,
} from './ofsi-cells.js';

export interface OfsiName {
  value: string;
  /** `Alias Quality` is `Low quality` on every row that gives it. */
  weak: boolean;
  /** Every row that gives it is an `AKA` or `FKA`, not the primary name or its variation. */
  aka: boolean;
}

export interface OfsiGroup {
  groupId: string;
  schema: 'Person' | 'Organization' | 'Vessel';
  /** Primary name first, then variations, then AKAs; deduplicated ignoring case. */
  latin: OfsiName[];
  arabic: OfsiName[];
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  birthDates: string[];
  /** As the list writes them (`Syria`, `Congo (Democratic Republic)`). */
  nationalities: string[];
  /** Usually one; a few designations fall under two regimes. */
  regimes: string[];
  /** The earliest `Listed On` date. */
  listedOn?: string;
  /** The file's `Last Updated` date (row 1). */
  listVersion: string;
}

const SCHEMAS: Record<string, OfsiGroup['schema']> = {
  individual: 'Person',
  entity: 'Organization',
  ship: 'Vessel',
};
const ALIAS_RANK: Record<string, number> = {
  'primary name': 0,
  'primary name variation': 1,
  aka: 2,
  fka: 3,
};
const NAME_PARTS = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6'];
const REQUIRED = ['Name 6', 'Group ID', 'Group Type'];

interface RankedName extends OfsiName {
  rank: number;
}

interface Draft {
  group: OfsiGroup;
  latin: Map<string, RankedName>;
  arabic: Map<string, RankedName>;
}

type Row = (column: string) => string;

export async function readOfsiGroups(file: string): Promise<OfsiGroup[]> {
  let header: Map<string, number> | undefined;
  let listVersion = '';
  const drafts = new Map<string, Draft>();
  for await (const { values: cells } of xlsxRows(file)) {
    if (!header) {
      if (cells[0]?.trim() === 'Last Updated') listVersion = ofsiDate(cells[1] ?? '') ?? '';
      if (REQUIRED.every((c) => cells.includes(c)))
        header = new Map(cells.map((c, i) => [c.trim(), i]));
      continue;
    }
    const columns = header;
    addRow((column) => {
      const at = columns.get(column);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    }, drafts);
  }
  if (!header) throw new Error(`uk-ofsi: ${file} has no header row with ${REQUIRED.join(', ')}`);
  return [...drafts.values()].map((d) => finish(d, listVersion));
}

function addRow(get: Row, drafts: Map<string, Draft>): void {
  const groupId = get('Group ID');
  const schema = SCHEMAS[get('Group Type').toLowerCase()];
  if (groupId === '' || schema === undefined) return;
  let draft = drafts.get(groupId);
  if (!draft) {
    const group: OfsiGroup = {
      groupId,
      schema,
      latin: [],
      arabic: [],
      birthDates: [],
      nationalities: [],
      regimes: [],
      listVersion: '',
    };
    draft = { group, latin: new Map(), arabic: new Map() };
    drafts.set(groupId, draft);
  }
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
  if (hasArabicScript(latin)) for (const n of arabicNames(latin)) merge(draft.arabic, n, flags);
  else if (latin !== '') merge(draft.latin, latin, flags);
  for (const n of arabicNames(get('Name Non-Latin Script'))) merge(draft.arabic, n, flags);
  const g = draft.group;
  addUnique(g.birthDates, ofsiDate(get('DOB')));
  for (const c of ofsiCountries(get('Nationality'))) addUnique(g.nationalities, c);
  addUnique(g.regimes, get('Regime'));
  const listedOn = ofsiDate(get('Listed On'));
  if (listedOn && (!g.listedOn || listedOn < g.listedOn)) g.listedOn = listedOn;
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

function addUnique(list: string[], value: string | undefined): void {
  if (value !== undefined && value !== '' && !list.includes(value)) list.push(value);
}

function finish(draft: Draft, listVersion: string): OfsiGroup {
  const ordered = (names: Map<string, RankedName>) =>
    [...names.values()]
      .sort((a, b) => a.rank - b.rank)
      .map(({ value, weak, aka }) => ({ value, weak, aka }));
  return {
    ...draft.group,
    latin: ordered(draft.latin),
    arabic: ordered(draft.arabic),
    listVersion,
  };
}

/**
 * The designation as an entity holding only its Latin or only its Arabic-script names, so that
 * one script can be screened against the other. Low-quality names become weak aliases, as the
 * UN reader maps them; undefined when the group has no name in that script.
 */
export function groupEntity(group: OfsiGroup, which: 'latin' | 'arabic'): Entity | undefined {
  const names = which === 'latin' ? group.latin : group.arabic;
  const strong = names.filter((n) => !n.weak).map((n) => n.value);
  const weak = names.filter((n) => n.weak).map((n) => n.value);
  const [name, ...alias] = strong.length > 0 ? strong : weak;
  if (name === undefined) return undefined;
  const weakAlias = strong.length > 0 ? weak : weak.slice(1);
  const nationality = [...new Set(group.nationalities.map((n) => ofsiCountryCode(n) ?? n))];
  const properties: Properties = { name: [name] };
  if (alias.length > 0) properties.alias = alias;
  if (weakAlias.length > 0) properties.weakAlias = weakAlias;
  if (group.birthDates.length > 0) properties.birthDate = [...group.birthDates];
  if (nationality.length > 0) properties.nationality = nationality;
  return {
    id: `uk:${group.groupId}`,
    schema: group.schema,
    caption: name,
    properties,
    provenance: {
      listId: 'uk-ofsi',
      listVersion: group.listVersion,
      ref: group.groupId,
      ...(group.regimes.length > 0 ? { programme: group.regimes.join('; ') } : {}),
      ...(group.listedOn ? { listedOn: group.listedOn } : {}),
    },
  };
}
