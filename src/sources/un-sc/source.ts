/** The UN Security Council Consolidated List, as a registered list source. */
import { createReadStream } from 'node:fs';
import type { ListSource } from '../list-source.js';
import { readingAs, sniff, wrongFormat } from '../sniff.js';
import { readUnXml } from './read-un-xml.js';

export const unScSource: ListSource = {
  id: 'un-sc',
  title: 'UN Security Council Consolidated List',
  publisher: 'United Nations Security Council',
  formats: [{ id: 'un-xml', title: 'the UN Consolidated List XML (<CONSOLIDATED_LIST>)' }],
  url: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml',
  licence: 'UN Security Council public information; free to reuse with attribution',
  collections: ['sanctions'],
  async read(file, ctx) {
    const what = file.name ?? file.path;
    const found = await sniff(file.path, file.name);
    if (found.kind !== 'xml' || found.root !== 'CONSOLIDATED_LIST')
      throw wrongFormat(
        `${what} is not a valid UN list`,
        'the UN Consolidated List XML (<CONSOLIDATED_LIST>)',
        found,
      );
    const list = await readingAs(what, 'UN list', () =>
      readUnXml(createReadStream(file.path), { listId: ctx.listId, maxRecords: ctx.maxRecords }),
    );
    return { format: 'un-xml', label: list.generatedAt, entities: list.entities, warnings: [] };
  },
};
