/**
 * The classes of evidence the trained scorer must get right (issue: matching v2), each with
 * real-looking names in both scripts, screened through the shipped model at its own threshold.
 * These are illustrations of each class, not the evaluation data (that is `npm run eval`).
 */
import { describe, expect, it } from 'vitest';
import type { Entity, Schema } from '../src/core/entity.js';
import type { MatchResult, Query } from '../src/core/query.js';
import { queryVariants } from '../src/match/query-variants.js';
import { loadScoringModel } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';

const model = loadScoringModel();

function person(id: string, names: string[], extra: Partial<Entity['properties']> = {}): Entity {
  return entity(id, 'Person', names, extra);
}

function entity(
  id: string,
  schema: Schema,
  names: string[],
  extra: Partial<Entity['properties']> = {},
): Entity {
  const [name, ...alias] = names;
  return {
    id: `t:${id}`,
    schema,
    caption: name!,
    properties: { name: [name!], ...(alias.length ? { alias } : {}), ...extra },
    provenance: { listId: 't', listVersion: '1', ref: id },
  };
}

function screen(listed: Entity[], query: Query): MatchResult[] {
  return Screener.fromEntities(listed).screen(query, { minScore: 0 });
}

function scoreOf(listed: Entity[], query: Query, id: string): MatchResult | undefined {
  return screen(listed, query).find((r) => r.entity.id === `t:${id}`);
}

function expectMatch(listed: Entity[], query: Query, id: string): MatchResult {
  const r = scoreOf(listed, query, id);
  expect(r, `${query.name}: no result`).toBeDefined();
  expect(r!.match, `${query.name} → ${r!.explanation.matchedName} ${r!.score}`).toBe(true);
  return r!;
}

function expectNoMatch(listed: Entity[], query: Query): void {
  const alerts = screen(listed, query).filter((r) => r.match);
  expect(
    alerts.map((r) => `${r.explanation.matchedName} ${r.score}`),
    query.name,
  ).toEqual([]);
}

describe('the article joined to the name in Latin script, as Gulf passports write it', () => {
  const listed = [
    person('1', ['حمد سالم المزروعي']),
    person('2', ['سعيد راشد الكتبي']),
    person('3', ['Khalifa Juma Al Dhaheri']),
  ];
  it.each([
    ['HAMAD SALEM ALMAZROUEI', '1'],
    ['SAEED RASHID ALKETBI', '2'],
    ['KHALIFA JUMA ALDHAHERI', '3'],
    ['خليفة جمعة الظاهري', '3'],
  ])('%s', (name, id) => {
    expectMatch(listed, { name, schema: 'Person' }, id);
  });
});

describe('final alef maksura and yeh, ta marbuta and heh', () => {
  const listed = [person('1', ['سعيد راشد الكتبى']), person('2', ['فاطمة عمر الزهراني'])];
  it.each([
    ['سعيد راشد الكتبي', '1'],
    ['Saeed Rashid al-Ketbi', '1'],
    ['فاطمه عمر الزهراني', '2'],
    ['Fatimah Omar Alzahrani', '2'],
  ])('%s', (name, id) => {
    expectMatch(listed, { name, schema: 'Person' }, id);
  });
});

describe('one token on one side, two on the other, in either script and across scripts', () => {
  const listed = [
    person('1', ['AHMAD JAN AKHUNDZADA']),
    person('2', ['سيد أحمد شهيد خيل']),
    person('3', ['RAMZI MOHAMED ABDULLAH BINALSHIBH']),
    person('4', ['سيف الدين عبد الصمد الحداد']),
  ];
  it.each([
    ['احمد جان آخوند زاده', '1'],
    ['Ahmad Jan Akhund Zada', '1'],
    ['Sayed Ahmed Shahidkhel', '2'],
    ['رمزي محمد عبد الله بن الشيبة', '3'],
    ['Ramzi Mohamed Abdullah bin al-Shibh', '3'],
    ['Saifuddin Abdulsamad al-Haddad', '4'],
  ])('%s', (name, id) => {
    expectMatch(listed, { name, schema: 'Person' }, id);
  });
});

describe('Somali orthography: x for ح and c for ع', () => {
  const listed = [person('1', ['حسن محمود عثمان']), person('2', ['Hassan Mahmoud Osman'])];
  it.each([
    ['Xasan Maxamuud Cismaan', '1'],
    ['Xasan Maxamuud Cismaan', '2'],
    ['حسن محمود عثمان', '2'],
  ])('%s → %s', (name, id) => {
    expectMatch(listed, { name, schema: 'Person' }, id);
  });
});

describe('more names on one side', () => {
  const listed = [person('1', ['Abdul Rahman Yasin Taha al-Samarrai'])];
  it('a customer name that holds the whole listed name, and more, scores high', () => {
    expectMatch(
      listed,
      { name: 'Abdul Rahman Yasin Taha Ahmed al-Samarrai', schema: 'Person' },
      '1',
    );
    expectMatch(listed, { name: 'عبد الرحمن ياسين طه أحمد السامرائي', schema: 'Person' }, '1');
  });
  it('a query that leaves out a rare part of the listed name scores lower than one that does not', () => {
    const full = scoreOf(listed, { name: 'Abdul Rahman Yasin Taha al-Samarrai' }, '1')!;
    const shorter = scoreOf(listed, { name: 'Abdul Rahman al-Samarrai' }, '1')!;
    expect(shorter.score).toBeLessThan(full.score);
  });
});

describe('one typo in one part of a three- or four-part name', () => {
  const listed = [person('1', ['Ayman Mohammed Rabie al-Zawahiri'])];
  it.each([
    'Ayman Mohammed Rabie al-Zawahri',
    'Ayman Mohammed Rabei al-Zawahiri',
    'Aymna Mohammed Rabie al-Zawahiri',
    'Ayman Mohammed Rabie al-Zawahiry',
  ])('%s', (name) => {
    expectMatch(listed, { name, schema: 'Person' }, '1');
  });
});

describe('common names', () => {
  const listed = [
    person('1', ['Mohammed Ali Hassan']),
    person('2', ['Mohammed Ali Hussein al-Tikriti']),
  ];
  it('a full three-part match of common names alerts, flagged as a common name', () => {
    const r = expectMatch(listed, { name: 'Muhammad Ali Hasan', schema: 'Person' }, '1');
    expect(r.explanation.qualifiers.some((q) => q.kind === 'commonName')).toBe(true);
  });
  it.each(['Mohammed Ali', 'محمد علي'])(
    '%s alone is held back: common parts that leave much of the listed name unmet',
    (name) => {
      expectNoMatch(listed, { name, schema: 'Person' });
      const held = screen(listed, { name, schema: 'Person' }).filter((r) =>
        r.explanation.qualifiers.some((q) => q.kind === 'commonName' && q.delta < 0),
      );
      expect(held.length).toBeGreaterThan(0);
    },
  );
  it('a date of birth that agrees lets a common-name match through', () => {
    const withDate = [person('3', ['Mohammed Ali'], { birthDate: ['1970-05-04'] })];
    expectNoMatch(withDate, { name: 'Mohammed Ali', schema: 'Person' });
    expectMatch(withDate, { name: 'Mohammed Ali', schema: 'Person', birthDate: '1970-05-04' }, '3');
  });
});

describe('precision', () => {
  const listed = [
    person('1', ['Ayman Mohammed Rabie al-Zawahiri']),
    person('2', ['Ibrahim Awwad Ibrahim al-Badri al-Samarrai']),
  ];
  it.each([
    'al-Zawahiri',
    'Sheikh al-Zawahiri',
    'Maulana Zawahiri',
    'Haji al-Zawahiri',
    'Mullah Zawahiri',
    'الظواهري',
    'الشيخ الظواهري',
  ])('one listed surname met alone never alerts: %s', (name) => {
    expectNoMatch(listed, { name, schema: 'Person' });
  });
  it.each(['Ayman al-Samarrai', 'Ibrahim al-Zawahiri', 'أيمن السامرائي'])(
    'a given name from one entry and a family name from another stay under the threshold: %s',
    (name) => {
      expectNoMatch(listed, { name, schema: 'Person' });
    },
  );
  it('initials alone never carry a match', () => {
    expectNoMatch(listed, { name: 'A. M. R. Z.', schema: 'Person' });
  });
});

describe('names with a bracketed alias, and repeated names', () => {
  it('splits a bracketed alias into a name of its own', () => {
    expect(queryVariants('أحمد محمود (أبو خالد)')).toEqual(['أحمد محمود', 'أبو خالد']);
    expect(queryVariants('John Smith [Abu Yahya] (Yahya Smith)')).toEqual([
      'John Smith',
      'Abu Yahya',
      'Yahya Smith',
    ]);
    expect(queryVariants('Acme (UK)')).toEqual(['Acme', 'UK']);
    expect(queryVariants('(no name outside)')).toEqual(['(no name outside)']);
    expect(queryVariants('Plain Name')).toEqual(['Plain Name']);
  });
  it('screens each name of a bracketed query: the alias alone meets the listed kunya', () => {
    const listed = [person('1', ['أبو خالد السوري', 'Abu Khalid al-Suri'])];
    const r = expectMatch(listed, { name: 'يوسف قاسم (أبو خالد السوري)', schema: 'Person' }, '1');
    expect(r.explanation.unmatchedQuery).toEqual([]);
  });
  it('aligns a repeated part twice, not once', () => {
    const listed = [person('1', ['Mohammed Ahmed Mohammed Ahmed Salem'])];
    const r = expectMatch(listed, { name: 'محمد أحمد محمد أحمد سالم', schema: 'Person' }, '1');
    expect(r.explanation.tokens).toHaveLength(5);
    expect(r.explanation.unmatchedListed).toEqual([]);
  });
});

describe('the model behind every score', () => {
  const listed = [person('1', ['Ayman Mohammed Rabie al-Zawahiri'], { birthDate: ['1951-06-19'] })];
  it('names its version, and its contributions add up to the log-odds', () => {
    const r = expectMatch(
      listed,
      { name: 'Aiman al-Zawahiri', schema: 'Person', birthDate: '1951-06-19' },
      '1',
    );
    const e = r.explanation;
    expect(e.model).toBe(model.version);
    const sum = e.contributions.reduce((z, c) => z + c.logit, model.intercept);
    expect(sum).toBeCloseTo(e.logit, 2);
    expect(e.contributions.find((c) => c.feature === 'birthDateAgrees')?.logit).toBeGreaterThan(0);
    expect(e.contributions.every((c) => c.text.length > 0)).toBe(true);
    expect(r.score).toBeCloseTo(model.probability(e.logit), 2);
  });
  it('a contradicting date of birth lowers the score', () => {
    const agree = scoreOf(listed, { name: 'Ayman al-Zawahiri', birthDate: '1951-06-19' }, '1')!;
    const none = scoreOf(listed, { name: 'Ayman al-Zawahiri' }, '1')!;
    const differ = scoreOf(listed, { name: 'Ayman al-Zawahiri', birthDate: '1980-01-01' }, '1')!;
    expect(agree.score).toBeGreaterThanOrEqual(none.score);
    expect(differ.score).toBeLessThan(none.score);
  });
});
