/**
 * How the reader wants numbers and dates (Arabic-Indic or Western digits, Hijri or Gregorian
 * calendar), kept in this browser's storage. A disclosure in the header menu; Escape closes it.
 */
import { useId, useRef, useState } from 'react';
import { DEFAULT_PREFS, useI18n, type Prefs } from './i18n.js';
import { useEscape } from './live.js';

const STORE = 'sanad.prefs';

export function storedPrefs(): Prefs {
  try {
    const p = JSON.parse(localStorage.getItem(STORE) ?? '{}') as Partial<Prefs>;
    return {
      digits: p.digits === 'arab' ? 'arab' : DEFAULT_PREFS.digits,
      calendar: p.calendar === 'islamic-umalqura' ? 'islamic-umalqura' : DEFAULT_PREFS.calendar,
    };
  } catch {
    return DEFAULT_PREFS;
  }
}

export function storePrefs(prefs: Prefs): void {
  localStorage.setItem(STORE, JSON.stringify(prefs));
}

/** A fixed example, so the reader sees what the choice does. */
const SAMPLE_DATE = '2026-03-21';
const SAMPLE_NUMBER = 1234.5;

export function PrefsControl({ onChange }: { onChange: (prefs: Prefs) => void }) {
  const { t, prefs, date, num, fill } = useI18n();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEscape(() => {
    setOpen(false);
    button.current?.focus();
  }, open);
  const set = (change: Partial<Prefs>) => onChange({ ...prefs, ...change });
  return (
    <div className="prefs">
      <button
        ref={button}
        type="button"
        className="link"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen(!open)}
      >
        {t('prefs')}
      </button>
      <div id={`${id}-panel`} className="prefs-panel" hidden={!open}>
        <label htmlFor={`${id}-digits`}>{t('prefsDigits')}</label>
        <select
          id={`${id}-digits`}
          value={prefs.digits}
          onChange={(e) => set({ digits: e.target.value as Prefs['digits'] })}
        >
          <option value="latn">{t('prefsDigitsLatn')}</option>
          <option value="arab">{t('prefsDigitsArab')}</option>
        </select>
        <label htmlFor={`${id}-calendar`}>{t('prefsCalendar')}</label>
        <select
          id={`${id}-calendar`}
          value={prefs.calendar}
          onChange={(e) => set({ calendar: e.target.value as Prefs['calendar'] })}
        >
          <option value="gregory">{t('prefsGregory')}</option>
          <option value="islamic-umalqura">{t('prefsHijri')}</option>
        </select>
        <p className="prefs-sample" data-sample>
          {fill('prefsSample', { date: date(SAMPLE_DATE), number: num(SAMPLE_NUMBER) })}
        </p>
      </div>
    </div>
  );
}
