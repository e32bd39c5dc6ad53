/**
 * The matcher: parses a query once, gathers candidates from the index, scores every candidate
 * name, keeps each entity's best name, applies date of birth and nationality, and explains.
 */
import { countryCode } from '../core/countries.js';
import type { Entity, Schema } from '../core/entity.js';
import type { Explanation, MatchResult, Qualifier, Query } from '../core/query.js';
import type { NameIndex, TokenPair } from '../index/name-index.js';
import type { Lexicon } from '../text/lexicon.js';
import { parseName } from '../text/parse-name.js';
import type { ParseContext, ParsedName } from '../text/tokens.js';
import { explainText } from './explain.js';
import { scoreName, type NameScore } from './name-score.js';
import {
  birthDateQualifier,
  DOB_EXACT_BONUS,
  NATIONALITY_BONUS,
  nationalityQualifier,
  parseListedDate,
} from './qualifiers.js';
import type { ScoringModel } from './scoring-model.js';
import { TokenComparer } from './token-similarity.js';

export interface MatchOptions {
  /** Score at or above which a result is a match. */
  threshold: number;
  /** Results returned per query. */
  limit: number;
  /** Restrict to these list ids; all lists when absent. */
  lists?: readonly string[];
  /** Candidate names scored per query. */
  candidates: number;
  /** Results scoring below this are noise and are not returned at all. */
  minScore: number;
}

export const DEFAULT_MATCH_OPTIONS: Readonly<MatchOptions> = Object.freeze({
  threshold: 0.7,
  limit: 5,
  candidates: 30,
  minScore: 0.4,
});

/** Weak aliases (bare kunyas, laqabs) identify less than full names. */
export const WEAK_ALIAS_FACTOR = 0.9;
/** A name of only common tokens cannot alert on its own: it is held just under any sane threshold. */
export const COMMON_ONLY_CAP = 0.65;
/** A name scoring below this cannot reach any result worth returning, whatever the qualifiers. */
const MIN_NAME_SCORE = 0.25;
/** The most that agreeing qualifiers add to a name score. */
const MAX_BONUS = DOB_EXACT_BONUS + NATIONALITY_BONUS;

interface Best {
  score: NameScore;
  name: number;
  pairs: TokenPair[];
  value: number;
}

interface EntityFacts {
  dates: NonNullable<ReturnType<typeof parseListedDate>>[];
  nationalities: string[];
  countries: string[];
}

export class Matcher {
  private readonly comparer: TokenComparer;
  /** Per entity, computed on first use (an index can grow: see NameIndex.append). */
  private readonly facts: (EntityFacts | undefined)[] = [];

  constructor(
    readonly index: NameIndex,
    private readonly lexicon: Lexicon,
    readonly model: ScoringModel,
  ) {
    this.comparer = new TokenComparer(lexicon);
  }

  parse(name: string, schema?: Schema): ParsedName {
    const kind: ParseContext['kind'] =
      schema === undefined ? 'any' : schema === 'Person' ? 'person' : 'org';
    return parseName(name, { lexicon: this.lexicon, kind });
  }

  /**
   * `filter` keeps entities out before any scoring, so that what it hides can neither be
   * returned nor crowd out what it shows (partner records out of the caller's scope).
   */
  match(
    query: Query,
    options: Partial<MatchOptions> = {},
    filter?: (entity: Entity, idx: number) => boolean,
  ): MatchResult[] {
    const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
    const parsed = this.parse(query.name, query.schema);
    const lists = opts.lists && opts.lists.length > 0 ? new Set(opts.lists) : undefined;
    const entities = this.index.entities;
    const accept = (e: number) => {
      const entity = entities[e]!;
      if (lists && !lists.has(entity.provenance.listId)) return false;
      if (filter && !filter(entity, e)) return false;
      return schemaCompatible(query.schema, entity.schema);
    };
    const best = new Map<number, Best>();
    const candidates = this.index.search(parsed, this.comparer, opts.candidates, accept);
    for (const c of candidates) {
      const indexed = this.index.names[c.name]!;
      const score = scoreName(parsed, indexed.name, c.pairs, this.comparer);
      const value = score.score * (indexed.weak ? WEAK_ALIAS_FACTOR : 1);
      const prev = best.get(indexed.entity);
      if (!prev || value > prev.value)
        best.set(indexed.entity, { score, name: c.name, pairs: c.pairs, value });
    }
    const nationality = query.nationality ? countryCode(query.nationality) : undefined;
    const results: { result: MatchResult; best: Best }[] = [];
    for (const [entityIdx, b] of best) {
      // The qualifiers can add at most MAX_BONUS: skip entities that cannot reach minScore.
      if (b.value < MIN_NAME_SCORE || b.value + MAX_BONUS < opts.minScore) continue;
      const result = this.finish(entityIdx, b, query, nationality, opts.threshold);
      if (result.score >= opts.minScore) results.push({ result, best: b });
    }
    results.sort(
      (a, b) =>
        b.result.score - a.result.score || (a.result.entity.id < b.result.entity.id ? -1 : 1),
    );
    const shown = results.slice(0, opts.limit);
    for (const r of shown) this.explainResult(parsed, r.result, r.best);
    return shown.map((r) => r.result);
  }

  /** Explanations are built only for the results returned: re-score with the details kept. */
  private explainResult(parsed: ParsedName, r: MatchResult, b: Best): void {
    const name = this.index.names[b.name]!;
    const detail = scoreName(parsed, name.name, b.pairs, this.comparer, { explain: true });
    r.explanation.tokens = detail.tokens;
    r.explanation.unmatchedQuery = detail.unmatchedQuery;
    r.explanation.unmatchedListed = detail.unmatchedListed;
  }

  private finish(
    entityIdx: number,
    b: Best,
    query: Query,
    nationality: string | undefined,
    threshold: number,
  ): MatchResult {
    const entity = this.index.entities[entityIdx]!;
    const facts = (this.facts[entityIdx] ??= entityFacts(entity));
    const indexed = this.index.names[b.name]!;
    const qualifiers: Qualifier[] = [];
    if (indexed.weak) {
      qualifiers.push({
        kind: 'weakAlias',
        delta: round(b.value - b.score.score),
        text: 'met a weak alias',
      });
    }
    let score = b.value;
    const dob = query.birthDate ? birthDateQualifier(query.birthDate, facts.dates) : undefined;
    const nat = nationality
      ? nationalityQualifier(nationality, facts.nationalities, facts.countries)
      : undefined;
    for (const q of [dob, nat]) {
      if (!q) continue;
      // Agreement on secondary facts never turns a weak name resemblance into a match.
      if (q.delta > 0 && b.score.score < 0.5) continue;
      qualifiers.push({ ...q, delta: round(q.delta) });
      score += q.delta;
    }
    const supported = qualifiers.some(
      (q) => (q.kind === 'birthDate' || q.kind === 'nationality') && q.delta > 0,
    );
    // Organisation names are made of common words by nature; rarity weights already rank them.
    if (entity.schema === 'Person' && b.score.commonOnly && !supported && score > COMMON_ONLY_CAP) {
      qualifiers.push({
        kind: 'commonName',
        delta: round(COMMON_ONLY_CAP - score),
        text: 'only common name parts met, and no date of birth or nationality supports them',
      });
      score = COMMON_ONLY_CAP;
    }
    score = round(Math.min(1, Math.max(0, score)));
    const explanation: Explanation = {
      matchedName: indexed.name.text,
      nameScore: round(b.score.score),
      tokens: b.score.tokens,
      unmatchedQuery: b.score.unmatchedQuery,
      unmatchedListed: b.score.unmatchedListed,
      qualifiers,
      model: this.model.version,
      logit: 0,
      contributions: [],
    };
    return { entity, score, match: score >= threshold, explanation };
  }

  /**
   * The query scored against one entity, whatever else it meets: for `sanad explain` and for
   * reviewing an alert. Undefined when the entity is not in this index or not accepted.
   */
  scoreEntity(query: Query, entityIdx: number): MatchResult | undefined {
    return this.match(query, { minScore: 0, limit: 1 }, (_e, idx) => idx === entityIdx)[0];
  }

  explain(result: MatchResult): string {
    return explainText(result.explanation);
  }
}

function entityFacts(e: Entity): EntityFacts {
  const codes = (values: string[] | undefined) => [
    ...new Set((values ?? []).map((v) => countryCode(v)).filter(isDefined)),
  ];
  return {
    dates: (e.properties.birthDate ?? []).map(parseListedDate).filter(isDefined),
    nationalities: codes(e.properties.nationality),
    countries: codes(e.properties.country),
  };
}

/** FtM: LegalEntity is the parent of Person and Organization; Vessels only meet Vessels. */
export function schemaCompatible(query: Schema | undefined, listed: Schema): boolean {
  if (query === undefined || query === listed) return true;
  if (query === 'LegalEntity') return listed !== 'Vessel';
  if (listed === 'LegalEntity') return query !== 'Vessel';
  return false;
}

function isDefined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
