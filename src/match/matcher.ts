/**
 * The matcher: parses a query once, gathers candidates from the index, measures every
 * candidate name's evidence, keeps each entity's most likely name, adds what the date of birth
 * and nationality say, and lets the scoring model turn it all into a calibrated score with its
 * explanation.
 */
import { countryCode } from '../core/countries.js';
import type { Entity, Schema } from '../core/entity.js';
import type {
  Explanation,
  FeatureContribution,
  MatchResult,
  Qualifier,
  Query,
} from '../core/query.js';
import type { Hits, NameIndex } from '../index/name-index.js';
import type { Lexicon } from '../text/lexicon.js';
import { parseName } from '../text/parse-name.js';
import type { NameToken, ParseContext, ParsedName } from '../text/tokens.js';
import { explainText } from './explain.js';
import { F, FEATURES, FEATURE_TEXT, NAME_FEATURE_COUNT, SUPPORT_FACTS } from './features.js';
import {
  copyEvidence,
  explainPairs,
  ScoreScratch,
  scoreName,
  type NameContext,
  type NameEvidence,
} from './name-score.js';
import { birthDateFact, nationalityFact, parseListedDate, type Fact } from './qualifiers.js';
import { queryVariants } from './query-variants.js';
import { ScoreBound } from './score-bound.js';
import type { ScoringModel, ScoringRules } from './scoring-model.js';
import { TokenComparer } from './token-similarity.js';

export interface MatchOptions {
  /** Score at or above which a result is a match; the model's threshold when absent. */
  threshold?: number;
  /** Results returned per query. */
  limit: number;
  /** Restrict to these list ids; all lists when absent. */
  lists?: readonly string[];
  /** Candidate names scored per query. */
  candidates: number;
  /** Results scoring below this are not returned; the model's minimum when absent. */
  minScore?: number;
}

/**
 * Candidates (the best gathered first) whose unmet tokens are compared directly for a typo
 * that no blocking key caught; below them the comparison costs more than it finds.
 */
const REPAIRED_CANDIDATES = 8;

/**
 * Names of entities of another kind than the query's (a Person query, an Organization listed)
 * scored per query variant, when they rank among the candidates gathered: a schema never hides
 * a strong hit silently. A few suffice, since a strong hit ranks near the top.
 */
const MISMATCHED_CANDIDATES = 5;

/** A result shown despite a schema mismatch sits at least this far under the threshold. */
const MISMATCH_MARGIN = 0.01;

/**
 * Queries parsed lately, shared by every matcher: a screener and each shard of a partner index
 * match the same query in turn, and parse it once. A parse depends only on the text, the kind
 * and the lexicon (which never changes), and whoever gets it only reads it (its joins are made
 * on first use, the same for every reader). A few, for a query's bracketed variants.
 */
const RECENT_PARSES = 4;
const recentParses: {
  text: string;
  kind: ParseContext['kind'];
  lexicon: Lexicon;
  parsed: ParsedName;
}[] = [];
let recentAt = 0;

export const DEFAULT_MATCH_OPTIONS: Readonly<MatchOptions> = Object.freeze({
  limit: 5,
  candidates: 30,
});

/** One candidate name of an entity, with its evidence and its log-odds on the name alone. */
export interface NameCandidate {
  entity: number;
  name: number;
  query: ParsedName;
  evidence: NameEvidence;
  logit: number;
  /** The most `logit` could have been, known before scoring (see ScoreBound): ≥ logit. */
  bound: number;
  /** The entity's schema does not fit the query's (see MatchResult.schemaMismatch). */
  mismatch?: boolean;
}

interface Gate {
  lists?: Set<string>;
  filter?: (entity: Entity, idx: number) => boolean;
  schema: Schema | undefined;
  mismatched: number;
}

interface EntityFacts {
  dates: NonNullable<ReturnType<typeof parseListedDate>>[];
  nationalities: string[];
  countries: string[];
}

export class Matcher {
  private readonly comparer: TokenComparer;
  /** The model's weights in the layout of FEATURES. */
  private readonly weights: Float64Array;
  /** The most the entity features can add to the log-odds (all agreeing). */
  private readonly maxSupport: number;
  /** Bounds a candidate's log-odds before it is scored (see bestNames). */
  private readonly bound: ScoreBound;
  /** Where the candidate being scored is measured (see bestNames). */
  private readonly scratch = new ScoreScratch();
  private readonly context: NameContext = { weak: false, organisation: false, repair: false };
  /** What `accept` lets the index gather: set for each query (see eachCandidate). */
  private readonly gate: Gate = { schema: undefined, mismatched: 0 };
  /** Whether an entity may be gathered, or set aside (another kind); one function for all. */
  private readonly accept = (e: number): boolean | 'aside' => {
    const { lists, filter, schema, mismatched } = this.gate;
    const entity = this.index.entities[e]!;
    if (lists && !lists.has(entity.provenance.listId)) return false;
    if (filter && !filter(entity, e)) return false;
    if (schemaCompatible(schema, entity.schema)) return true;
    return mismatched > 0 ? 'aside' : false;
  };
  /** Name features of the names leading their entities, reused from one call to the next. */
  private readonly featureBuffers: Float64Array[] = [];
  /** Per entity, computed on first use (an index can grow: see NameIndex.append). */
  private readonly entityFacts: (EntityFacts | undefined)[] = [];

  constructor(
    readonly index: NameIndex,
    private readonly lexicon: Lexicon,
    readonly model: ScoringModel,
    /** Shared by matchers over one vocabulary (partner shards): its cache is 1.5 MB. */
    comparer: TokenComparer = new TokenComparer(lexicon),
  ) {
    this.comparer = comparer;
    this.weights = model.weightsFor(FEATURES);
    let support = 0;
    for (let i = NAME_FEATURE_COUNT; i < FEATURES.length; i++)
      support += Math.max(0, this.weights[i]!);
    this.maxSupport = support;
    this.bound = new ScoreBound(this.weights, model.intercept);
  }

  /**
   * The listed tokens (and joins) a query token meets, with their similarity, as candidate
   * gathering sees them (remembered per token): what the free-text scanner asks of each word.
   */
  tokenHits(t: NameToken): Hits {
    return this.index.vocabulary.hits(t, this.comparer);
  }

  /** The name parsed, or the same parse as a recent call's (see RECENT_PARSES). */
  parse(name: string, schema?: Schema): ParsedName {
    const kind: ParseContext['kind'] =
      schema === undefined ? 'any' : schema === 'Person' ? 'person' : 'org';
    const { lexicon } = this;
    for (const r of recentParses)
      if (r.text === name && r.kind === kind && r.lexicon === lexicon) return r.parsed;
    const parsed = parseName(name, { lexicon, kind });
    recentParses[recentAt] = { text: name, kind, lexicon, parsed };
    recentAt = (recentAt + 1) % RECENT_PARSES;
    return parsed;
  }

  /**
   * `filter` keeps entities out before any scoring, so that what it hides can neither be
   * returned nor crowd out what it shows (partner records out of the caller's scope).
   */
  match(
    query: Query,
    options: Partial<MatchOptions> = {},
    filter?: (entity: Entity, idx: number) => boolean,
    acceptName?: (name: number) => boolean,
  ): MatchResult[] {
    const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
    const threshold = opts.threshold ?? this.model.threshold;
    const minScore = opts.minScore ?? this.model.minScore;
    // A name whose log-odds cannot reach minScore even with every entity feature agreeing is
    // dropped as soon as it is scored (see below): whichever name leads its entity, that entity
    // would be skipped.
    const best = this.bestNames(query, opts, filter, acceptName, MISMATCHED_CANDIDATES, minScore);
    // The query's nationality, looked up once a name needs it.
    let nationality: string | undefined | null = null;
    const results: MatchResult[] = [];
    for (const b of best.values()) {
      // A schema mismatch is shown only when it would have alerted had the schemas agreed.
      const floor = b.mismatch ? Math.max(threshold, minScore) : minScore;
      // The entity features can add at most maxSupport: skip what cannot reach the floor.
      if (this.model.probability(b.logit + this.maxSupport) < floor) continue;
      if (nationality === null) nationality = queryNationality(query);
      const result = this.finish(b, query, nationality, threshold, minScore);
      if (result) results.push(result);
    }
    results.sort(byScore);
    return results.slice(0, opts.limit);
  }

  /**
   * Every candidate name the index gathers for the query (each variant of it), with its
   * evidence and log-odds, keeping all names of an entity: for training and evaluation.
   * `acceptName` can hide single names (an evaluation leaves out the name it queries with).
   */
  candidates(
    query: Query,
    options: Partial<MatchOptions> = {},
    filter?: (entity: Entity, idx: number) => boolean,
    acceptName?: (name: number) => boolean,
  ): NameCandidate[] {
    const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
    const out: NameCandidate[] = [];
    this.eachCandidate(
      query,
      opts,
      filter,
      acceptName,
      0,
      (entity, name, p, evidence, logit, m, bound) =>
        out.push({
          entity,
          name,
          query: p,
          evidence,
          logit,
          bound,
          ...(m ? { mismatch: true } : {}),
        }),
      undefined,
      -Infinity,
    );
    return out;
  }

  /**
   * Each entity's most likely name; up to `mismatched` names per variant of another schema.
   * With `floor`, names whose log-odds cannot reach it with every entity feature agreeing are
   * left out: an entity they would lead is below the floor whatever name leads it, and a name
   * that can reach it has higher log-odds than any that cannot (the calibration rises). Those
   * whose bound (ScoreBound) cannot reach it are not even scored.
   */
  private bestNames(
    query: Query,
    opts: MatchOptions,
    filter: ((entity: Entity, idx: number) => boolean) | undefined,
    acceptName: ((name: number) => boolean) | undefined,
    mismatched: number,
    floor?: number,
  ): Map<number, NameCandidate> {
    const best = new Map<number, NameCandidate>();
    // Most candidates lose to a better name or score nothing: they are measured in one scratch,
    // and only a name that leads its entity gets a copy, its features in a buffer of this
    // matcher's that the next call reuses (the features never leave a call: see finish).
    let used = 0;
    this.eachCandidate(
      query,
      opts,
      filter,
      acceptName,
      mismatched,
      (entity, name, parsed, evidence, logit, mismatch, bound) => {
        if (floor !== undefined && this.model.probability(logit + this.maxSupport) < floor) return;
        const prev = best.get(entity);
        if (prev && logit <= prev.logit) return;
        // The name it displaces is dropped: its copy is free to take the new features.
        const copy = prev ? prev.evidence.features : this.featureBuffer(used++);
        const c: NameCandidate = {
          entity,
          name,
          query: parsed,
          evidence: copyEvidence(evidence, copy),
          logit,
          bound,
        };
        if (mismatch) c.mismatch = true;
        best.set(entity, c);
      },
      this.scratch,
      floor,
    );
    return best;
  }

  /**
   * Every candidate name the index gathers, scored. Entities of a schema that does not fit the
   * query's are set aside by the index, `mismatched` of them at most per variant (none for
   * training and evaluation), and visited marked `mismatch`. With `scratch`, the evidence
   * visited is overwritten by the next candidate's (see ScoreScratch); without, it is its own.
   * With `floor`, each candidate's log-odds is first bounded (ScoreBound), and a candidate whose
   * bound cannot reach the floor even with every entity feature agreeing is not visited; at
   * -Infinity every candidate is visited with its bound; without, the bound is NaN.
   */
  private eachCandidate(
    query: Query,
    opts: MatchOptions,
    filter: ((entity: Entity, idx: number) => boolean) | undefined,
    acceptName: ((name: number) => boolean) | undefined,
    mismatched: number,
    visit: (
      entity: number,
      name: number,
      parsed: ParsedName,
      evidence: NameEvidence,
      logit: number,
      mismatch: boolean,
      bound: number,
    ) => void,
    scratch?: ScoreScratch,
    floor?: number,
  ): void {
    // What the index may gather, for `accept` (kept as it was for a call within this one).
    const gate = this.gate;
    const outer = { ...gate };
    gate.lists = opts.lists && opts.lists.length > 0 ? new Set(opts.lists) : undefined;
    gate.filter = filter;
    gate.schema = query.schema;
    gate.mismatched = mismatched;
    try {
      this.scoreVariants(query, opts, acceptName, mismatched, visit, scratch, floor);
    } finally {
      Object.assign(gate, outer);
    }
  }

  /**
   * The query scored against the names of one entity only, found through that entity rather
   * than through the whole index (NameIndex.candidatesOf): what the free-text scanner asks of
   * each candidate window. Every name of the entity is scored, where `scoreEntity` scores those
   * the index's search gathers; the best of them is the result, at the model's threshold.
   */
  scoreEntityNames(query: Query, entityIdx: number): MatchResult | undefined {
    const entity = this.index.entities[entityIdx];
    if (!entity) return undefined;
    const names = this.index.names;
    const ctx = this.context;
    let best: NameCandidate | undefined;
    let used = 0;
    for (const text of queryVariants(query.name)) {
      const parsed = this.parse(text, query.schema);
      const found = this.index.candidatesOf(parsed, this.comparer, entityIdx);
      for (let rank = 0; rank < found.length; rank++) {
        const c = found[rank]!;
        const indexed = names[c.name]!;
        ctx.weak = indexed.weak;
        ctx.organisation = entity.schema !== 'Person';
        ctx.repair = rank < REPAIRED_CANDIDATES;
        const evidence = scoreName(parsed, indexed.name, c.pairs, this.comparer, ctx, this.scratch);
        const logit = this.nameLogit(evidence);
        if (best && logit <= best.logit) continue;
        const copy = best ? best.evidence.features : this.featureBuffer(used++);
        best = {
          entity: entityIdx,
          name: c.name,
          query: parsed,
          evidence: copyEvidence(evidence, copy),
          logit,
          bound: NaN,
        };
      }
    }
    if (!best) return undefined;
    if (!schemaCompatible(query.schema, entity.schema)) best.mismatch = true;
    return this.finish(best, query, queryNationality(query), this.model.threshold);
  }

  /** eachCandidate, once its entities are gated. */
  private scoreVariants(
    query: Query,
    opts: MatchOptions,
    acceptName: ((name: number) => boolean) | undefined,
    mismatched: number,
    visit: Parameters<Matcher['eachCandidate']>[5],
    scratch: ScoreScratch | undefined,
    floor: number | undefined,
  ): void {
    const entities = this.index.entities;
    const names = this.index.names;
    const accept = this.accept;
    // scoreName keeps nothing of its context: one object serves every candidate.
    const ctx = this.context;
    for (const text of queryVariants(query.name)) {
      const parsed = this.parse(text, query.schema);
      const found = this.index.search(parsed, this.comparer, opts.candidates, accept, mismatched);
      // Names set aside are ranked among themselves, so that those that fit keep their ranks.
      let fitting = 0;
      let aside = 0;
      for (let k = 0; k < found.length; k++) {
        const c = found[k]!;
        const rank = c.aside ? aside++ : fitting++;
        if (acceptName && !acceptName(c.name)) continue;
        const indexed = names[c.name]!;
        ctx.weak = indexed.weak;
        ctx.organisation = entities[indexed.entity]!.schema !== 'Person';
        ctx.repair = rank < REPAIRED_CANDIDATES;
        let bound = NaN;
        if (floor !== undefined) {
          bound = this.bound.logit(parsed, indexed.name, c.pairs, ctx);
          if (this.model.probability(bound + this.maxSupport) < floor) continue;
        }
        const evidence = scoreName(parsed, indexed.name, c.pairs, this.comparer, ctx, scratch);
        const logit = this.nameLogit(evidence);
        visit(indexed.entity, c.name, parsed, evidence, logit, c.aside === true, bound);
      }
    }
  }

  private featureBuffer(i: number): Float64Array {
    return (this.featureBuffers[i] ??= new Float64Array(NAME_FEATURE_COUNT));
  }

  /** Log-odds of a name's evidence alone (entity features at zero). */
  nameLogit(evidence: NameEvidence): number {
    const w = this.weights;
    const f = evidence.features;
    let z = this.model.intercept;
    for (let i = 0; i < NAME_FEATURE_COUNT; i++) z += w[i]! * f[i]!;
    return z;
  }

  /** What the query's date of birth and nationality say about an entity. */
  facts(query: Query, entityIdx: number, nationality = queryNationality(query)): Fact[] {
    const entity = this.index.entities[entityIdx]!;
    const facts = (this.entityFacts[entityIdx] ??= entityFacts(entity));
    const dob = query.birthDate ? birthDateFact(query.birthDate, facts.dates) : undefined;
    const nat = nationality
      ? nationalityFact(nationality, facts.nationalities, facts.countries)
      : undefined;
    return [dob, nat].filter(isDefined);
  }

  /** The query scored against one entity, whatever else it meets (`sanad explain`, reviews). */
  scoreEntity(query: Query, entityIdx: number): MatchResult | undefined {
    const candidates = 10_000;
    const best = this.bestNames(
      query,
      { ...DEFAULT_MATCH_OPTIONS, candidates },
      (_e, idx) => idx === entityIdx,
      undefined,
      candidates,
    ).get(entityIdx);
    if (!best) return undefined;
    const nationality = queryNationality(query);
    return this.finish(best, query, nationality, this.model.threshold);
  }

  /**
   * The result. With `minScore`, none (undefined) for a result scoring under it, or for a
   * schema mismatch whose score did not reach the threshold before the mismatch held it under
   * (not worth showing): the explanation is made for the results kept only.
   */
  private finish(
    b: NameCandidate,
    query: Query,
    nationality: string | undefined,
    threshold: number,
    minScore?: number,
  ): MatchResult | undefined {
    const entity = this.index.entities[b.entity]!;
    const indexed = this.index.names[b.name]!;
    const { model } = this;
    const { rules } = model;
    // The entity features that count, for the contributions.
    const applied: number[] = [];
    const nameScore = model.probability(b.logit);
    const qualifiers: Qualifier[] = [];
    if (indexed.weak) {
      const without = b.logit - this.weights[F.weakAlias]!;
      qualifiers.push({
        kind: 'weakAlias',
        delta: round(nameScore - model.probability(without)),
        text: 'met a weak alias',
      });
    }
    let logit = b.logit;
    let supported = false;
    for (const fact of this.facts(query, b.entity, nationality)) {
      const w = this.weights[F[fact.feature]]!;
      const support = SUPPORT_FACTS.has(fact.feature);
      if (support && nameScore < rules.supportGate) continue;
      const before = model.probability(logit);
      applied.push(F[fact.feature]);
      logit += w;
      if (support) supported = true;
      const kind = fact.feature.startsWith('birth') ? 'birthDate' : 'nationality';
      qualifiers.push({ kind, delta: round(model.probability(logit) - before), text: fact.text });
    }
    let score = model.probability(logit);
    const ev = b.evidence;
    if (entity.schema === 'Person' && score > rules.holdBack) {
      const held = holdBackReason(ev, supported, rules);
      if (held) {
        qualifiers.push({ kind: 'commonName', delta: round(rules.holdBack - score), text: held });
        score = rules.holdBack;
      } else if (ev.commonOnly) {
        qualifiers.push({
          kind: 'commonName',
          delta: 0,
          text: 'only common name parts met, but they make up the whole listed name',
        });
      }
    }
    score = round(Math.min(1, Math.max(0, score)));
    const reached = score >= threshold;
    if (b.mismatch) {
      // Held where a held-back name sits, and under the caller's threshold if that is lower.
      const held = round(Math.max(0, Math.min(score, rules.holdBack, threshold - MISMATCH_MARGIN)));
      qualifiers.push({
        kind: 'schema',
        delta: round(held - score),
        text: mismatchText(query.schema, entity.schema, reached),
      });
      score = held;
    }
    if (minScore !== undefined && (b.mismatch ? !reached : score < minScore)) return undefined;
    const vec = new Float64Array(FEATURES.length);
    vec.set(b.evidence.features);
    for (const i of applied) vec[i] = 1;
    const detail = explainPairs(b.query, indexed.name, ev);
    const explanation: Explanation = {
      matchedName: indexed.name.text,
      nameScore: round(nameScore),
      ...detail,
      qualifiers,
      model: model.version,
      logit: round(logit),
      contributions: this.contributions(vec),
    };
    return b.mismatch
      ? { entity, score, match: false, explanation, schemaMismatch: true }
      : { entity, score, match: score >= threshold, explanation };
  }

  private contributions(vec: Float64Array): FeatureContribution[] {
    const out: FeatureContribution[] = [];
    for (let i = 0; i < FEATURES.length; i++) {
      const v = vec[i]!;
      const w = this.weights[i]!;
      if (v === 0 || w === 0) continue;
      const feature = FEATURES[i]!;
      out.push({
        feature,
        value: round(v),
        logit: round(w * v),
        text: FEATURE_TEXT[feature](v),
      });
    }
    return out.sort((a, b) => Math.abs(b.logit) - Math.abs(a.logit));
  }

  explain(result: MatchResult): string {
    return explainText(result.explanation);
  }
}

/**
 * Why a person match is held under the threshold whatever the model says, or undefined. These
 * are rules, not learnt weights, because no training set can promise them (arabic-names.md §4):
 * common given names alone never carry a match that leaves much of the listed name unmet or
 * that has fewer than three parts (Mohammed Ali never alerts alone; a full three-part match of
 * common names does, flagged as a common name), and
 * one part of a longer listed name met alone (a family name, with or without titles) never
 * alerts.
 */
export function holdBackReason(
  ev: NameEvidence,
  supported: boolean,
  rules: Pick<ScoringRules, 'commonCover' | 'commonParts'>,
): string | undefined {
  if (
    ev.commonOnly &&
    !supported &&
    (ev.features[F.listedCover]! < rules.commonCover || ev.listedTokens < rules.commonParts)
  )
    return 'only common name parts met, and no date of birth or nationality supports them';
  if (ev.listedMet === 1 && ev.listedTokens >= 2 && ev.pairs.length === 1)
    return 'only one part of the listed name met';
  return undefined;
}

/** Best first; calibration flattens the top of the scale, so equal scores go by log-odds. */
export function byScore(a: MatchResult, b: MatchResult): number {
  return (
    b.score - a.score ||
    b.explanation.logit - a.explanation.logit ||
    (a.entity.id < b.entity.id ? -1 : 1)
  );
}

function queryNationality(query: Query): string | undefined {
  return query.nationality ? countryCode(query.nationality) : undefined;
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

/** The `schema` qualifier's text: what kinds met, and why the score is held. */
function mismatchText(query: Schema | undefined, listed: Schema, reached: boolean): string {
  const kind = query ?? 'Thing';
  const why = reached
    ? 'a match had they agreed, held under the threshold for review'
    : 'held under the threshold';
  return `schema mismatch: the query is ${article(kind)} ${kind}, the listed entity ${article(listed)} ${listed}; ${why}`;
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}

/**
 * FtM: LegalEntity is the parent of Person and Organization; a Vessel only meets a Vessel and an
 * Airplane an Airplane.
 */
export function schemaCompatible(query: Schema | undefined, listed: Schema): boolean {
  if (query === undefined || query === listed) return true;
  if (query === 'LegalEntity') return !isCraft(listed);
  if (listed === 'LegalEntity') return !isCraft(query);
  return false;
}

function isCraft(schema: Schema): boolean {
  return schema === 'Vessel' || schema === 'Airplane';
}

function isDefined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
