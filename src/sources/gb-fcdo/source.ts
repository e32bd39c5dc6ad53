/**
 * The FCDO's UK Sanctions List, the only UK list since OFSI closed its Consolidated List on
 * 28 January 2026, as a registered list source. Read from the XML the FCDO publishes; its CSV
 * and ODS carry the same designations, but no published description of their columns was
 * available to write a reader from.
 */
import type { ListSource } from '../list-source.js';
import { readingAs, sniff, wrongFormat } from '../sniff.js';
import { OGL_LICENCE } from '../gb-ofsi/source.js';
import { readFcdoXml } from './read-fcdo-xml.js';

const EXPECTED = 'the UK Sanctions List XML (<Designations>)';

export const gbFcdoSource: ListSource = {
  id: 'gb-fcdo',
  title: 'UK Sanctions List',
  publisher: 'Foreign, Commonwealth & Development Office (FCDO)',
  formats: [{ id: 'xml', title: EXPECTED }],
  url: 'https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml',
  licence: OGL_LICENCE,
  collections: ['sanctions'],
  async read(file, ctx) {
    const what = file.name ?? file.path;
    const found = await sniff(file.path, file.name);
    if (found.kind !== 'xml' || found.root !== 'Designations')
      throw wrongFormat(what, EXPECTED, found);
    const list = await readingAs(what, 'UK Sanctions List', () =>
      readFcdoXml(file.path, { listId: ctx.listId, maxRecords: ctx.maxRecords, what }),
    );
    return { format: 'xml', ...list, warnings: [] };
  },
};
