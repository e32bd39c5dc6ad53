/**
 * The in-memory name index: every name of every entity, parsed once; the distinct tokens of
 * those names; and posting lists from blocking keys to tokens (arabic-names.md §7.2–7.3).
 *
 * A query token looks up its keys and compares itself once with each listed token found
 * there (remembered per query token, so a frequent token costs one lookup). Every name holding
 * a token it met gains the query token's weight times the similarity, and records the pair.
 * The names with the largest gains are the candidates, each with its token pairs, so scoring
 * a candidate is a small alignment with no further comparisons.
 */
import { entityNames, type Entity } from '../core/entity.js';
import type { TokenComparer, TokenSim } from '../match/token-similarity.js';
import { Lexicon } from '../text/lexicon.js';
import { parseName } from '../text/parse-name.js';
import { makeToken, type NameToken, type ParseContext, type ParsedName } from '../text/tokens.js';
import { JOIN_BASE, joinKeys, joinLookupKeys, joinQueryKeys, joinsOf, joinToken } from './joins.js';
import { indexKeys, queryKeys } from './token-keys.js';

export interface IndexedName {
  entity: number;
  name: ParsedName;
  weak: boolean;
}

/**
 * One query token met one token of a listed name. A position at or above JOIN_BASE names a
 * join (two adjacent tokens written as one, see joins.ts) rather than a token.
 */
export interface TokenPair {
  /** Position in the query's tokens (or its joins). */
  qi: number;
  /** Position in the listed name's tokens (or its joins). */
  nj: number;
  sim: TokenSim;
}

export interface Candidate {
  name: number;
  /** Σ over query tokens of weight × best similarity with a token of this name. */
  gain: number;
  /** The token pairs found between the query and this name. */
  pairs: TokenPair[];
  /** Set aside by `accept` (another kind of subject): returned, but not one of the `max`. */
  aside?: boolean;
}

/**
 * An entity's names parsed, with their joins: what an index takes of it. Made once and added to
 * every index the entity goes in (a partner record sits in several shards); the parsed names
 * are then shared by those indexes, and only read.
 */
export interface ParsedEntity {
  entity: Entity;
  /** The lexicon the names were parsed with. */
  lexicon: Lexicon;
  names: { name: ParsedName; weak: boolean; joins: { token: NameToken; keys: string[] }[] }[];
}

/**
 * Listed join codes are copied into shared byte slabs. A join is one distinct token per
 * two-token name, most of a large index's tokens, and a Uint8Array of its own costs an
 * ArrayBuffer and an allocation outside the heap each. Only listed names fill the slabs (query
 * joins keep their own codes), so a slab lives about as long as the indexes whose codes it holds.
 */
const SLAB_SIZE = 64 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabUsed = 0;

function packCode(code: Uint8Array): Uint8Array {
  if (code.length > SLAB_SIZE / 64) return code;
  if (slabUsed + code.length > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + code.length);
  out.set(code);
  slabUsed += code.length;
  return out;
}

/** Parses an entity's names, one per distinct set of weighted tokens, with their joins. */
export function parseEntity(entity: Entity, lexicon: Lexicon): ParsedEntity {
  const ctx: ParseContext = { lexicon, kind: entity.schema === 'Person' ? 'person' : 'org' };
  const signatures = new Set<string>();
  const names: ParsedEntity['names'] = [];
  for (const { value, weak } of entityNames(entity)) {
    const name = parseName(value, ctx);
    const sig = name.tokens
      .filter((t) => t.weight > 0)
      .map((t) => t.id)
      .sort()
      .join(' ');
    if (sig === '' || signatures.has(sig)) continue;
    signatures.add(sig);
    const joins = joinsOf(name).map((j) => {
      // Packed before the join's token is made: the token holds the same code.
      if (!j.token) j.code = packCode(j.code);
      return { token: joinToken(name, j), keys: joinKeys(j) };
    });
    names.push({ name, weak, joins });
  }
  return { entity, lexicon, names };
}

/** A NameIndex as plain data; entities are stored beside it. */
export interface IndexData {
  tokens: Omit<NameToken, 'id'>[];
  names: { entity: number; weak: boolean; text: string; tokens: number[] }[];
  distinct: { token: number; occ: number[]; join?: boolean }[];
  postings: [string, number[]][];
}

/** A distinct listed token (or join) of a vocabulary; its position there is its number. */
interface VocabularyToken {
  token: NameToken;
  /** A join of two adjacent tokens (its occurrences name joins, not tokens). */
  join: boolean;
}

interface Hit {
  /** The listed token's number in the vocabulary. */
  ti: number;
  join: boolean;
  sim: TokenSim;
}

interface Hits {
  list: Hit[];
  /** The same, by listed token id. */
  byId: Map<number, TokenSim>;
  /** Listed joins met, by their token id (a join and a token may share an id). */
  byJoinId: Map<number, TokenSim>;
}

/** Rough tokens per listed name, to choose between two ways of adding a common token. */
const AVERAGE_NAME_TOKENS = 6;

/**
 * A name whose tokens meet less than this share of the query's weight is not worth scoring: so
 * little of the query is in it that no score worth returning can come of it.
 */
const MIN_GAIN_SHARE = 0.2;
/** Query tokens at least this rare gather candidates (see search). */
const GATHER_WEIGHT = 0.31;
/** Query tokens whose index hits are remembered. */
const HIT_CACHE_SIZE = 50_000;
const JOIN_HIT_CACHE_SIZE = 5_000;
/** What a token that meets nothing gets: one shared, empty answer. */
const NO_HITS: Hits = Object.freeze({
  list: [],
  byId: new Map<number, TokenSim>(),
  byJoinId: new Map<number, TokenSim>(),
}) as Hits;
/**
 * A token that occurs once in an index (most joins: one distinct join per two-token name) is
 * kept as one number, name id × POSITIONS + position, not as an array of two.
 */
const POSITIONS = 2 * JOIN_BASE;
const NO_OCCURRENCES: readonly number[] = Object.freeze([]);

function packOccurrence(nameId: number, pos: number): number {
  return nameId * POSITIONS + pos;
}

function unpackOccurrence(packed: number): [number, number] {
  return [Math.floor(packed / POSITIONS), packed % POSITIONS];
}

/** A join stands in for two tokens at once: it must be this close to count. */
const JOIN_MIN_SIM = 0.85;

/**
 * The distinct listed tokens of one or more name indexes, the blocking-key postings that find
 * them, and what each query token met among them (the fuzzy lookup, remembered). Indexes that
 * share a vocabulary (the visibility shards of the partner records) look a query token up once
 * for all of them; each index keeps its own names and where each token occurs in them.
 */
export class Vocabulary {
  readonly tokens: VocabularyToken[] = [];
  private readonly tokenById = new Map<number, number>();
  /** Joins by token id, apart from tokens: a join and a token spelt alike are posted apart. */
  private readonly joinById = new Map<number, number>();
  readonly postings = new Map<string, number[]>();
  private readonly hitCache = new Map<number, Hits>();
  private readonly joinHitCache = new Map<number, Hits>();

  /**
   * `lexicon`: what the tokens are parsed with; every index on this vocabulary must parse with
   * the same (a token's id and weight come from it). Absent for a vocabulary restored from a
   * snapshot, whose tokens are parsed already.
   */
  constructor(readonly lexicon?: Lexicon) {}

  /**
   * The number of a listed token (or join, when `joinKeys` gives the keys it is posted under),
   * added with its postings when it is new. A new token forgets every remembered lookup: a
   * query token's hits would miss it.
   */
  intern(t: NameToken, joinKeys?: string[]): number {
    const join = joinKeys !== undefined;
    const byId = join ? this.joinById : this.tokenById;
    let ti = byId.get(t.id);
    if (ti !== undefined) return ti;
    ti = this.tokens.length;
    this.tokens.push({ token: t, join });
    byId.set(t.id, ti);
    for (const k of new Set(joinKeys ?? indexKeys(t))) {
      const list = this.postings.get(k);
      if (list) list.push(ti);
      else this.postings.set(k, [ti]);
    }
    if (this.hitCache.size > 0) this.hitCache.clear();
    if (this.joinHitCache.size > 0) this.joinHitCache.clear();
    return ti;
  }

  /** Adds a restored token at the next number (the snapshot lists them in order). */
  restoreToken(token: NameToken, join: boolean): void {
    (join ? this.joinById : this.tokenById).set(token.id, this.tokens.length);
    this.tokens.push({ token, join });
  }

  get keyCount(): number {
    return this.postings.size;
  }

  /**
   * Listed tokens (and joins) a query token meets, with their similarity; computed once per
   * distinct token. A query join meets listed tokens only: join against join says nothing the
   * tokens themselves do not.
   */
  hits(t: NameToken, comparer: TokenComparer, joinKeys?: string[]): Hits {
    const join = joinKeys !== undefined;
    const cache = join ? this.joinHitCache : this.hitCache;
    let cached = cache.get(t.id);
    if (cached !== undefined) return cached;
    const hits: Hit[] = [];
    const seen = new Set<number>();
    const keys = joinKeys ?? [...queryKeys(t), ...joinLookupKeys(t)];
    for (const key of keys) {
      const list = this.postings.get(key);
      if (!list) continue;
      for (const ti of list) {
        if (seen.has(ti)) continue;
        seen.add(ti);
        const it = this.tokens[ti]!;
        if (join && it.join) continue;
        const sim = comparer.compare(t, it.token);
        if (join || it.join) {
          if (sim.sim >= JOIN_MIN_SIM)
            hits.push({
              ti,
              join: it.join,
              sim: { sim: sim.sim, evidence: 'joined', block: sim.sim },
            });
        } else if (sim.block > 0) hits.push({ ti, join: false, sim });
      }
    }
    if (hits.length === 0) cached = NO_HITS;
    else {
      const byId = new Map<number, TokenSim>();
      const byJoinId = new Map<number, TokenSim>();
      for (const h of hits) (h.join ? byJoinId : byId).set(this.tokens[h.ti]!.token.id, h.sim);
      cached = { list: hits, byId, byJoinId };
    }
    // Query joins rarely repeat (two names side by side): few of them are worth keeping.
    if (cache.size >= (join ? JOIN_HIT_CACHE_SIZE : HIT_CACHE_SIZE)) cache.clear();
    cache.set(t.id, cached);
    return cached;
  }
}

export interface NameIndexOptions {
  /** Tokens, postings and lookups shared with other indexes; the index's own when absent. */
  vocabulary?: Vocabulary;
}

export class NameIndex {
  readonly entities: Entity[];
  readonly names: IndexedName[] = [];
  readonly vocabulary: Vocabulary;
  /**
   * Where each vocabulary token occurs in this index's names, by the token's number, flattened:
   * name id, position, name id, position, … A map, not an array by number: many indexes share
   * one vocabulary, and each holds only its own tokens, so its memory follows its own names.
   */
  private readonly occ = new Map<number, number[] | number>();
  private acc: Float64Array;
  private best: Float64Array;
  private stamp: Int32Array;

  constructor(entities: Entity[], lexicon: Lexicon | IndexData, options: NameIndexOptions = {}) {
    this.entities = entities;
    if (lexicon instanceof Lexicon) {
      this.vocabulary = options.vocabulary ?? new Vocabulary(lexicon);
      entities.forEach((e, i) => this.addParsed(parseEntity(e, lexicon), i));
    } else {
      // A snapshot holds its own tokens: they are numbered as it numbers them.
      if (options.vocabulary)
        throw new Error('NameIndex: an index restored from a snapshot has its own vocabulary');
      this.vocabulary = this.restore(lexicon);
    }
    const n = this.names.length;
    this.acc = new Float64Array(n);
    this.best = new Float64Array(n);
    this.stamp = new Int32Array(n);
  }

  /**
   * Adds entities to a live index (partner records arrive one by one). Their positions follow
   * the existing ones; nothing already indexed moves. Call between searches, never during one.
   */
  append(entities: readonly Entity[], lexicon: Lexicon): void {
    this.appendParsed(entities.map((e) => parseEntity(e, lexicon)));
  }

  /** Adds entities parsed already (see parseEntity), as `append` does. */
  appendParsed(parsed: readonly ParsedEntity[]): void {
    for (const p of parsed) {
      this.entities.push(p.entity);
      this.addParsed(p, this.entities.length - 1);
    }
    // Remembered lookups are forgotten by the vocabulary when a listed token is new to it.
    const n = this.names.length;
    if (n > this.acc.length) {
      const size = Math.max(n, Math.ceil(this.acc.length * 1.5), 1024);
      this.acc = new Float64Array(size);
      this.best = new Float64Array(size);
      this.stamp = new Int32Array(size);
    }
  }

  private addParsed(parsed: ParsedEntity, idx: number): void {
    const shared = this.vocabulary.lexicon;
    if (shared !== undefined && shared !== parsed.lexicon)
      throw new Error('NameIndex: names parsed with another lexicon than their vocabulary');
    for (const { name, weak, joins } of parsed.names) {
      const nameId = this.names.length;
      this.names.push({ entity: idx, name, weak });
      name.tokens.forEach((t, pos) => this.addToken(t, nameId, pos));
      joins.forEach((j, at) => this.addToken(j.token, nameId, JOIN_BASE + at, j.keys));
    }
  }

  /** `joinKeys` marks a join and gives the keys it is posted under. */
  private addToken(t: NameToken, nameId: number, pos: number, joinKeys?: string[]): void {
    const ti = this.vocabulary.intern(t, joinKeys);
    const occ = this.occ.get(ti);
    if (occ === undefined) this.occ.set(ti, packOccurrence(nameId, pos));
    else if (typeof occ === 'number') this.occ.set(ti, [...unpackOccurrence(occ), nameId, pos]);
    else occ.push(nameId, pos);
  }

  /** Plain data for a snapshot (v8.serialize): parsing the names is most of an index's build. */
  toData(): IndexData {
    const all = new Map<NameToken, number>();
    const ref = (t: NameToken) => {
      let i = all.get(t);
      if (i === undefined) {
        i = all.size;
        all.set(t, i);
      }
      return i;
    };
    const names = this.names.map((n) => ({
      entity: n.entity,
      weak: n.weak,
      text: n.name.text,
      tokens: n.name.tokens.map(ref),
    }));
    const distinct = this.vocabulary.tokens.map((it, ti) => ({
      token: ref(it.token),
      occ: [...this.occurrences(ti)],
      ...(it.join ? { join: true } : {}),
    }));
    const tokens = [...all.keys()].map(({ id: _id, ...rest }) => rest);
    return { tokens, names, distinct, postings: [...this.vocabulary.postings] };
  }

  private restore(data: IndexData): Vocabulary {
    const tokens = data.tokens.map((t) =>
      makeToken(
        t.text,
        t.spelling,
        t.form,
        t.script,
        t.code,
        t.groups,
        t.role,
        t.head,
        t.stem,
        t.weight,
        t.common,
        t.alts,
      ),
    );
    for (const n of data.names) {
      this.names.push({
        entity: n.entity,
        weak: n.weak,
        name: { text: n.text, tokens: n.tokens.map((i) => tokens[i]!) },
      });
    }
    const vocabulary = new Vocabulary();
    for (const d of data.distinct) {
      if (d.occ.length > 0) this.occ.set(vocabulary.tokens.length, d.occ);
      vocabulary.restoreToken(tokens[d.token]!, d.join === true);
    }
    for (const [key, list] of data.postings) vocabulary.postings.set(key, list);
    return vocabulary;
  }

  get keyCount(): number {
    return this.vocabulary.keyCount;
  }

  /** Where a vocabulary token occurs in this index's names: name id, position, … */
  private occurrences(ti: number): readonly number[] {
    const occ = this.occ.get(ti);
    if (occ === undefined) return NO_OCCURRENCES;
    return typeof occ === 'number' ? unpackOccurrence(occ) : occ;
  }

  /** Distinct tokens (and joins) that occur in this index's names. */
  get tokenCount(): number {
    return this.occ.size;
  }

  /** How many occurrences in this index's names a query token's hits have in all. */
  private occurrencesOf(hits: Hits): number {
    let n = 0;
    for (const h of hits.list) {
      const occ = this.occ.get(h.ti);
      if (occ !== undefined) n += typeof occ === 'number' ? 1 : occ.length / 2;
    }
    return n;
  }

  /** Adds a common token's gains to the names already gathered, by looking through them. */
  private addToTouched(touched: number[], weight: number, byId: Map<number, TokenSim>): void {
    const { acc } = this;
    for (const id of touched) {
      const tokens = this.names[id]!.name.tokens;
      let bestGain = 0;
      for (let nj = 0; nj < tokens.length; nj++) {
        const sim = byId.get(tokens[nj]!.id);
        if (sim !== undefined && weight * sim.block > bestGain) bestGain = weight * sim.block;
      }
      acc[id] = acc[id]! + bestGain;
    }
  }

  /** The token pairs of one candidate name, from the hits of each query token and join. */
  private pairsOf(nameId: number, hitsOf: Map<number, Hits>): TokenPair[] {
    const name = this.names[nameId]!.name;
    const tokens = name.tokens;
    const joins = joinsOf(name);
    const pairs: TokenPair[] = [];
    for (const [qi, hits] of hitsOf) {
      for (let nj = 0; nj < tokens.length; nj++) {
        const sim = hits.byId.get(tokens[nj]!.id);
        if (sim !== undefined && sim.sim > 0) pairs.push({ qi, nj, sim });
      }
      if (hits.byJoinId.size === 0) continue;
      for (let j = 0; j < joins.length; j++) {
        const sim = hits.byJoinId.get(joinToken(name, joins[j]!).id);
        if (sim !== undefined) pairs.push({ qi, nj: JOIN_BASE + j, sim });
      }
    }
    return pairs;
  }

  /**
   * Candidate names for a parsed query, best first. `accept` filters entities (list and schema
   * restrictions) before any scoring. It may instead set an entity 'aside' (a schema that does
   * not fit the query): up to `maxAside` such names that rank among the `max` taken are
   * returned too, marked, without taking the place of a name that fits.
   */
  search(
    query: ParsedName,
    comparer: TokenComparer,
    max: number,
    accept?: (entity: number) => boolean | 'aside',
    maxAside = 0,
  ): Candidate[] {
    const { acc, best, stamp } = this;
    const touched: number[] = [];
    const tokens = query.tokens;
    const joins = joinsOf(query);
    const hitsOf = new Map<number, Hits>();
    // Rare tokens gather candidates; common ones (Mohammed, Ali) only add to names already
    // gathered, unless nothing rarer met anything. A name that shares only common tokens with
    // a query that has a rare one cannot reach a match: the rare token unmet costs too much.
    // Joins come last, each as one token of the two's weight.
    const order = tokens.map((_, i) => i).sort((a, b) => tokens[b]!.weight - tokens[a]!.weight);
    for (let j = 0; j < joins.length; j++) order.push(JOIN_BASE + j);
    for (const qi of order) {
      let t: NameToken;
      let keys: string[] | undefined;
      if (qi >= JOIN_BASE) {
        // Most query joins meet nothing: their token is made only when one of its keys is posted.
        const j = joins[qi - JOIN_BASE]!;
        keys = joinQueryKeys(j);
        if (!keys.some((k) => this.vocabulary.postings.has(k))) continue;
        t = joinToken(query, j);
      } else t = tokens[qi]!;
      if (t.weight <= 0) continue;
      const gathers = t.weight >= GATHER_WEIGHT || touched.length === 0;
      const mark = qi + 1;
      const hits = this.vocabulary.hits(t, comparer, keys);
      if (hits.list.length === 0) continue;
      hitsOf.set(qi, hits);
      // A common token (Mohammed) occurs in hundreds of names: when it only adds to the names
      // already gathered, looking through those few names is cheaper than through its postings.
      if (!gathers && touched.length * AVERAGE_NAME_TOKENS < this.occurrencesOf(hits)) {
        this.addToTouched(touched, t.weight, hits.byId);
        continue;
      }
      for (const { ti, sim } of hits.list) {
        const occ = this.occurrences(ti);
        const gain = t.weight * sim.block;
        for (let k = 0; k < occ.length; k += 2) {
          const id = occ[k]!;
          if (stamp[id] === 0) {
            if (!gathers) continue;
            touched.push(id);
          }
          // best[] holds this query token's best gain on the name so far (stamped per token).
          const prev = stamp[id] === mark ? best[id]! : 0;
          if (gain > prev) {
            acc[id] = acc[id]! + gain - prev;
            best[id] = gain;
          }
          stamp[id] = mark;
        }
      }
    }
    const ranked: number[] = [];
    for (const id of touched) {
      ranked.push(id);
      // acc[] is cleared below, after sorting; stamps must be cleared now for the next query.
      best[id] = 0;
      stamp[id] = 0;
    }
    // Equal gains keep the order the names were met in: first through the closest keys.
    ranked.sort((a, b) => acc[b]! - acc[a]!);
    // `accept` is asked of the best names only, until `max` are taken: it may be costly.
    const out: Candidate[] = [];
    let total = 0;
    for (const t of tokens) total += t.weight;
    const floor = MIN_GAIN_SHARE * total;
    let aside = 0;
    for (const id of ranked) {
      if (out.length - aside >= max || acc[id]! < floor) break;
      const taken = accept ? accept(this.names[id]!.entity) : true;
      if (taken === false) continue;
      if (taken === 'aside') {
        if (aside >= maxAside) continue;
        aside++;
        out.push({ name: id, gain: acc[id]!, pairs: [], aside: true });
      } else out.push({ name: id, gain: acc[id]!, pairs: [] });
    }
    for (const id of touched) acc[id] = 0;
    // Pairs are collected for the candidates kept only, not for every name a token touched.
    for (const c of out) c.pairs = this.pairsOf(c.name, hitsOf);
    return out;
  }
}
