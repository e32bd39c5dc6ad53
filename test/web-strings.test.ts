import { describe, expect, it } from 'vitest';
import { duplicateKeys, isolate, makeI18n, STRINGS } from '../web/src/i18n.js';

describe('the web UI strings', () => {
  it('defines each key in one area only, in both languages', () => {
    expect(duplicateKeys()).toEqual([]);
    const en = Object.keys(STRINGS.en).sort();
    expect(Object.keys(STRINGS.ar).sort()).toEqual(en);
    for (const k of en) expect(STRINGS.ar[k as keyof typeof STRINGS.ar], k).not.toBe('');
  });
});

describe('numbers, dates and isolation in the reader’s language', () => {
  const noop = () => {};
  it('writes numbers and percentages with Western or Arabic-Indic digits', () => {
    expect(makeI18n('en', noop).num(12345)).toBe('12,345');
    expect(makeI18n('en', noop).pct(0.873)).toBe('87.3%');
    const ar = makeI18n('ar', noop, { digits: 'arab', calendar: 'gregory' });
    expect(ar.num(12345)).toBe('١٢٬٣٤٥');
    expect(ar.pct(0.5)).toMatch(/^٥٠/);
    expect(makeI18n('ar', noop, { digits: 'latn', calendar: 'gregory' }).num(42)).toBe('42');
  });
  it('writes dates in the Gregorian or the Umm al-Qura calendar', () => {
    const greg = makeI18n('en', noop).date('2019-10-27');
    expect(greg).toContain('2019');
    const hijri = makeI18n('en', noop, { digits: 'latn', calendar: 'islamic-umalqura' }).date(
      '2019-10-27',
    );
    expect(hijri).toContain('1441');
    expect(makeI18n('en', noop).date('not a date')).toBe('not a date');
  });
  it('isolates a value of unknown direction inside a sentence', () => {
    expect(isolate('Abu Bakr')).toBe('\u2068Abu Bakr\u2069');
  });
});

describe('Arabic terms that keep distinct meanings apart (issue 14 item 9)', () => {
  const pairs = Object.entries(STRINGS.en).map(([k, en]) => ({
    k,
    en,
    ar: STRINGS.ar[k as keyof typeof STRINGS.ar],
  }));
  it('uses رفض only for rejecting or refusing, and استبعاد only for dismissing', () => {
    for (const { k, en, ar } of pairs) {
      if (/رفض|مرفوض/.test(ar)) expect(en, k).toMatch(/reject|refus|declin/i);
      if (/استبعاد|مستبعد|استبعد/.test(ar)) expect(en, k).toMatch(/dismiss/i);
      if (/dismiss/i.test(en) && !/reject/i.test(en)) expect(ar, k).not.toMatch(/رفض|مرفوض/);
    }
  });
  it('labels "why" (the explanation) and "reason" (a decision\'s) differently', () => {
    expect(STRINGS.ar.why).not.toBe(STRINGS.ar.reason);
  });
});
