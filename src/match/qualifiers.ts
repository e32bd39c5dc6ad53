/**
 * Secondary identifiers (arabic-names.md §7.5): whether the query's date of birth and
 * nationality agree with the entity's, as facts for the scoring model, which has learnt how
 * much an agreement or a contradiction counts (a contradiction counts more).
 */
import type { EntityFeature } from './features.js';

/** What one fact of the query says about the entity: the feature it sets, and in words. */
export interface Fact {
  feature: EntityFeature;
  text: string;
}

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

/** Of several listed dates, the one that agrees best speaks. */
const RANK: Record<string, number> = {
  birthDateAgrees: 3,
  birthYearAgrees: 2,
  birthDateNear: 1,
  birthDateFar: 0,
};

export function birthDateFact(query: string, listed: readonly Span[]): Fact | undefined {
  if (listed.length === 0) return undefined;
  const year = Number(query.slice(0, 4));
  let best: Fact | undefined;
  for (const span of listed) {
    const q = compareDate(query, year, span);
    if (!best || RANK[q.feature]! > RANK[best.feature]!) best = q;
  }
  return best;
}

function compareDate(query: string, year: number, span: Span): Fact {
  if (year >= span.fromYear && year <= span.toYear) {
    if (span.exact && query.length >= span.exact.length) {
      if (query.startsWith(span.exact)) {
        return {
          feature: 'birthDateAgrees',
          text: `birth date ${span.exact} agrees`,
        };
      }
      return {
        feature: 'birthDateNear',
        text: `birth date ${query} differs from ${span.exact} in the same year`,
      };
    }
    if (
      span.exact &&
      query.length >= 7 &&
      !span.exact.startsWith(query.slice(0, span.exact.length))
    ) {
      return {
        feature: 'birthDateNear',
        text: `birth date ${query} differs from ${span.exact}`,
      };
    }
    const listed =
      span.fromYear === span.toYear ? String(span.fromYear) : `${span.fromYear}–${span.toYear}`;
    return {
      feature: 'birthYearAgrees',
      text: `birth year ${year} agrees with ${listed}`,
    };
  }
  const gap = year < span.fromYear ? span.fromYear - year : year - span.toYear;
  const listed =
    span.fromYear === span.toYear ? String(span.fromYear) : `${span.fromYear}–${span.toYear}`;
  return {
    feature: gap <= 1 ? 'birthDateNear' : 'birthDateFar',
    text: `birth year ${year} differs from ${listed}`,
  };
}

export function nationalityFact(
  query: string,
  nationalities: readonly string[],
  countries: readonly string[],
): Fact | undefined {
  if (nationalities.includes(query)) {
    return {
      feature: 'nationalityAgrees',
      text: `nationality ${query.toUpperCase()} agrees`,
    };
  }
  if (nationalities.length > 0) {
    return {
      feature: 'nationalityDiffers',
      text: `nationality ${query.toUpperCase()} differs from ${nationalities.join(', ').toUpperCase()}`,
    };
  }
  if (countries.includes(query)) {
    return {
      feature: 'countryAgrees',
      text: `country ${query.toUpperCase()} agrees`,
    };
  }
  return undefined;
}
