/**
 * Secondary identifiers (arabic-names.md §7.5): a date of birth or nationality that agrees
 * lifts the score a little; one that contradicts lowers it more, because a contradiction is
 * stronger evidence of a different person than an agreement is of the same one.
 */
import type { Qualifier } from '../core/query.js';

export const DOB_EXACT_BONUS = 0.08;
export const DOB_YEAR_BONUS = 0.05;
export const DOB_NEAR_PENALTY = -0.05;
export const DOB_FAR_PENALTY = -0.15;
export const NATIONALITY_BONUS = 0.05;
export const NATIONALITY_PENALTY = -0.1;

interface Span {
  fromYear: number;
  toYear: number;
  /** YYYY-MM-DD or YYYY-MM when the value has that precision. */
  exact?: string;
}

/** Listed birth dates: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a range `YYYY/YYYY`. */
export function parseListedDate(value: string): Span | undefined {
  const range = /^(\d{4})(?:-\d\d(?:-\d\d)?)?\/(\d{4})(?:-\d\d(?:-\d\d)?)?$/.exec(value);
  if (range) return { fromYear: Number(range[1]), toYear: Number(range[2]) };
  const m = /^(\d{4})(-\d\d)?(-\d\d)?$/.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  return { fromYear: year, toYear: year, exact: m[2] ? value : undefined };
}

export function birthDateQualifier(query: string, listed: readonly Span[]): Qualifier | undefined {
  if (listed.length === 0) return undefined;
  const year = Number(query.slice(0, 4));
  let best: Qualifier | undefined;
  for (const span of listed) {
    const q = compareDate(query, year, span);
    if (!best || q.delta > best.delta) best = q;
  }
  return best;
}

function compareDate(query: string, year: number, span: Span): Qualifier {
  if (year >= span.fromYear && year <= span.toYear) {
    if (span.exact && query.length >= span.exact.length) {
      if (query.startsWith(span.exact)) {
        return {
          kind: 'birthDate',
          delta: DOB_EXACT_BONUS,
          text: `birth date ${span.exact} agrees`,
        };
      }
      return {
        kind: 'birthDate',
        delta: DOB_NEAR_PENALTY,
        text: `birth date ${query} differs from ${span.exact} in the same year`,
      };
    }
    if (
      span.exact &&
      query.length >= 7 &&
      !span.exact.startsWith(query.slice(0, span.exact.length))
    ) {
      return {
        kind: 'birthDate',
        delta: DOB_NEAR_PENALTY,
        text: `birth date ${query} differs from ${span.exact}`,
      };
    }
    const listed =
      span.fromYear === span.toYear ? String(span.fromYear) : `${span.fromYear}–${span.toYear}`;
    return {
      kind: 'birthDate',
      delta: DOB_YEAR_BONUS,
      text: `birth year ${year} agrees with ${listed}`,
    };
  }
  const gap = year < span.fromYear ? span.fromYear - year : year - span.toYear;
  const listed =
    span.fromYear === span.toYear ? String(span.fromYear) : `${span.fromYear}–${span.toYear}`;
  return {
    kind: 'birthDate',
    delta: gap <= 1 ? DOB_NEAR_PENALTY : DOB_FAR_PENALTY,
    text: `birth year ${year} differs from ${listed}`,
  };
}

export function nationalityQualifier(
  query: string,
  nationalities: readonly string[],
  countries: readonly string[],
): Qualifier | undefined {
  if (nationalities.includes(query)) {
    return {
      kind: 'nationality',
      delta: NATIONALITY_BONUS,
      text: `nationality ${query.toUpperCase()} agrees`,
    };
  }
  if (nationalities.length > 0) {
    return {
      kind: 'nationality',
      delta: NATIONALITY_PENALTY,
      text: `nationality ${query.toUpperCase()} differs from ${nationalities.join(', ').toUpperCase()}`,
    };
  }
  if (countries.includes(query)) {
    return {
      kind: 'nationality',
      delta: NATIONALITY_BONUS / 2,
      text: `country ${query.toUpperCase()} agrees`,
    };
  }
  return undefined;
}
