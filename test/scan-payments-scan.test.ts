import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePayments } from '../src/scan/payments/index.js';
import { scanDocument } from '../src/scan/scanner.js';
import type { ScanDocument, ScanHit } from '../src/scan/types.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

/**
 * The payment readers and the scanner together, on the UN list: a listed name in a party
 * field or a remittance line is found at its place in the message, named by its field.
 */

const FIXTURES = new URL('./fixtures/scan/payments/', import.meta.url);

let un: Screener;
beforeAll(async () => {
  un = Screener.fromEntities((await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities);
});

function scanFile(name: string): { doc: ScanDocument; hits: ScanHit[] }[] {
  const { messages } = parsePayments(fs.readFileSync(new URL(name, FIXTURES), 'utf8'), name);
  return messages.map((doc) => ({ doc, hits: scanDocument(un, doc) }));
}

const seen = (hits: ScanHit[]) => hits.map((h) => [h.field, h.text, h.caption]);

describe('scanning payment messages against the UN list', () => {
  it('MT: listed parties in 50K and 59, an organisation in 58D and in 72', () => {
    const [first, third] = scanFile('mt-batch-rje.txt');
    expect(seen(first!.hits)).toEqual(
      expect.arrayContaining([
        ['50K', 'ABDULQADER MOHAMMED AL-BAGHDADI', 'ABDULQADER MOHAMMED AL-BAGHDADI'],
        [
          '59',
          'عبد الرحمن محمد ظافر الدبيسي الجهني',
          'ABDELRAHMAN MOUHAMAD ZAFIR AL DABIDI AL JAHANI',
        ],
      ]),
    );
    expect(seen(third!.hits)).toEqual(
      expect.arrayContaining([
        ['72', 'جبهة النصرة', 'AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT'],
      ]),
    );
  });

  it('MT 58D: a name wrapped at 35 characters is met over both lines, one hit', () => {
    const [, third] = scanFile('mt-batch-rje.txt');
    const hits = third!.hits.filter((h) => h.field === '58D');
    expect(hits.map((h) => [h.text, h.caption])).toEqual([
      [
        'AL-NUSRAH FRONT FOR THE PEOPLE\r\nOF THE LEVANT',
        'AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT',
      ],
    ]);
    expect(hits[0]!.match).toBe(true);
  });

  it('MT 50F: a name over two 1/ lines is met as one name', () => {
    const [, second] = scanFile('mt103-bare-lf.txt');
    const hit = second!.hits.find((h) => h.field === '50F');
    expect(hit?.text).toBe('ABU BAKR AL-BAGHDADI\n1/AL-HUSAYNI AL-QURASHI');
  });

  it('pacs: an alias in an entity-encoded remittance line, the underlying customers of a cover', () => {
    const [pacs8] = scanFile('pacs008-cbpr.xml');
    expect(seen(pacs8!.hits)).toEqual(
      expect.arrayContaining([
        ['CdtTrfTxInf[1]/RmtInf/Ustrd', 'Hay&apos;at Tahrir al-Sham', 'AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT'],
      ]),
    );
    const [cover] = scanFile('pacs009-cov.xml');
    expect(seen(cover!.hits)).toEqual(
      expect.arrayContaining([
        ['UndrlygCstmrCdtTrf/Dbtr/Nm', 'ABDULQADER MOHAMMED AL-BAGHDADI', 'ABDULQADER MOHAMMED AL-BAGHDADI'],
        ['UndrlygCstmrCdtTrf/Cdtr/Nm', 'صدام حسين التكريتي', 'SADDAM HUSSEIN AL-TIKRITI'],
      ]),
    );
  }); // prettier-ignore

  it('every hit is where its text is, and no innocent party is hit', () => {
    const files = ['mt103-stp.fin', 'mt-batch-rje.txt', 'mt103-bare-lf.txt', 'pacs008-cbpr.xml', 'pacs009-cov.xml'];
    const innocent = ['FRANZ HOLZAPFEL GMBH', 'H.F. JANSSEN', 'HANS MUELLER', 'MARIE DUBOIS', 'Johanna Vermeulen'];
    for (const { doc, hits } of files.flatMap(scanFile))
      for (const h of hits) {
        expect(doc.text.slice(h.start, h.end)).toBe(h.text);
        expect(innocent).not.toContain(h.text);
      }
  }); // prettier-ignore
});
