/**
 * The FCDO's UK Sanctions List, the only UK list since OFSI closed its Consolidated List on
 * 28 January 2026, as a registered list source. Read from the XML the FCDO publishes; its CSV
 * and ODS carry the same designations, but no published description of their columns was
 * available to write a reader from.
 */
import { SanadError } from '../../core/errors.js';
import type { ListSource } from '../list-source.js';
import { sniff, wrongFormat } from '../sniff.js';
import { readFcdoXml } from './read-fcdo-xml.js';

const EXPECTED = 'the UK Sanctions List XML (<Designations>)';

export const gbFcdoSource: ListSource = {
  id: 'gb-fcdo',
  title: 'UK Sanctions List',
  publisher: 'Foreign, Commonwealth & Development Office (FCDO)',
  formats: [{ id: 'xml', title: EXPECTED }],
  url: 'https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml',
  licence:
    'Open Government Licence v3.0. Attribution: "Contains public sector information licensed under the Open Government Licence v3.0."',
  collections: ['sanctions'],
  async read(file, ctx) {
    const what = file.name ?? file.path;
    const found = await sniff(file.path, file.name);
    if (found.kind !== 'xml' || found.root !== 'Designations')
      throw wrongFormat(what, EXPECTED, found);
    try {
      const list = await readFcdoXml(file.path, {
        listId: ctx.listId,
        maxRecords: ctx.maxRecords,
        what,
      });
      return { format: 'xml', ...list, warnings: [] };
    } catch (error) {
      if (error instanceof SanadError && !error.message.startsWith(what))
        throw new SanadError(
          error.code,
          `${what} is not a valid UK Sanctions List: ${error.message}`,
          {
            cause: error,
          },
        );
      throw error;
    }
  },
};
