/**
 * Every visible string, in English and Arabic. Arabic switches the whole layout to right to
 * left; names keep their own direction through <bdi>.
 */
import { createContext, useContext } from 'react';

export type Lang = 'en' | 'ar';

import * as admin from './strings/admin.js';
import * as alert from './strings/alert.js';
import * as caseFile from './strings/case.js';
import * as common from './strings/common.js';
import * as queue from './strings/queue.js';
import * as scan from './strings/scan.js';
import * as screen from './strings/screen.js';
import * as shell from './strings/shell.js';

/** Each area keeps its strings in its own file (strings/*.ts); a key is defined once. */
const AREAS = [common, alert, caseFile, queue, screen, scan, shell, admin] as const;
const en = Object.assign({}, ...AREAS.map((a) => a.en)) as typeof common.en &
  typeof alert.en &
  typeof queue.en &
  typeof screen.en &
  typeof scan.en &
  typeof shell.en &
  typeof caseFile.en &
  typeof admin.en;
export type Key = keyof typeof en;
const ar = Object.assign({}, ...AREAS.map((a) => a.ar)) as Record<Key, string>;

/** Keys defined by more than one area (a unit test keeps this empty). */
export function duplicateKeys(): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const a of AREAS)
    for (const k of Object.keys(a.en)) {
      if (seen.has(k)) dup.push(k);
      seen.add(k);
    }
  return dup;
}

export const STRINGS: Record<Lang, Record<Key, string>> = { en, ar };

/** How the reader wants numbers and dates: Western or Arabic-Indic digits, Gregorian or Hijri. */
export interface Prefs {
  digits: 'latn' | 'arab';
  calendar: 'gregory' | 'islamic-umalqura';
}

export const DEFAULT_PREFS: Prefs = { digits: 'latn', calendar: 'gregory' };

export interface I18n {
  lang: Lang;
  t: (key: Key) => string;
  /** A key built at run time (evidence kinds, states…); falls back to the raw value. */
  tx: (prefix: string, value: string) => string;
  setLang: (lang: Lang) => void;
  prefs: Prefs;
  /** A number in the reader's language and digits. */
  num: (n: number, options?: Intl.NumberFormatOptions) => string;
  /** A share (0..1) as a percentage: 0.873 → "87.3%" / "٨٧٫٣٪". */
  pct: (share: number, fractionDigits?: number) => string;
  /** A date (ISO, with or without time) in the reader's locale and calendar; `time` adds hh:mm. */
  date: (iso: string, time?: boolean) => string;
  /**
   * A count with the plural form the language needs. The key's text holds the forms separated
   * by "|" in CLDR order (en: one|other; ar: zero|one|two|few|many|other); "{n}" is the number.
   */
  count: (n: number, key: Key) => string;
  /** A t() text with "{name}" placeholders filled in (values isolated: see `isolate`). */
  fill: (key: Key, values: Record<string, string | number>) => string;
}

/** Plural categories in the order a key's "|"-separated forms are written, per language. */
const PLURAL_ORDER: Record<Lang, Intl.LDMLPluralRule[]> = {
  en: ['one', 'other'],
  ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
};

/**
 * Wraps text of unknown direction (a Latin name in Arabic text, or the reverse) in Unicode
 * first-strong isolates, for places where <bdi> cannot go (attributes, titles, plain strings).
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nContext');
  return ctx;
}

export function makeI18n(
  lang: Lang,
  setLang: (lang: Lang) => void,
  prefs: Prefs = DEFAULT_PREFS,
): I18n {
  const table = STRINGS[lang];
  const locale = `${lang === 'ar' ? 'ar' : 'en-GB'}-u-nu-${prefs.digits}`;
  const plural = new Intl.PluralRules(lang);
  // Formatters are costly to make and cheap to use: one per set of options, kept with the I18n.
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const dateFormats = new Map<boolean, Intl.DateTimeFormat>();
  const num = (n: number, options?: Intl.NumberFormatOptions) => {
    const key = options === undefined ? '' : JSON.stringify(options);
    let f = numberFormats.get(key);
    if (f === undefined) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
    return f.format(n);
  };
  const fillText = (text: string, values: Record<string, string | number>) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const v = values[name];
      if (v === undefined) return whole;
      return typeof v === 'number' ? num(v) : isolate(v);
    });
  return {
    lang,
    setLang,
    prefs,
    t: (key) => table[key],
    tx: (prefix, value) => (table as Record<string, string>)[`${prefix}_${value}`] ?? value,
    num,
    pct: (share, fractionDigits = 1) =>
      num(share, { style: 'percent', maximumFractionDigits: fractionDigits }),
    date: (iso, time = false) => {
      const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
      if (Number.isNaN(d.getTime())) return iso;
      let f = dateFormats.get(time);
      if (f === undefined)
        dateFormats.set(
          time,
          (f = new Intl.DateTimeFormat(`${locale}-ca-${prefs.calendar}`, {
            dateStyle: 'medium',
            ...(time ? { timeStyle: 'short' } : { timeZone: 'UTC' }),
          })),
        );
      return f.format(d);
    },
    count: (n, key) => {
      const forms = table[key].split('|');
      const at = PLURAL_ORDER[lang].indexOf(plural.select(n));
      const form = forms[at] ?? forms.at(-1)!;
      return form.replace('{n}', num(n));
    },
    fill: (key, values) => fillText(table[key], values),
  };
}
