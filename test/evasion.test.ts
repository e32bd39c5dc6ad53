/**
 * Obfuscated spellings of a listed name must still meet it: invisible characters, bidi
 * controls, tatweel, harakat, presentation forms, look-alike letters, Persian letter forms,
 * stray letters, odd spaces, case and diacritics (arabic-names.md §1). Each evasion is checked
 * against the same listing in the same script, in the other script, and on the bundled UN list.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

const person = (id: string, names: string[]): Entity => ({
  id: `t:${id}`,
  schema: 'Person',
  caption: names[0]!,
  properties: { name: [names[0]!], alias: names.slice(1) },
  provenance: { listId: 't', listVersion: '1', ref: id },
});

interface Target {
  id: string;
  arabic: string;
  latin: string;
  /** The UN list entry for the same person. */
  unRef: string;
}

const BAGHDADI: Target = {
  id: 'baghdadi',
  arabic: 'أبو بكر البغدادي',
  latin: 'Abu Bakr al-Baghdadi',
  unRef: 'QDi.299',
};
const ZAWAHIRI: Target = {
  id: 'zawahiri',
  arabic: 'أيمن الظواهري',
  latin: 'Ayman al-Zawahiri',
  unRef: 'QDi.006',
};

/** Decoys that share a token with the targets, so the right entity has to win. */
const DECOYS = [
  person('masri', ['Abu Bakr al-Masri', 'أبو بكر المصري']),
  person('ibrahim-baghdadi', ['Ibrahim al-Baghdadi', 'إبراهيم البغدادي']),
  person('nour', ['Ayman Nour', 'أيمن نور']),
  person('zawahiri-m', ['Muhammad al-Zawahiri', 'محمد الظواهري']),
];

/** Both scripts listed (plus decoys), Arabic only, Latin only. */
const bilingual = Screener.fromEntities([
  person(BAGHDADI.id, [BAGHDADI.latin, BAGHDADI.arabic]),
  person(ZAWAHIRI.id, [ZAWAHIRI.latin, ZAWAHIRI.arabic]),
  ...DECOYS,
]);
const arabicOnly = Screener.fromEntities([
  person(BAGHDADI.id, [BAGHDADI.arabic]),
  person(ZAWAHIRI.id, [ZAWAHIRI.arabic]),
]);
const latinOnly = Screener.fromEntities([
  person(BAGHDADI.id, [BAGHDADI.latin]),
  person(ZAWAHIRI.id, [ZAWAHIRI.latin]),
]);

const ZWSP = '\u200B';
const ZWNJ = '\u200C';
const ZWJ = '\u200D';
const LRM = '\u200E';
const RLM = '\u200F';
const ALM = '\u061C';
const RLE = '\u202B';
const PDF = '\u202C';
const RLO = '\u202E';
const LRI = '\u2066';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';
const BOM = '\uFEFF';
const SHY = '\u00AD';
const NBSP = '\u00A0';

type Script = 'arabic' | 'latin';

interface Evasion {
  label: string;
  target: Target;
  script: Script;
  query: string;
}

const ARABIC_EVASIONS: Evasion[] = [
  {
    label: 'ZWNJ and ZWJ inside words',
    target: BAGHDADI,
    script: 'arabic',
    query: `أبو ب${ZWJ}كر البغ${ZWNJ}دادي`,
  },
  {
    label: 'ZWNJ and ZWJ inside words',
    target: ZAWAHIRI,
    script: 'arabic',
    query: `أي${ZWNJ}من الظ${ZWJ}واه${ZWNJ}ري`,
  },
  {
    label: 'zero-width spaces inside words',
    target: BAGHDADI,
    script: 'arabic',
    query: `أب${ZWSP}و بك${ZWSP}ر البغدا${ZWSP}دي`,
  },
  {
    label: 'RLM and LRM around words',
    target: BAGHDADI,
    script: 'arabic',
    query: `${RLM}أبو بكر${LRM} ${RLM}البغدادي${LRM}`,
  },
  {
    label: 'RLM inside words',
    target: ZAWAHIRI,
    script: 'arabic',
    query: `أيم${RLM}ن الظواه${RLM}ري`,
  },
  {
    label: 'bidi isolates RLI…PDI',
    target: BAGHDADI,
    script: 'arabic',
    query: `${RLI}أبو بكر${PDI} ${RLI}البغدادي${PDI}`,
  },
  {
    label: 'bidi isolates LRI/FSI…PDI',
    target: ZAWAHIRI,
    script: 'arabic',
    query: `${LRI}أيمن${PDI} ${FSI}الظواهري${PDI}`,
  },
  {
    label: 'bidi embedding RLE…PDF',
    target: BAGHDADI,
    script: 'arabic',
    query: `${RLE}أبو بكر البغدادي${PDF}`,
  },
  {
    label: 'bidi override RLO inside a word',
    target: ZAWAHIRI,
    script: 'arabic',
    query: `أيمن الظو${RLO}اهري${PDF}`,
  },
  {
    label: 'Arabic letter mark',
    target: BAGHDADI,
    script: 'arabic',
    query: `أبو${ALM} بكر${ALM} البغ${ALM}دادي`,
  },
  {
    label: 'BOM and soft hyphen',
    target: ZAWAHIRI,
    script: 'arabic',
    query: `${BOM}أيمن الظوا${SHY}هري`,
  },
  { label: 'tatweel', target: BAGHDADI, script: 'arabic', query: 'أبـــو بكـــر البغـــدادي' },
  { label: 'tatweel', target: ZAWAHIRI, script: 'arabic', query: 'أيـــمـــن الظـــواهـــري' },
  { label: 'full harakat', target: BAGHDADI, script: 'arabic', query: 'أَبُو بَكْرٍ البَغْدَادِيُّ' },
  { label: 'full harakat with shadda', target: ZAWAHIRI, script: 'arabic', query: 'أَيْمَنُ الظَّوَاهِرِيّ' },
  {
    label: 'presentation forms',
    target: BAGHDADI,
    script: 'arabic',
    query: '\uFE83\uFE91\uFEEE \uFE91\uFEDC\uFEAE \uFE8D\uFEDF\uFE92\uFED0\uFEAA\uFE8D\uFEA9\uFEF1',
  },
  {
    label: 'presentation forms',
    target: ZAWAHIRI,
    script: 'arabic',
    query: '\uFE83\uFEF3\uFEE4\uFEE6 \uFE8D\uFEDF\uFEC8\uFEEE\uFE8D\uFEEB\uFEAE\uFEF1',
  },
  { label: 'Persian yeh and keheh', target: BAGHDADI, script: 'arabic', query: 'ابو بکر البغدادی' },
  { label: 'Persian yeh', target: ZAWAHIRI, script: 'arabic', query: 'ایمن الظواهری' },
  {
    label: 'alef maqsura for final yeh',
    target: ZAWAHIRI,
    script: 'arabic',
    query: 'أيمن الظواهرى',
  },
  {
    label: 'a stray Latin letter inside a word',
    target: BAGHDADI,
    script: 'arabic',
    query: 'أبو بكxر البغدادي',
  },
  {
    label: 'a stray Latin letter inside a word',
    target: ZAWAHIRI,
    script: 'arabic',
    query: 'أيمن الظوzاهري',
  },
  {
    label: 'NBSP and doubled spaces',
    target: BAGHDADI,
    script: 'arabic',
    query: `أبو${NBSP}بكر   البغدادي`,
  },
  {
    label: 'NBSP and doubled spaces',
    target: ZAWAHIRI,
    script: 'arabic',
    query: `  أيمن${NBSP}${NBSP}الظواهري `,
  },
  {
    label: 'all of the above at once',
    target: BAGHDADI,
    script: 'arabic',
    query: `${RLI}اَبـُو${ZWNJ}${NBSP}بـَکْxـر  ${RLM}البَغـْ${ZWJ}دادی${PDI}`,
  },
];

const LATIN_EVASIONS: Evasion[] = [
  {
    label: 'ZWNJ and ZWJ inside words',
    target: BAGHDADI,
    script: 'latin',
    query: `Abu B${ZWJ}akr al-Bagh${ZWNJ}dadi`,
  },
  {
    label: 'zero-width spaces inside words',
    target: ZAWAHIRI,
    script: 'latin',
    query: `Ay${ZWSP}man al-Zawa${ZWSP}hiri`,
  },
  {
    label: 'LRM and RLM around words',
    target: ZAWAHIRI,
    script: 'latin',
    query: `${LRM}Ayman${RLM} al-Zawahiri${LRM}`,
  },
  {
    label: 'bidi isolates',
    target: BAGHDADI,
    script: 'latin',
    query: `${LRI}Abu Bakr${PDI} ${FSI}al-Baghdadi${PDI}`,
  },
  {
    label: 'soft hyphen and BOM',
    target: ZAWAHIRI,
    script: 'latin',
    query: `${BOM}Ayman al-Zawa${SHY}hiri`,
  },
  {
    label: 'Cyrillic look-alikes (А, а)',
    target: BAGHDADI,
    script: 'latin',
    query: '\u0410bu B\u0430kr \u0430l-B\u0430ghd\u0430di',
  },
  {
    label: 'Cyrillic look-alikes (а, і)',
    target: ZAWAHIRI,
    script: 'latin',
    query: 'Aym\u0430n al-Z\u0430wah\u0456ri',
  },
  {
    label: 'Greek look-alikes (Α, Ζ)',
    target: ZAWAHIRI,
    script: 'latin',
    query: '\u0391yman al-\u0396awahiri',
  },
  {
    label: 'Greek look-alike (Α)',
    target: BAGHDADI,
    script: 'latin',
    query: '\u0391bu Bakr al-Baghdadi',
  },
  {
    label: 'NBSP and doubled spaces',
    target: BAGHDADI,
    script: 'latin',
    query: `Abu${NBSP}Bakr   al-Baghdadi`,
  },
  { label: 'upper case', target: BAGHDADI, script: 'latin', query: 'ABU BAKR AL-BAGHDADI' },
  { label: 'lower case', target: ZAWAHIRI, script: 'latin', query: 'ayman al-zawahiri' },
  { label: 'mixed case', target: ZAWAHIRI, script: 'latin', query: 'aYmAn AL-zaWAHiri' },
  { label: 'diacritics', target: ZAWAHIRI, script: 'latin', query: 'Ayman al-Ẓawāhirī' },
  { label: 'diacritics', target: BAGHDADI, script: 'latin', query: 'Abū Bakr al-Baghdādī' },
  {
    label: 'diacritics in upper case',
    target: ZAWAHIRI,
    script: 'latin',
    query: 'AYMAN AL-ẒAWĀHIRĪ',
  },
  {
    label: 'all of the above at once',
    target: ZAWAHIRI,
    script: 'latin',
    query: `${LRI}\u0391YM\u0430N${ZWJ}${NBSP} al-Ẓaw${SHY}āhirī${PDI}`,
  },
];

const EVASIONS = [...ARABIC_EVASIONS, ...LATIN_EVASIONS];
const cleanOf = (e: Evasion) => (e.script === 'arabic' ? e.target.arabic : e.target.latin);
/** The listing in the other script than the query. */
const otherScript = (e: Evasion) => (e.script === 'arabic' ? latinOnly : arabicOnly);
const rows = EVASIONS.map((e) => [e.target.latin, e.label, e] as const);

function top(screener: Screener, query: string) {
  const results = screener.screen({ name: query });
  return results[0];
}

describe('the evasion queries really are obfuscated', () => {
  it.each(rows)('%s: %s', (_t, _l, e) => {
    expect(e.query).not.toBe(cleanOf(e));
  });

  it('presentation-form queries are NFKC-equal to the plain spelling', () => {
    for (const e of EVASIONS.filter((x) => x.label === 'presentation forms')) {
      expect(e.query).toMatch(/^[\uFE70-\uFEFF ]+$/);
      expect(e.query.normalize('NFKC')).toBe(cleanOf(e));
    }
  });

  it('look-alike queries hold Cyrillic or Greek letters', () => {
    for (const e of EVASIONS.filter((x) => x.label.includes('look-alikes')))
      expect(e.query).toMatch(/[\u0370-\u03ff\u0400-\u04ff]/);
  });
});

describe('clean spellings match (controls)', () => {
  it.each([BAGHDADI, ZAWAHIRI])('$latin', (t) => {
    for (const [screener, query] of [
      [bilingual, t.arabic],
      [bilingual, t.latin],
      [arabicOnly, t.latin],
      [latinOnly, t.arabic],
    ] as const) {
      const r = top(screener, query);
      expect(r?.entity.id, query).toBe(`t:${t.id}`);
      expect(r?.match, query).toBe(true);
    }
  });
});

function expectSameAsCleanBilingual(e: Evasion): void {
  const clean = top(bilingual, cleanOf(e))!;
  const r = top(bilingual, e.query);
  expect(r?.entity.id).toBe(`t:${e.target.id}`);
  expect(r?.match).toBe(true);
  expect(r?.score).toBe(clean.score);
}

function expectSameAsCleanOtherScript(e: Evasion): void {
  const screener = otherScript(e);
  const clean = top(screener, cleanOf(e))!;
  const r = top(screener, e.query);
  expect(r?.entity.id).toBe(`t:${e.target.id}`);
  expect(r?.match).toBe(true);
  expect(r?.score).toBe(clean.score);
}

function expectSameAsCleanOn(un: Screener, e: Evasion): void {
  const r = un.screen({ name: e.query }).find((x) => x.entity.provenance.ref === e.target.unRef);
  expect(r, `${e.query} → ${e.target.unRef}`).toBeDefined();
  expect(r!.match).toBe(true);
  const clean = un
    .screen({ name: cleanOf(e) })
    .find((x) => x.entity.provenance.ref === e.target.unRef)!;
  expect(r!.score).toBe(clean.score);
}

describe('listed in both scripts: the evasion scores as the clean spelling does', () => {
  it.each(rows)('%s: %s', (_t, _l, e) => {
    expectSameAsCleanBilingual(e);
  });
});

describe('listed in the other script only: the evasion still crosses scripts', () => {
  it.each(rows)('%s: %s', (_t, _l, e) => {
    expectSameAsCleanOtherScript(e);
  });
});

let un: Screener;
beforeAll(async () => {
  un = Screener.fromEntities((await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities);
});

describe('on the bundled UN list', () => {
  it.each(rows)('%s: %s', (_t, _l, e) => {
    expectSameAsCleanOn(un, e);
  });
});

/** Hyphen look-alikes and the alef wasla article, checked in the same three settings. */
const GAP_EVASIONS: Evasion[] = [
  // U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN and U+2212 MINUS SIGN separate like a hyphen.
  {
    label: 'U+2010 hyphen after the article',
    target: BAGHDADI,
    script: 'latin',
    query: 'Abu Bakr al\u2010Baghdadi',
  },
  {
    label: 'U+2010 hyphen after the article',
    target: ZAWAHIRI,
    script: 'latin',
    query: 'Ayman al\u2010Zawahiri',
  },
  {
    label: 'U+2011 non-breaking hyphen after the article',
    target: BAGHDADI,
    script: 'latin',
    query: 'Abu Bakr al\u2011Baghdadi',
  },
  {
    label: 'U+2011 non-breaking hyphen after the article',
    target: ZAWAHIRI,
    script: 'latin',
    query: 'Ayman al\u2011Zawahiri',
  },
  {
    label: 'U+2212 minus sign after the article',
    target: BAGHDADI,
    script: 'latin',
    query: 'Abu Bakr al\u2212Baghdadi',
  },
  {
    label: 'U+2212 minus sign after the article',
    target: ZAWAHIRI,
    script: 'latin',
    query: 'Ayman al\u2212Zawahiri',
  },
  // The article written with alef wasla (ٱل, vocalised and Quranic text).
  {
    label: 'article written with alef wasla ٱل',
    target: BAGHDADI,
    script: 'arabic',
    query: 'أبو بكر ٱلبغدادي',
  },
  {
    label: 'article written with alef wasla ٱل',
    target: ZAWAHIRI,
    script: 'arabic',
    query: 'أيمن ٱلظواهري',
  },
];
const gapRows = GAP_EVASIONS.map((e) => [e.target.latin, e.label, e] as const);

describe('hyphen look-alikes and alef wasla', () => {
  it('the gap queries differ from the clean spelling only by the evasion', () => {
    for (const e of GAP_EVASIONS) {
      const undone = e.query.replace(/[\u2010\u2011\u2212]/g, '-').replace(/\u0671/g, '\u0627');
      expect(undone).toBe(cleanOf(e));
    }
  });

  describe('listed in both scripts', () => {
    it.each(gapRows)('%s: %s', (_t, _l, e) => {
      expectSameAsCleanBilingual(e);
    });
  });

  describe('listed in the other script only', () => {
    it.each(gapRows)('%s: %s', (_t, _l, e) => {
      expectSameAsCleanOtherScript(e);
    });
  });

  describe('on the bundled UN list', () => {
    it.each(gapRows)('%s: %s', (_t, _l, e) => {
      expectSameAsCleanOn(un, e);
    });
  });
});
