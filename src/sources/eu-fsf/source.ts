/** The EU consolidated list of financial sanctions (Financial Sanctions Files), as a list source. */
import type { ListSource } from '../list-source.js';
import { readingAs, sniff, wrongFormat } from '../sniff.js';
import { EU_FSF_NAMESPACE, readEuFsf } from './read-eu-fsf.js';

const EXPECTED = `the EU Financial Sanctions Files XML (<export> in namespace ${EU_FSF_NAMESPACE})`;

export const euFsfSource: ListSource = {
  id: 'eu-fsf',
  title: 'EU Consolidated Financial Sanctions List',
  publisher: 'European Commission (DG FISMA), Financial Sanctions Files',
  formats: [{ id: 'fsf-xml', title: EXPECTED }],
  url: 'https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw',
  licence:
    "European Commission reuse policy (Decision 2011/833/EU): free reuse, with acknowledgement of the source ('© European Union')",
  collections: ['sanctions'],
  async read(file, ctx) {
    const what = file.name ?? file.path;
    const found = await sniff(file.path, file.name);
    if (found.kind !== 'xml' || found.root !== 'export' || found.namespace !== EU_FSF_NAMESPACE)
      throw wrongFormat(what, EXPECTED, found);
    const list = await readingAs(what, 'EU list', () =>
      readEuFsf(file.path, { listId: ctx.listId, maxRecords: ctx.maxRecords, what }),
    );
    const warnings = [...list.warnings];
    if (list.circaBirthDates > 0)
      warnings.push(`${list.circaBirthDates} birth dates marked circa, kept as plain dates`);
    return {
      format: 'fsf-xml',
      label: list.generatedAt || undefined,
      entities: list.entities,
      warnings,
    };
  },
};
