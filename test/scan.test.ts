/**
 * The free-text scanner on the bundled UN list: listed names are found in prose in both
 * scripts, through the matcher's defences, at their exact spans; the coalition's own statement
 * gives exactly its mentions of Da'esh and no person; common words that are also name tokens
 * never alert alone; partner records are found only within the caller's scope.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  plainDocument,
  scanDocument,
  scannerOf,
  scanText,
  stretches,
} from '../src/scan/scanner.js';
import type { ScanDocument, ScanHit } from '../src/scan/types.js';
import { BUNDLED_UN_LIST, loadLexicon } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { PartnerIndex } from '../src/sharing/partner-index.js';
import type { PartnerRecord } from '../src/sharing/records.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';
import { dataPath } from './helpers/data.js';

let un: Screener;

beforeAll(async () => {
  un = Screener.fromEntities((await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities);
});

const refs = (hits: ScanHit[]) => hits.map((h) => `${h.ref} ${h.text}`);

/** Every hit's span holds its text, and its line is the line of its start. */
function expectLocated(text: string, hits: ScanHit[]): void {
  for (const h of hits) {
    expect(text.slice(h.start, h.end)).toBe(h.text);
    expect(h.line).toBe(text.slice(0, h.start).split('\n').length);
  }
}

describe('scanning prose', () => {
  it("finds exactly the coalition statement's mentions of Da'esh, and no person", () => {
    const text = fs.readFileSync(
      dataPath('statements', 'coalition-ministers-2019-02-06.ar.md'),
      'utf8',
    );
    const hits = scanText(un, text);
    expectLocated(text, hits);
    const mentions = [...text.matchAll(/داعش/g)].map((m) => m.index);
    expect(hits.map((h) => h.start)).toEqual(mentions);
    for (const h of hits) {
      expect(h).toMatchObject({
        ref: 'QDe.115',
        text: 'داعش',
        schema: 'Organization',
        match: true,
      });
      expect(h.field).toBeNull();
    }
    expect(hits.filter((h) => h.schema === 'Person')).toEqual([]);
  });

  it('finds listed people and organisations in English news text, by known names and acronyms', () => {
    const text =
      'BAGHDAD - Officials said Islamic State fighters, also known as ISIS or Daesh, were active near Mosul.\n' +
      "The group's former leader, Abu Bakr al-Baghdadi, was killed in 2019. Hay'at Tahrir al-Sham (HTS), formerly " +
      'the Nusra Front, controls Idlib; Ayman al-Zawahiri led al-Qaeda until 2022. ISIL’s finances were hit.';
    const hits = scanText(un, text);
    expectLocated(text, hits);
    expect(refs(hits)).toEqual([
      'QDe.115 Islamic State',
      'QDe.115 ISIS',
      'QDe.115 Daesh',
      'QDi.299 Abu Bakr al-Baghdadi',
      "QDe.137 Hay'at Tahrir al-Sham",
      'QDe.137 HTS',
      'QDe.137 Nusra Front',
      'QDi.006 Ayman al-Zawahiri',
      'QDe.004 al-Qaeda',
      'QDe.115 ISIL',
    ]);
    expect(hits[1]!.line).toBe(1);
    expect(hits[3]!.line).toBe(2);
    // Every hit is explained: the listed name met and how.
    for (const h of hits) expect(h.explanation).toMatch(/^name "/);
  });

  it('finds names in Arabic prose, behind proclitics and through evasions', () => {
    const cases: [string, string, string][] = [
      ['وقال إن أبو بكر البغدادي قتل', 'أبو بكر البغدادي', 'QDi.299'],
      ['التقى بأيمن الظواهري في الجبال', 'أيمن الظواهري', 'QDi.006'],
      ['مقاتلي جبهة النصرة في إدلب', 'جبهة النصرة', 'QDe.137'],
      ['وهيئة تحرير الشام تسيطر على إدلب', 'هيئة تحرير الشام', 'QDe.137'],
      // tatweel, harakat and a zero-width non-joiner inside the name
      ['قال أبـــو بَكْر البغ\u200cدادي ذلك', 'أبـــو بَكْر البغ\u200cدادي', 'QDi.299'],
    ];
    for (const [text, span, ref] of cases) {
      const hits = scanText(un, text);
      expectLocated(text, hits);
      expect(refs(hits), text).toContain(`${ref} ${span}`);
    }
  });

  it('finds Latin names through look-alike letters, digits and invisible characters', () => {
    const cases: [string, string][] = [
      ['Payment for Abu Bakr al-Baghdadi received', 'Abu Bakr al-Baghdadi'],
      // Cyrillic а and о in place of Latin a and o
      ['Payment for Abu Bаkr al-Baghdаdi received', 'Abu Bаkr al-Baghdаdi'],
      // a zero-width space and a soft hyphen inside words
      ['Payment for Abu Ba\u200bkr al-Bagh\u00addadi received', 'Abu Ba\u200bkr al-Bagh\u00addadi'],
      ['Payment for ABU BAKR AL-BAGHDADI received', 'ABU BAKR AL-BAGHDADI'],
    ];
    for (const [text, span] of cases) {
      const hits = scanText(un, text);
      expectLocated(text, hits);
      expect(refs(hits), text).toContain(`QDi.299 ${span}`);
    }
  });

  it('counts offsets in UTF-16 code units, as JavaScript does', () => {
    const text = '🙂🙂 note: funds from Ayman al-Zawahiri';
    const [hit] = scanText(un, text);
    expect(hit!.start).toBe(text.indexOf('Ayman'));
    expect(hit!.end).toBe(text.length);
  });

  it('raises nothing on common words that are also name tokens', () => {
    const texts = [
      'Mohammed went to the Bank. The Islamic Trading company and the National Bank said nothing.',
      'Ahmed and Ali met Omar at the market; Abdullah paid.',
      'قال محمد إن عبد الله ذهب إلى البنك الإسلامي للتجارة في فصل الربيع',
      'حققه قوات الأمن العراقية في جميع أنحاء العراق',
      'The goddess Isis and the river Nile; Isis Ahmed is a teacher.',
    ];
    for (const t of texts) expect(refs(scanText(un, t)), t).toEqual([]);
  });

  it('gives the same hits scanned in stretches for a server as in one piece', async () => {
    const statement = fs.readFileSync(
      dataPath('statements', 'coalition-ministers-2019-02-06.ar.md'),
      'utf8',
    );
    const text = `${statement}\r\n\r\nfunds for Ayman al-Zawahiri\n\n`.repeat(16);
    expect(text.length).toBeGreaterThan(150_000);
    const doc = { ...plainDocument(text), name: 'long.txt' };
    expect(stretches(text, doc.segments[0]!).length).toBeGreaterThan(1);
    const whole = scannerOf(un)
      .scanWithResults(doc)
      .map((f) => f.hit);
    const stretched = (await scannerOf(un).scanWithResultsAsync(doc)).map((f) => f.hit);
    expect(stretched).toEqual(whole);
    expect(whole.filter((h) => h.ref === 'QDi.006')).toHaveLength(16);
  });

  it('keeps to the lists asked for, and to the threshold given', () => {
    const text = 'funds from Ayman al-Zawahiri';
    expect(scanText(un, text, { lists: ['none-such'] })).toEqual([]);
    expect(scanText(un, text, { lists: ['un-sc'] })).toHaveLength(1);
    expect(scanText(un, text, { threshold: 0.9999 })).toEqual([]);
  });
});

describe('scanning a payment message', () => {
  it('screens parties as names with their country, scans remittance text, names the field', () => {
    const text =
      ':20:REF1\n:50K:/123\nJOHN SMITH\nLONDON GB\n:59:/456\nAYMAN AL-ZAWAHIRI\nEG\n:70:SUPPORT FOR ABU BAKR AL-BAGHDADI\n';
    const name = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
    const doc: ScanDocument = {
      kind: 'mt103',
      name: 'm.txt',
      id: 'REF1',
      text,
      segments: [{ field: '70', ...name('SUPPORT FOR ABU BAKR AL-BAGHDADI') }],
      parties: [
        { field: '50K', name: name('JOHN SMITH'), country: 'GB' },
        { field: '59', name: name('AYMAN AL-ZAWAHIRI'), country: 'EG' },
      ],
    };
    const hits = scanDocument(un, doc);
    expectLocated(text, hits);
    expect(hits.map((h) => `${h.field} ${h.ref} ${h.text}`)).toEqual([
      '59 QDi.006 AYMAN AL-ZAWAHIRI',
      '70 QDi.299 ABU BAKR AL-BAGHDADI',
    ]);
    expect(hits[0]!.line).toBe(6);
  });
});

describe('scanning partner records', () => {
  it('finds a partner record only for partners in its scope', () => {
    const screener = Screener.fromEntities([]);
    const now = new Date().toISOString();
    const record: PartnerRecord = {
      id: 'p1',
      owner: 'moi',
      ref: 'p1',
      schema: 'Person',
      properties: { name: ['Jawad Karim Sabbagh'] },
      basis: 'test',
      scope: { kind: 'partners', partners: ['bank-a'] },
      version: 1,
      createdAt: now,
      updatedAt: now,
      withdrawnAt: null,
      via: null,
      changeSeq: 1,
    };
    screener.partners = new PartnerIndex(loadLexicon());
    screener.partners.apply([record]);
    const text = 'The transfer was ordered by Jawad Karim Sabbagh last week.';
    const forA = scanText(screener, text, { partner: 'bank-a' });
    expectLocated(text, forA);
    expect(forA.map((h) => h.text)).toEqual(['Jawad Karim Sabbagh']);
    expect(scanText(screener, text, { partner: 'bank-b' })).toEqual([]);
    expect(scanText(screener, text)).toEqual([]);
  });
});
