/**
 * Every row of the variant-group table in arabic-names.md §5, screened across scripts in both
 * directions, and the skeleton collisions that the lexicon must keep apart.
 *
 * Rows that the engine gets wrong are not dropped: they are listed in KNOWN_GAPS with the score
 * observed, and run under describe('known gaps') with it.fails, so that the suite stays green
 * while the gap is recorded and turns red once the gap is fixed.
 */
import { describe, expect, it } from 'vitest';
import type { Entity, Schema } from '../src/core/entity.js';
import type { MatchResult } from '../src/core/query.js';
import { loadScoringModel } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';

/** arabic-names.md §5, copied verbatim (Arabic | Latin variants seen). */
const VARIANT_TABLE: [string, string][] = [
  [
    'محمد',
    'Muhammad, Mohammed, Mohamed, Mohammad, Mohamad, Muhammed, Mouhamed, Mohd (Malay abbreviation)',
  ],
  ['أحمد', 'Ahmad, Ahmed, Ahmet (Tr), Achmad, Ahmat (Chad)'],
  ['محمود', 'Mahmoud, Mahmud, Mahmood, Mehmood (SA), Mahmut (Tr)'],
  ['علي', "Ali, Aly, 'Ali"],
  ['عمر', 'Omar, Umar, Omer, Oumar (WA)'],
  ['عثمان', 'Uthman, Othman, Osman, Usman, Othmane (Mgh)'],
  ['حسن', 'Hassan, Hasan, Hassen, Hacen (Mgh)'],
  ['حسين', 'Hussein, Husayn, Hussain, Hossein, Husain, Hüseyin'],
  ['عبد الله', 'Abdullah, Abdallah, Abdulla, Abd Allah, Abdellah (Mgh), Abdalla'],
  [
    'عبد الرحمن',
    'Abdul Rahman, Abdulrahman, Abdurrahman, Abd al-Rahman, Abdel Rahman, Abderrahmane, Abdirahman, Abdur Rehman',
  ],
  ['عبد العزيز', 'Abdulaziz, Abdul Aziz, Abd al-Aziz, Abdelaziz, Abdulazeez'],
  ['عبد القادر', 'Abdul Qadir, Abdelkader, Abdulkadir, Abd al-Qadir, Abdulqader'],
  ['عبد الكريم', 'Abdul Karim, Abdelkrim, Abdulkarim, Abd al-Karim, Abdul Kareem'],
  ['عبد السلام', 'Abdul Salam, Abdussalam, Abdessalam, Abdeslam, Abd al-Salam'],
  ['أسامة', 'Usama, Osama, Oussama, Usamah, Osamah'],
  ['يوسف', 'Yusuf, Youssef, Yousef, Yousif, Yusif, Youcef (Mgh)'],
  ['إبراهيم', 'Ibrahim, Ebrahim, Brahim (Mgh), Ibraheem, Ibragim'],
  ['إسماعيل', "Ismail, Ismael, Esmail, Smail (Mgh), Isma'il"],
  ['خالد', 'Khalid, Khaled, Khaleed, Halid (Tr)'],
  ['سعيد', "Saeed, Said, Saïd, Sa'id"],
  ['مصطفى', 'Mustafa, Mostafa, Moustafa, Mustapha, Mostapha'],
  ['يحيى', 'Yahya, Yehia, Yahia, Yahiya'],
  ['عيسى', 'Isa, Issa, Eissa, Aissa (Mgh)'],
  ['موسى', 'Musa, Moussa, Mousa, Moosa'],
  ['سليمان', 'Sulaiman, Suleiman, Sulayman, Slimane (Mgh), Soliman'],
  ['جمال', 'Jamal, Gamal (Eg), Djamel (Mgh), Jamel, Cemal (Tr)'],
  ['فيصل', 'Faisal, Faysal, Feisal, Fayçal, Faycal'],
  ['قاسم', 'Qasim, Qassem, Kassem, Kacem (Mgh), Kasim'],
  ['ناصر', 'Nasser, Nasir, Naser, Nacer (Mgh)'],
  ['طارق', 'Tariq, Tarek, Tarik, Tareq'],
  ['وليد', 'Walid, Waleed, Oualid (Mgh)'],
  ['رشيد', 'Rashid, Rachid (Mgh), Rasheed, Rashed'],
  ['شريف', 'Sharif, Cherif, Chérif, Sherif (Eg), Shareef'],
  ['هشام', 'Hisham, Hicham (Mgh), Hesham (Eg)'],
  ['حمزة', 'Hamza, Hamzah, Hamzeh'],
  ['فاطمة', 'Fatima, Fatimah, Fatma, Fatouma'],
  ['عائشة', 'Aisha, Aishah, Ayesha, Aicha (Mgh), Aysha'],
  ['خديجة', 'Khadija, Khadijah, Khadidja (Mgh), Hatice (Tr)'],
  ['صلاح الدين', 'Salah al-Din, Salahuddin, Salaheddine, Salah Eddine, Saladin'],
  ['نور الدين', 'Nur al-Din, Nureddin, Noureddine, Nuruddin, Nour Eddine'],
  ['أبو بكر', 'Abu Bakr, Abubakar, Abou Bakr, Aboubakar (WA), Abubakr'],
  ['البغدادي', 'al-Baghdadi, Al Baghdadi, El Baghdadi, Baghdadi'],
  ['الظواهري', 'al-Zawahiri, az-Zawahiri, Al Zawahry, El-Zawahiri'],
  ['الزرقاوي', 'al-Zarqawi, az-Zarqawi, Zarqaoui (Fr)'],
  ['بن لادن', 'bin Laden, bin Ladin, Binladin, ibn Ladin'],
  ['شيخ', 'Sheikh, Shaikh, Shaykh, Cheikh (WA/Mgh), Sheik'],
  ['ولد (particle)', 'Ould, Wuld, Wald'],
  ['بن / ابن (particle)', 'bin, ben, ibn, bn'],
  ['القاعدة', "al-Qaida, al-Qaeda, al-Qa'ida, Al-Qaïda (Fr), El Qaeda"],
  ['جبهة النصرة', 'Jabhat al-Nusrah, Jabhat al-Nusra, Jabhat an-Nusra, Al-Nusrah Front'],
  ['الشباب', 'al-Shabaab, al-Shabab, ash-Shabaab'],
];

const ORGANISATIONS = new Set(['القاعدة', 'جبهة النصرة', 'الشباب']);
const NISBAS = new Set(['البغدادي', 'الظواهري', 'الزرقاوي']);

type Direction = 'Arabic listed, Latin queried' | 'Latin listed, Arabic queried';

interface Case {
  row: string;
  variant: string;
  direction: Direction;
  schema: Schema;
  listed: string;
  query: string;
}

/** The variants of a row without their region tags: "Ahmet (Tr)" → "Ahmet". */
function variantsOf(latin: string): string[] {
  return latin.split(',').map((v) => v.replace(/\(.*?\)/g, '').trim());
}

/** The Arabic forms of a row: "بن / ابن (particle)" → ["بن", "ابن"]. */
function arabicFormsOf(arabic: string): string[] {
  return arabic
    .replace(/\(.*?\)/g, '')
    .split('/')
    .map((a) => a.trim());
}

/**
 * The two names to compare for one Arabic form and one Latin variant. A single given name gets
 * the same rare surname in both scripts (الزرقاوي / al-Zarqawi), so that the test is about the
 * given name; nisbas get a given name instead; particles sit between a given name and a family
 * name; organisations stand alone.
 */
function namesFor(
  rowArabic: string,
  ar: string,
  la: string,
): { arabic: string; latin: string; schema: Schema } {
  if (ORGANISATIONS.has(rowArabic)) return { arabic: ar, latin: la, schema: 'Organization' };
  if (rowArabic.startsWith('بن /'))
    return { arabic: `أسامة ${ar} لادن`, latin: `Usama ${la} Laden`, schema: 'Person' };
  if (rowArabic.startsWith('ولد')) {
    return { arabic: `يوسف ${ar} الزرقاوي`, latin: `Yusuf ${la} al-Zarqawi`, schema: 'Person' };
  }
  if (rowArabic === 'بن لادن' || NISBAS.has(rowArabic)) {
    return { arabic: `أسامة ${ar}`, latin: `Usama ${la}`, schema: 'Person' };
  }
  if (rowArabic === 'شيخ')
    return { arabic: `${ar} يوسف الزرقاوي`, latin: `${la} Yusuf al-Zarqawi`, schema: 'Person' };
  return { arabic: `${ar} الزرقاوي`, latin: `${la} al-Zarqawi`, schema: 'Person' };
}

function casesOf([rowArabic, latin]: [string, string]): Case[] {
  const out: Case[] = [];
  for (const ar of arabicFormsOf(rowArabic)) {
    for (const variant of variantsOf(latin)) {
      const { arabic, latin: lat, schema } = namesFor(rowArabic, ar, variant);
      const row = arabicFormsOf(rowArabic).join(' / ');
      out.push({
        row,
        variant,
        direction: 'Arabic listed, Latin queried',
        schema,
        listed: arabic,
        query: lat,
      });
      out.push({
        row,
        variant,
        direction: 'Latin listed, Arabic queried',
        schema,
        listed: lat,
        query: arabic,
      });
    }
  }
  return out;
}

const entity = (id: string, schema: Schema, name: string): Entity => ({
  id: `t:${id}`,
  schema,
  caption: name,
  properties: { name: [name] },
  provenance: { listId: 't', listVersion: '1', ref: id },
});

/** Screens `query` against a list holding only `listed`; the result for that entity, if any. */
function screenOne(
  listed: string,
  query: string,
  schema: Schema = 'Person',
  minScore?: number,
): MatchResult | undefined {
  const screener = Screener.fromEntities([entity('1', schema, listed)]);
  const results = screener.screen({ name: query }, minScore === undefined ? {} : { minScore });
  return results.find((r) => r.entity.id === 't:1');
}

const THRESHOLD = loadScoringModel().threshold;

function expectMatch(c: { listed: string; query: string; schema: Schema }): void {
  const r = screenOne(c.listed, c.query, c.schema);
  const seen = r ? `score ${r.score}, explanation ${JSON.stringify(r.explanation)}` : 'no result';
  expect(r, `${c.query} → ${c.listed}: ${seen}`).toBeDefined();
  expect(r!.match, `${c.query} → ${c.listed}: ${seen}`).toBe(true);
  // Every part met: the variant itself, not only the partner tokens, carried the match.
  expect(r!.explanation.unmatchedQuery, seen).toEqual([]);
  expect(r!.explanation.unmatchedListed, seen).toEqual([]);
}

function scoreOf(listed: string, query: string): number {
  return screenOne(listed, query, 'Person', 0)?.score ?? 0;
}

function expectNoMatch(listed: string, query: string): void {
  const score = scoreOf(listed, query);
  expect(score, `${query} → ${listed}`).toBeLessThan(THRESHOLD);
}

/**
 * Rows the engine gets wrong today, with the score observed (0 = no result at all). Keys:
 * `row | variant | direction` for the variant table, `listed <- query` for the collisions.
 */
const KNOWN_GAPS: Record<string, number> = {
  // Saladin is an exonym: one unparsed token that is too far from صلاح الدين spelled out.
  'صلاح الدين | Saladin | Arabic listed, Latin queried': 0.49,
  'صلاح الدين | Saladin | Latin listed, Arabic queried': 0.475,
  // A translation alias (Front = جبهة), not a transliteration.
  'جبهة النصرة | Al-Nusrah Front | Arabic listed, Latin queried': 0.508,
  'جبهة النصرة | Al-Nusrah Front | Latin listed, Arabic queried': 0.514,
};

const caseKey = (c: Case) => `${c.row} | ${c.variant} | ${c.direction}`;
const collisionKey = (listed: string, query: string) => `${listed} <- ${query}`;

const ALL_CASES = VARIANT_TABLE.flatMap(casesOf);

describe('§5 variant table: every Arabic form meets every Latin variant', () => {
  it('the table holds all 51 rows of arabic-names.md §5', () => {
    expect(VARIANT_TABLE).toHaveLength(51);
    expect(new Set(VARIANT_TABLE.map(([a]) => a)).size).toBe(51);
  });

  for (const [rowArabic] of VARIANT_TABLE) {
    const row = arabicFormsOf(rowArabic).join(' / ');
    const cases = ALL_CASES.filter((c) => c.row === row && !(caseKey(c) in KNOWN_GAPS));
    describe(row, () => {
      it.each(cases.map((c) => [c.variant, c.direction, c] as const))('%s (%s)', (_v, _d, c) => {
        expectMatch(c);
      });
    });
  }
});

/** Skeleton collisions: names whose consonants agree but which the lexicon knows are different. */
const COLLISIONS: { label: string; a: string[]; b: string[] }[] = [
  {
    label: 'محمد vs Mahmoud',
    a: ['محمد', 'Muhammad', 'Mohammed'],
    b: ['محمود', 'Mahmoud', 'Mahmood'],
  },
  { label: 'حسن vs Hussein', a: ['حسن', 'Hassan', 'Hasan'], b: ['حسين', 'Hussein', 'Hussain'] },
  {
    label: 'أحمد vs Hamid, حامد vs Ahmad',
    a: ['أحمد', 'Ahmad', 'Ahmed'],
    b: ['حامد', 'Hamid', 'Hamed'],
  },
  { label: 'عمر vs Amr/عمرو', a: ['عمر', 'Omar', 'Umar'], b: ['عمرو', 'Amr', "'Amr"] },
  {
    label: 'Abd al-Mahdi vs Abdallah Mahdi (a compound never meets its bare stem)',
    a: ['عبد المهدي', 'Abd al-Mahdi', 'Abdul-Mahdi'],
    b: ['عبد الله مهدي', 'Abdallah Mahdi', 'Abdullah Mahdi'],
  },
  {
    label: 'Abd al-Mahdi vs Mahdi (a compound never meets its bare stem)',
    a: ['عبد المهدي', 'Abd al-Mahdi', 'Abdul-Mahdi'],
    b: ['مهدي', 'Mahdi', 'al-Mahdi'],
  },
  { label: 'Abu Ali vs Ali', a: ['أبو علي', 'Abu Ali', 'Abou Ali'], b: ['علي', 'Ali', 'Aly'] },
];

const isArabic = (s: string) => /[\u0600-\u06ff]/.test(s);
/** The same rare surname on both sides, in the script of the differing part. */
const withSurname = (part: string) => (isArabic(part) ? `${part} الزرقاوي` : `${part} al-Zarqawi`);

const COLLISION_CASES = COLLISIONS.flatMap(({ label, a, b }) =>
  a.flatMap((x) =>
    b.flatMap((y) => [
      { label, listed: withSurname(x), query: withSurname(y) },
      { label, listed: withSurname(y), query: withSurname(x) },
    ]),
  ),
);

describe('skeleton collisions stay below the threshold when only that token differs', () => {
  it('control: the same name with the partner surname meets, across scripts and in one script', () => {
    expectMatch({ listed: 'يوسف الزرقاوي', query: 'Yusuf al-Zarqawi', schema: 'Person' });
    expectMatch({ listed: 'Yusuf al-Zarqawi', query: 'Yusuf al-Zarqawi', schema: 'Person' });
  });

  for (const { label } of COLLISIONS) {
    const cases = COLLISION_CASES.filter(
      (c) => c.label === label && !(collisionKey(c.listed, c.query) in KNOWN_GAPS),
    );
    if (cases.length === 0) continue;
    describe(label, () => {
      it.each(cases.map((c) => [c.listed, c.query] as const))(
        'listed %s, queried %s',
        (listed, query) => {
          expectNoMatch(listed, query);
        },
      );
    });
  }
});

describe('known gaps', () => {
  const gapCases = ALL_CASES.filter((c) => caseKey(c) in KNOWN_GAPS);
  const gapCollisions = COLLISION_CASES.filter(
    (c) => collisionKey(c.listed, c.query) in KNOWN_GAPS,
  );

  it('every known gap names a row of the tables above', () => {
    expect(gapCases.length + gapCollisions.length).toBe(Object.keys(KNOWN_GAPS).length);
  });

  describe('variant table rows that do not match', () => {
    it.fails.each(gapCases.map((c) => [caseKey(c), KNOWN_GAPS[caseKey(c)]!, c] as const))(
      '%s (observed score %s)',
      (_key, _score, c) => {
        expectMatch(c);
      },
    );
  });

  describe('joined nasab particle in one script (met since listed names are also indexed joined)', () => {
    // bin Laden joined as Binladin, in one script: listed names are also indexed joined.
    it.each(['Osama Binladin', 'Usama Binladin'])('Usama bin Laden listed, %s queried', (query) => {
      expectMatch({ listed: 'Usama bin Laden', query, schema: 'Person' });
    });
  });
});
