/**
 * An Excel date serial number as `YYYY-MM-DD`, in either of Excel's date systems.
 *
 * In the 1900 system (the default) serial 1 is 1900-01-01 and serial 60 is 1900-02-29, a day
 * that never was: Lotus 1-2-3 took 1900 for a leap year and Excel kept the mistake, so from
 * serial 61 (1900-03-01) on, day 0 is in effect 1899-12-30. In the 1904 system (old Mac Excel,
 * `workbookPr date1904`) serial 0 is 1904-01-01.
 */

const DAY_MS = 86_400_000;
/** 9999-12-31, the last date Excel shows, in the 1900 system. */
const MAX_SERIAL = 2_958_465;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1900_EARLY = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * The date of a serial, or undefined when it is no date Excel would show: negative, past 9999,
 * or serial 0 of the 1900 system (Excel's "1900-01-00", which a time-only value also has).
 */
export function excelSerialToIso(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial > MAX_SERIAL) return undefined;
  // A date-time is the day plus a fraction. Round to the millisecond first, so that float noise
  // in a serial meant as midnight (29221.999999999996) does not fall back a day.
  const day = Math.floor(Math.round(serial * DAY_MS) / DAY_MS);
  if (date1904) return iso(EPOCH_1904 + day * DAY_MS);
  if (day === 0) return undefined;
  if (day === 60) return '1900-02-29';
  return iso((day < 60 ? EPOCH_1900_EARLY : EPOCH_1900) + day * DAY_MS);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
