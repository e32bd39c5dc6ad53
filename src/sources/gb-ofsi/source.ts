/**
 * HM Treasury's OFSI Consolidated List of Financial Sanctions Targets, as a registered list
 * source: the 2022-format `ConList.xlsx` and the legacy `ConList.csv`. OFSI closed the list on
 * 28 January 2026, when the FCDO's UK Sanctions List (gb-fcdo) became the only UK list; the
 * source stays for the files users already hold and for the history of the list.
 */
import type { Entity } from '../../core/entity.js';
import type { ListSource } from '../list-source.js';
import { sniff, wrongFormat } from '../sniff.js';
import { ofsiEntity } from './ofsi-entity.js';
import { readOfsiFile } from './read-ofsi.js';

const EXPECTED =
  'the OFSI Consolidated List as ConList.xlsx (a zip holding xl/workbook.xml) or ConList.csv (first line "Last Updated,dd/mm/yyyy")';

/** The licence of both UK lists, with the attribution it asks for. */
export const OGL_LICENCE =
  'Open Government Licence v3.0. Attribution: "Contains public sector information licensed under the Open Government Licence v3.0."';

export const gbOfsiSource: ListSource = {
  id: 'gb-ofsi',
  title: 'UK OFSI Consolidated List of Financial Sanctions Targets (closed 28 January 2026)',
  publisher: 'HM Treasury, Office of Financial Sanctions Implementation (OFSI)',
  formats: [
    { id: 'xlsx', title: 'the ConList.xlsx (2022 format)' },
    { id: 'csv', title: 'the legacy ConList.csv' },
  ],
  // No refresh URL: OFSI closed the list on 28 January 2026 (the FCDO list, gb-fcdo, replaced
  // it), so a daily fetch would only fail. Its last files still load by hand; an operator who
  // mirrors one can give `lists refresh gb-ofsi --url`. It was published at
  // https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx.
  url: undefined,
  licence: OGL_LICENCE,
  collections: ['sanctions'],
  async read(file, ctx) {
    const what = file.name ?? file.path;
    const found = await sniff(file.path, file.name);
    const format =
      found.kind === 'zip' && found.entries.includes('xl/workbook.xml')
        ? 'xlsx'
        : found.kind === 'text' && /^"?(?:Last Updated|Name 6)"?,/.test(found.firstLine)
          ? 'csv'
          : undefined;
    if (format === undefined) throw wrongFormat(what, EXPECTED, found);
    const list = await readOfsiFile(file.path, {
      format,
      name: what,
      maxRecords: ctx.maxRecords,
      ...(ctx.encoding === undefined ? {} : { encoding: ctx.encoding }),
      ...(ctx.read === undefined ? {} : { read: ctx.read }),
    });
    const entities: Entity[] = [];
    const warnings = [...list.warnings];
    for (const group of list.groups) {
      const entity = ofsiEntity(group, ctx.listId);
      if (entity) entities.push(entity);
      else warnings.push(`${what}: Group ID ${group.groupId} has no name; skipped`);
    }
    return { format, ...(list.lastUpdated ? { label: list.lastUpdated } : {}), entities, warnings };
  },
};
