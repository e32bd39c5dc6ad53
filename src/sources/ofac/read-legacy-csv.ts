/**
 * Reads OFAC's legacy CSV set into entities `<listId>:<ent_num>`: the main file (ent_num, name,
 * type, programs, title, call sign, vessel type, tonnage, GRT, vessel flag, vessel owner,
 * remarks), then the remark overflow, addresses and aliases, joined on ent_num. The files have
 * no header; `-0-` means empty; each ends with a lone Ctrl-Z (0x1A) line, as OFAC publishes it.
 */
import { countryCode } from '../../core/countries.js';
import type { Entity } from '../../core/entity.js';
import { SanadError } from '../../core/errors.js';
import {
  LEGACY_FILES,
  legacyText,
  type LegacyKind,
  type LegacyRole,
  type LegacySet,
} from './legacy-set.js';
import { csvRecords } from './csv-records.js';
import { OfacRecord, ofacSchema } from './ofac-record.js';
import { applyRemarks } from './remarks.js';
import { displayName, splitPersonName } from './person-name.js';
import type { OfacList } from './read-sdn-xml.js';

export interface LegacyOptions {
  what: string;
  listId: string;
  maxRecords: number;
  kind: LegacyKind;
  /** The files' encoding when the user names it (default: detected). */
  encoding?: string;
}

export async function readLegacyCsv(set: LegacySet, opts: LegacyOptions): Promise<OfacList> {
  const warnings: string[] = [];
  const names = LEGACY_FILES[opts.kind];
  const file = (role: LegacyRole) => `${opts.what}: ${names[role]}`;
  const rows = (role: LegacyRole, columns: number) =>
    readRows(legacyText(set, role, opts.encoding), file(role), columns);
  const parts = { add: 'addresses', alt: 'aliases', comments: 'the ends of long remarks' };
  // OFAC publishes the four files together. Without the aliases or addresses a version would
  // screen thousands fewer names and look complete: refused. The remark ends only lengthen
  // a few remarks: a warning.
  const lacking = (['alt', 'add'] as const).filter((role) => !set.has(role));
  if (lacking.length > 0)
    throw new SanadError(
      'invalid_list',
      `${opts.what}: ${lacking.map((r) => names[r]).join(' and ')} missing; the set would load without its ${lacking.map((r) => parts[r]).join(' and ')} (OFAC publishes ${[names.main, names.add, names.alt, names.comments].join(', ')} together)`,
    );
  if (!set.has('comments'))
    warnings.push(`${file('comments')} is missing: the entries are read without ${parts.comments}`);
  const overflow = new Map<string, string>();
  if (set.has('comments'))
    for await (const { id, cells } of rows('comments', 2))
      overflow.set(id, (overflow.get(id) ?? '') + (cells[1] ?? ''));
  const records = new Map<string, OfacRecord>();
  let count = 0;
  for await (const { id, cells, line } of rows('main', 12)) {
    if (++count > opts.maxRecords)
      throw new SanadError('too_large', `${file('main')} has more than ${opts.maxRecords} entries`);
    if (records.has(id))
      throw new SanadError('invalid_list', `${file('main')} line ${line}: ent_num ${id} repeats`);
    records.set(id, mainRecord(id, cells, overflow.get(id), file('main'), line, warnings));
  }
  const orphans = { add: 0, alt: 0 };
  if (set.has('add'))
    for await (const { id, cells } of rows('add', 6)) {
      const record = records.get(id);
      if (record === undefined) orphans.add++;
      else addAddress(record, cells);
    }
  if (set.has('alt'))
    for await (const { id, cells } of rows('alt', 5)) {
      const record = records.get(id);
      if (record === undefined) orphans.alt++;
      else addAlias(record, cells, file('alt'), warnings);
    }
  for (const role of ['add', 'alt'] as const)
    if (orphans[role] > 0)
      warnings.push(`${file(role)}: ${orphans[role]} rows name an ent_num the main file lacks`);
  const entities: Entity[] = [];
  for (const record of records.values()) entities.push(record.toEntity(opts.listId, ''));
  return { entities, warnings };
}

interface Row {
  id: string;
  /** Cells after ent_num is checked; `-0-` is ''. */
  cells: string[];
  line: number;
}

async function* readRows(
  text: AsyncIterable<string>,
  what: string,
  columns: number,
): AsyncGenerator<Row> {
  for await (const { cells: raw, line } of csvRecords(text, what)) {
    const cells = raw.map((c) => {
      const v = c.trim();
      return v === '-0-' ? '' : v;
    });
    // OFAC's DOS end-of-file mark, alone on the last line.
    if (cells.length === 1 && (cells[0] === '\x1a' || cells[0] === '')) continue;
    const id = cells[0] ?? '';
    if (!/^\d+$/.test(id))
      throw new SanadError(
        'invalid_list',
        `${what} line ${line}: expected an ent_num (a number) in the first column; found "${id.slice(0, 40)}"`,
      );
    if (cells.length > columns + 2)
      throw new SanadError(
        'invalid_list',
        `${what} line ${line}: ${cells.length} columns, expected ${columns}`,
      );
    yield { id, cells, line };
  }
}

function mainRecord(
  id: string,
  c: string[],
  overflow: string | undefined,
  what: string,
  line: number,
  warnings: string[],
): OfacRecord {
  const [, name = '', type = '', programs = '', title = ''] = c;
  const schema = ofacSchema(type);
  if (schema === undefined) warnings.push(`${what} line ${line}: unknown SDN_Type "${type}"`);
  const record = new OfacRecord(id, schema ?? 'LegalEntity');
  record.add('name', displayName(name, record.schema));
  if (record.schema === 'Person') {
    const parts = splitPersonName(name);
    record.add('firstName', parts.first);
    record.add('lastName', parts.last);
  }
  record.programme(...programs.replace(/^\[|\]$/g, '').split(/\]\s*\[/));
  // OFAC's title is a position held (`Minister of …`), FtM's title an honorific.
  record.add('position', title);
  const [callSign = '', vesselType = '', tonnage = '', grt = '', flag = '', owner = ''] = c.slice(
    5,
    11,
  );
  record.add('callSign', callSign);
  record.add('type', vesselType);
  record.add('tonnage', tonnage.replace(/,/g, ''));
  record.add('grossRegisteredTonnage', grt.replace(/,/g, ''));
  if (flag !== '' && !/^none/i.test(flag)) record.add('flag', countryCode(flag) ?? flag);
  record.add('owner', owner);
  const remarks = (c[11] ?? '') + (overflow ?? '');
  if (remarks !== '') applyRemarks(record, remarks);
  return record;
}

function addAddress(record: OfacRecord, c: string[]): void {
  const [, , street = '', cityLine = '', country = '', remarks = ''] = c;
  const text = [street, cityLine, country, remarks].filter((p) => p !== '').join(', ');
  if ([street, cityLine, remarks].some((p) => p !== '')) record.add('address', text);
  if (country !== '') record.add('country', countryCode(country) ?? country);
}

function addAlias(record: OfacRecord, c: string[], what: string, warnings: string[]): void {
  const [, , type = '', name = '', remarks = ''] = c;
  const t = type.toLowerCase();
  const value = displayName(name, record.schema);
  if (t === 'fka') record.add('previousName', value);
  else if (t === 'aka' || t === 'nka') record.add('alias', value);
  else {
    warnings.push(`${what}: ent_num ${record.ref}: unknown alt_type "${type}", read as an alias`);
    record.add('alias', value);
  }
  if (remarks !== '') record.add('notes', `${value}: ${remarks}`);
}
