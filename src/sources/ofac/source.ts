/**
 * OFAC's two published lists as registered list sources: the SDN list (`us-ofac-sdn`) and the
 * Consolidated non-SDN list (`us-ofac-cons`). Each reads the SDN XML, the advanced XML, and the
 * legacy CSV set (a directory or a zip), and each XML zipped as OFAC publishes it; the file's
 * first bytes say which (sniff.ts), and every format gives an entry the same id,
 * `<listId>:<OFAC uid>`, so versions diff across formats.
 */
import type { ListSource, ReadContext, SourceFile, SourceList } from '../list-source.js';
import { sniff, wrongFormat } from '../sniff.js';
import { directorySet, findEntry, LEGACY_FILES, zipSet, type LegacyKind } from './legacy-set.js';
import { readAdvancedXml } from './read-advanced-xml.js';
import { readLegacyCsv } from './read-legacy-csv.js';
import { readSdnXml } from './read-sdn-xml.js';
import { withUnzippedXml, zippedXmlEntry } from './zipped-xml.js';

const SDN_NAMESPACES = [
  'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML',
  'http://tempuri.org/sdnList.xsd',
];
const ADVANCED_NAMESPACE = 'http://www.un.org/sanctions/1.0';

const LICENCE =
  'Work of the U.S. Government (OFAC, U.S. Department of the Treasury): public domain in the United States (17 U.S.C. §105)';

function ofacSource(id: string, title: string, kind: LegacyKind, url: string): ListSource {
  const files = LEGACY_FILES[kind];
  const legacyTitle = `the legacy CSV set (${Object.values(files).join(', ')}) as a directory or a zip`;
  const expected = `${title} as SDN XML (<sdnList>), advanced XML (<Sanctions> in ${ADVANCED_NAMESPACE}) or ${legacyTitle}`;
  return {
    id,
    title,
    publisher: 'U.S. Department of the Treasury, Office of Foreign Assets Control (OFAC)',
    formats: [
      { id: 'sdn-xml', title: 'the SDN XML (<sdnList>)' },
      { id: 'advanced-xml', title: `the advanced XML (<Sanctions> in ${ADVANCED_NAMESPACE})` },
      { id: 'legacy-csv', title: legacyTitle },
    ],
    url,
    licence: LICENCE,
    collections: ['sanctions'],
    async read(file: SourceFile, ctx: ReadContext): Promise<SourceList> {
      const what = file.name ?? file.path;
      const opts = { what, listId: ctx.listId, maxRecords: ctx.maxRecords };
      const readXml = async (xmlPath: string, name: string): Promise<SourceList> => {
        const found = await sniff(xmlPath, name);
        const xmlOpts = { ...opts, what: name };
        if (found.kind === 'xml') {
          if (
            found.root === 'sdnList' &&
            (found.namespace === '' || SDN_NAMESPACES.includes(found.namespace))
          )
            return { format: 'sdn-xml', ...(await readSdnXml(xmlPath, xmlOpts)) };
          if (found.root === 'Sanctions' && found.namespace === ADVANCED_NAMESPACE)
            return { format: 'advanced-xml', ...(await readAdvancedXml(xmlPath, xmlOpts)) };
        }
        throw wrongFormat(name, expected, found);
      };
      const found = await sniff(file.path, file.name);
      if (found.kind === 'xml') return readXml(file.path, what);
      // SDN_XML.ZIP, SDN_ADVANCED.ZIP: one XML file zipped.
      const zippedXml = found.kind === 'zip' ? zippedXmlEntry(found.entries) : undefined;
      if (
        zippedXml !== undefined &&
        !(found.kind === 'zip' && findEntry(found.entries, files.main))
      )
        return withUnzippedXml(file.path, what, zippedXml, (xmlPath) =>
          readXml(xmlPath, `${what}: ${zippedXml}`),
        );
      if (found.kind === 'directory' || found.kind === 'zip') {
        const names = found.kind === 'directory' ? found.files : found.entries;
        if (findEntry(names, files.main) === undefined)
          throw wrongFormat(what, `${expected} (${files.main} is missing)`, found);
        const set =
          found.kind === 'directory'
            ? directorySet(file.path, names, kind)
            : await zipSet(file.path, what, names, kind);
        try {
          return {
            format: 'legacy-csv',
            ...(await readLegacyCsv(set, {
              ...opts,
              kind,
              ...(ctx.encoding !== undefined && { encoding: ctx.encoding }),
            })),
          };
        } finally {
          await set.close();
        }
      }
      throw wrongFormat(what, expected, found);
    },
  };
}

const EXPORTS = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports';

export const ofacSdnSource = ofacSource(
  'us-ofac-sdn',
  'OFAC Specially Designated Nationals and Blocked Persons List (SDN)',
  'sdn',
  `${EXPORTS}/SDN.XML`,
);

export const ofacConsSource = ofacSource(
  'us-ofac-cons',
  'OFAC Consolidated Sanctions List (non-SDN)',
  'cons',
  `${EXPORTS}/CONSOLIDATED.XML`,
);
