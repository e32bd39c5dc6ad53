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
import { grownInt32, IntMap, PackedLists } from './packed-lists.js';
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
  names: {
    name: ParsedName;
    weak: boolean;
    joins: { token: NameToken; keys: string[]; at: readonly [number, number] }[];
  }[];
}

/** Parses an entity's names, one per distinct set of weighted tokens, with their joins. */
export function parseEntity(entity: Entity, lexicon: Lexicon): ParsedEntity {
  const ctx: ParseContext = { lexicon, kind: entity.schema === 'Person' ? 'person' : 'org' };
  const signatures = new Set<string>();
  const names: ParsedEntity['names'] = [];
  const values = entityNames(entity);
  for (const { value, weak } of values) {
    const name = parseName(value, ctx);
    if (!name.tokens.some((t) => t.weight > 0)) continue;
    // Names alike but for order are one: a signature is needed only among several names.
    if (values.length > 1) {
      const sig = name.tokens
        .filter((t) => t.weight > 0)
        .map((t) => t.id)
        .sort()
        .join(' ');
      if (signatures.has(sig)) continue;
      signatures.add(sig);
    }
    const joins = joinsOf(name).map((j) => ({
      token: joinToken(name, j),
      keys: joinKeys(j),
      at: j.at,
    }));
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
  /** Absent for a listed join kept packed: see Vocabulary.tokenAt. */
  token: NameToken | undefined;
  /** A join of two adjacent tokens (its occurrences name joins, not tokens). */
  join: boolean;
}

/** The entry of every packed join (its parts are in the vocabulary's typed arrays). */
const PACKED_JOIN: VocabularyToken = Object.freeze({ token: undefined, join: true });
/** Listed joins made into tokens again (see tokenAt) remembered, per generation. */
const JOIN_TOKEN_CACHE = 20_000;
const NO_GROUPS: readonly number[] = Object.freeze([]);

export interface Hit {
  /** The listed token's number in the vocabulary. */
  ti: number;
  join: boolean;
  sim: TokenSim;
}

export interface Hits {
  list: Hit[];
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
/**
 * Query tokens whose index hits are remembered, per generation: when the young generation is
 * full it becomes the old one and the old one is dropped, so a token met again since is kept
 * (a bounded cache that does not forget everything at once when full).
 */
const HIT_CACHE_SIZE = 50_000;
const JOIN_HIT_CACHE_SIZE = 5_000;
/** What a token that meets nothing gets: one shared, empty answer. */
const NO_HITS: Hits = Object.freeze({ list: [] }) as Hits;

/** A cache of two generations (see HIT_CACHE_SIZE). */
class HitCache {
  private young = new Map<number, Hits>();
  private old = new Map<number, Hits>();

  constructor(private readonly size: number) {}

  get(id: number): Hits | undefined {
    const hit = this.young.get(id);
    if (hit !== undefined) return hit;
    const older = this.old.get(id);
    if (older !== undefined) this.set(id, older);
    return older;
  }

  set(id: number, hits: Hits): void {
    if (this.young.size >= this.size) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(id, hits);
  }

  clear(): void {
    if (this.young.size > 0) this.young = new Map();
    if (this.old.size > 0) this.old = new Map();
  }
}

/** Positions in a name, tokens and joins (see pairsOf). */
const POSITIONS = 2 * JOIN_BASE;
/** Candidates up to this many are ranked by insertion sort. */
const INSERTION_SORT_MAX = 48;

/** A join stands in for two tokens at once: it must be this close to count. */
const JOIN_MIN_SIM = 0.85;

/**
 * Blocking key → the listed tokens posted under it, by vocabulary number, in the order they
 * were posted; the lists packed (see packed-lists.ts).
 */
export class Postings {
  private readonly byKey = new Map<string, number>();
  readonly lists = new PackedLists();

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The list of a key (read it through `lists`), or -1. */
  list(key: string): number {
    return this.byKey.get(key) ?? -1;
  }

  add(key: string, ti: number): void {
    let l = this.byKey.get(key);
    if (l === undefined) {
      l = this.lists.open();
      this.byKey.set(key, l);
    }
    this.lists.push(l, ti);
  }

  *entries(): Generator<[string, number[]]> {
    for (const [key, l] of this.byKey) yield [key, this.lists.toArray(l)];
  }
}

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
  readonly postings = new Postings();
  /** Packed joins (see packJoin), by number: their two tokens, code and weight. */
  private joinParts = new Int32Array(0);
  private joinCodeAt = new Int32Array(0);
  private joinCodeEnd = new Int32Array(0);
  private joinWeight = new Float64Array(0);
  private codes = new Uint8Array(0);
  private codeUsed = 0;
  private joinTokens = new Map<number, NameToken>();
  private oldJoinTokens = new Map<number, NameToken>();
  private readonly hitCache = new HitCache(HIT_CACHE_SIZE);
  private readonly joinHitCache = new HitCache(JOIN_HIT_CACHE_SIZE);
  /** Listed tokens already compared in a lookup: seen[ti] === seenMark. */
  private seen = new Int32Array(0);
  private seenMark = 0;
  /**
   * What the current query's tokens met, by listed token number (see startQuery): entries
   * chained per listed token, the latest first, each naming the query token (its rank among
   * those that met anything) and the similarity.
   */
  private metQuery = new Int32Array(0);
  private metHead = new Int32Array(0);
  private metNext = new Int32Array(64);
  private metRank = new Int32Array(64);
  private metSim: TokenSim[] = [];
  private metCount = 0;
  private queryMark = 0;

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
  intern(t: NameToken, joinKeys?: string[], parts?: readonly [number, number]): number {
    const join = joinKeys !== undefined;
    const byId = join ? this.joinById : this.tokenById;
    let ti = byId.get(t.id);
    if (ti !== undefined) return ti;
    ti = this.tokens.length;
    if (join && parts !== undefined) {
      this.packJoin(ti, t, parts);
      this.tokens.push(PACKED_JOIN);
    } else this.tokens.push({ token: t, join });
    byId.set(t.id, ti);
    for (const k of new Set(joinKeys ?? indexKeys(t))) this.postings.add(k, ti);
    this.hitCache.clear();
    this.joinHitCache.clear();
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
   * A listed join is most of a large vocabulary's tokens (one per two-token name), and read
   * only when a query token's lookup meets it: it is kept as the numbers of its two tokens, its
   * code and its weight, and made into a token again when read. Everything a comparison reads
   * is as it was (the spelling and script are those of its two tokens, which its id fixes).
   */
  private packJoin(ti: number, t: NameToken, parts: readonly [number, number]): void {
    if (this.joinParts.length < 2 * (ti + 1)) {
      const size = Math.max(ti + 1, this.joinWeight.length * 2, 1024);
      this.joinParts = grownInt32(this.joinParts, 2 * size);
      this.joinCodeAt = grownInt32(this.joinCodeAt, size);
      this.joinCodeEnd = grownInt32(this.joinCodeEnd, size);
      const weight = new Float64Array(size);
      weight.set(this.joinWeight);
      this.joinWeight = weight;
    }
    this.joinParts[2 * ti] = parts[0];
    this.joinParts[2 * ti + 1] = parts[1];
    this.joinWeight[ti] = t.weight;
    const at = this.codeUsed;
    if (at + t.code.length > this.codes.length) {
      const codes = new Uint8Array(Math.max(at + t.code.length, this.codes.length * 2, 4096));
      codes.set(this.codes.subarray(0, at));
      this.codes = codes;
    }
    this.codes.set(t.code, at);
    this.codeUsed = at + t.code.length;
    this.joinCodeAt[ti] = at;
    this.joinCodeEnd[ti] = this.codeUsed;
  }

  /** The listed token (or join) numbered `ti`. */
  tokenAt(ti: number): NameToken {
    const it = this.tokens[ti]!;
    if (it.token !== undefined) return it.token;
    let t = this.joinTokens.get(ti) ?? this.oldJoinTokens.get(ti);
    if (t === undefined) {
      const a = this.tokenAt(this.joinParts[2 * ti]!);
      const b = this.tokenAt(this.joinParts[2 * ti + 1]!);
      const spelling = a.spelling + b.spelling;
      t = makeToken(
        `${a.text} ${b.text}`,
        spelling,
        spelling,
        a.script,
        this.codes.slice(this.joinCodeAt[ti]!, this.joinCodeEnd[ti]!),
        NO_GROUPS,
        'name',
        undefined,
        undefined,
        this.joinWeight[ti]!,
        false,
      );
    }
    if (this.joinTokens.size >= JOIN_TOKEN_CACHE) {
      this.oldJoinTokens = this.joinTokens;
      this.joinTokens = new Map();
    }
    this.joinTokens.set(ti, t);
    return t;
  }

  /**
   * Listed tokens (and joins) a query token meets, with their similarity; computed once per
   * distinct token. A query join meets listed tokens only: join against join says nothing the
   * tokens themselves do not.
   */
  hits(t: NameToken, comparer: TokenComparer, joinKeys?: string[]): Hits {
    const join = joinKeys !== undefined;
    const cache = join ? this.joinHitCache : this.hitCache;
    const cached = cache.get(t.id);
    if (cached !== undefined) return cached;
    const hits: Hit[] = [];
    if (this.seen.length < this.tokens.length)
      this.seen = new Int32Array(Math.max(this.tokens.length, this.seen.length * 2, 1024));
    if (this.seenMark >= 0x3fffffff) {
      this.seen.fill(0);
      this.seenMark = 0;
    }
    const mark = ++this.seenMark;
    if (join) this.lookUp(t, comparer, joinKeys, true, mark, hits);
    else {
      this.lookUp(t, comparer, queryKeys(t), false, mark, hits);
      this.lookUp(t, comparer, joinLookupKeys(t), false, mark, hits);
    }
    const out = hits.length === 0 ? NO_HITS : { list: hits };
    cache.set(t.id, out);
    return out;
  }

  private lookUp(
    t: NameToken,
    comparer: TokenComparer,
    keys: readonly string[],
    join: boolean,
    mark: number,
    hits: Hit[],
  ): void {
    const { seen, tokens, postings } = this;
    const { lists } = postings;
    for (let k = 0; k < keys.length; k++) {
      const list = postings.list(keys[k]!);
      if (list < 0) continue;
      for (let e = lists.first(list); e >= 0; e = lists.next(e)) {
        const ti = lists.item(e);
        if (seen[ti] === mark) continue;
        seen[ti] = mark;
        const it = tokens[ti]!;
        if (join && it.join) continue;
        const sim = comparer.compare(t, it.token ?? this.tokenAt(ti));
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
  }

  /** Starts what a query met (see metQuery); returns its mark. */
  startQuery(): number {
    const n = this.tokens.length;
    if (this.metQuery.length < n) {
      const size = Math.max(n, this.metQuery.length * 2, 1024);
      const grown = new Int32Array(size);
      grown.set(this.metQuery);
      this.metQuery = grown;
      this.metHead = grownInt32(this.metHead, size);
    }
    if (this.queryMark >= 0x3fffffff) {
      this.metQuery.fill(0);
      this.queryMark = 0;
    }
    this.metCount = 0;
    return ++this.queryMark;
  }

  /** Records the hits of the query token ranked `rank` among those that met anything. */
  markMet(hits: Hits, rank: number, mark: number): void {
    const list = hits.list;
    const need = this.metCount + list.length;
    if (need > this.metNext.length) {
      this.metNext = grownInt32(this.metNext, need);
      this.metRank = grownInt32(this.metRank, need);
    }
    const { metQuery, metHead, metNext, metRank, metSim } = this;
    let e = this.metCount;
    for (let i = 0; i < list.length; i++, e++) {
      const h = list[i]!;
      const ti = h.ti;
      metRank[e] = rank;
      metSim[e] = h.sim;
      if (metQuery[ti] === mark) metNext[e] = metHead[ti]!;
      else {
        metQuery[ti] = mark;
        metNext[e] = -1;
      }
      metHead[ti] = e;
    }
    this.metCount = e;
  }

  /** The latest entry of what the query met for listed token `ti`, or -1. */
  metOf(ti: number, mark: number): number {
    return this.metQuery[ti] === mark ? this.metHead[ti]! : -1;
  }

  metNextOf(e: number): number {
    return this.metNext[e]!;
  }

  metRankOf(e: number): number {
    return this.metRank[e]!;
  }

  metSimOf(e: number): TokenSim {
    return this.metSim[e]!;
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
   * Where each vocabulary token occurs in this index's names: token number → its list in
   * `occ`. A map, not an array by number: many indexes share one vocabulary, and each holds
   * only its own tokens, so its memory follows its own names. (The positions are in the
   * names' runs, below.)
   */
  private readonly occList = new IntMap();
  /** Name ids, a list per token that occurs here (a name holding it twice is listed twice). */
  private readonly occ = new PackedLists();
  /**
   * Each name as the vocabulary numbers of its tokens, then of its joins: name i's run is
   * nameTi[nameAt[i] .. nameAt[i + 1]), its first nameTokens[i] items tokens.
   */
  private nameTi = new Int32Array(1024);
  private nameAt = new Int32Array(257);
  private nameTokens = new Uint8Array(256);
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
      const start = this.startName(nameId, name.tokens.length, name.tokens.length + joins.length);
      name.tokens.forEach((t, pos) => {
        this.nameTi[start + pos] = this.addToken(t, nameId);
      });
      const n = name.tokens.length;
      joins.forEach((j, at) => {
        const parts = [this.nameTi[start + j.at[0]]!, this.nameTi[start + j.at[1]]!] as const;
        this.nameTi[start + n + at] = this.addToken(j.token, nameId, j.keys, parts);
      });
      // The index reads a listed name's joins from its run; scoring a candidate works them out
      // again (joinsOf) from its tokens. Not kept meanwhile: most names are never candidates.
      name.joins = undefined;
    }
  }

  /** Makes room for name `nameId`'s run of `size` numbers; returns where it starts. */
  private startName(nameId: number, tokens: number, size: number): number {
    if (nameId + 2 > this.nameAt.length) {
      this.nameAt = grownInt32(this.nameAt, nameId + 2);
      const grown = new Uint8Array(this.nameAt.length);
      grown.set(this.nameTokens);
      this.nameTokens = grown;
    }
    const start = this.nameAt[nameId]!;
    this.nameTi = grownInt32(this.nameTi, start + size);
    this.nameAt[nameId + 1] = start + size;
    this.nameTokens[nameId] = tokens;
    return start;
  }

  /** `joinKeys` marks a join and gives the keys it is posted under. */
  private addToken(
    t: NameToken,
    nameId: number,
    joinKeys?: string[],
    parts?: readonly [number, number],
  ): number {
    const ti = this.vocabulary.intern(t, joinKeys, parts);
    this.addOccurrence(ti, nameId);
    return ti;
  }

  private addOccurrence(ti: number, nameId: number): void {
    let l = this.occList.get(ti);
    if (l < 0) {
      l = this.occ.open();
      this.occList.set(ti, l);
    }
    this.occ.push(l, nameId);
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
    // Occurrences in the order they were added: by name, then position (tokens, then joins).
    const occ: number[][] = this.vocabulary.tokens.map(() => []);
    for (let id = 0; id < this.names.length; id++) {
      const start = this.nameAt[id]!;
      const tokenEnd = start + this.nameTokens[id]!;
      for (let p = start; p < this.nameAt[id + 1]!; p++)
        occ[this.nameTi[p]!]!.push(id, p < tokenEnd ? p - start : JOIN_BASE + (p - tokenEnd));
    }
    const distinct = this.vocabulary.tokens.map((it, ti) => ({
      token: ref(this.vocabulary.tokenAt(ti)),
      occ: occ[ti]!,
      ...(it.join ? { join: true } : {}),
    }));
    const tokens = [...all.keys()].map(({ id: _id, ...rest }) => rest);
    return { tokens, names, distinct, postings: [...this.vocabulary.postings.entries()] };
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
    // Each name's run: its tokens, then as many joins as its occurrences name.
    const joinCount = new Int32Array(data.names.length);
    for (const d of data.distinct)
      for (let k = 0; k < d.occ.length; k += 2) {
        const [id, pos] = [d.occ[k]!, d.occ[k + 1]!];
        if (pos >= JOIN_BASE) joinCount[id] = Math.max(joinCount[id]!, pos - JOIN_BASE + 1);
      }
    data.names.forEach((n, id) =>
      this.startName(id, n.tokens.length, n.tokens.length + joinCount[id]!),
    );
    const vocabulary = new Vocabulary();
    for (const d of data.distinct) {
      const ti = vocabulary.tokens.length;
      for (let k = 0; k < d.occ.length; k += 2) {
        const [id, pos] = [d.occ[k]!, d.occ[k + 1]!];
        this.addOccurrence(ti, id);
        const at = pos >= JOIN_BASE ? data.names[id]!.tokens.length + pos - JOIN_BASE : pos;
        this.nameTi[this.nameAt[id]! + at] = ti;
      }
      vocabulary.restoreToken(tokens[d.token]!, d.join === true);
    }
    for (const [key, list] of data.postings)
      for (const ti of list) vocabulary.postings.add(key, ti);
    return vocabulary;
  }

  get keyCount(): number {
    return this.vocabulary.keyCount;
  }

  /** Distinct tokens (and joins) that occur in this index's names. */
  get tokenCount(): number {
    return this.occList.size;
  }

  /** How many occurrences in this index's names a query token's hits have in all. */
  private occurrencesOf(hits: Hits): number {
    let n = 0;
    for (const h of hits.list) {
      const l = this.occList.get(h.ti);
      if (l >= 0) n += this.occ.count(l);
    }
    return n;
  }

  /**
   * Adds a common token's gains to the names already gathered, by looking through them. The
   * token is the latest the query marked met (`rank`), so its entry heads each chain.
   */
  private addToTouched(touched: number[], weight: number, rank: number, mark: number): void {
    const { acc, nameTi, nameAt, nameTokens, vocabulary } = this;
    for (const id of touched) {
      const start = nameAt[id]!;
      const end = start + nameTokens[id]!;
      let bestGain = 0;
      for (let p = start; p < end; p++) {
        const e = vocabulary.metOf(nameTi[p]!, mark);
        if (e < 0 || vocabulary.metRankOf(e) !== rank) continue;
        const gain = weight * vocabulary.metSimOf(e).block;
        if (gain > bestGain) bestGain = gain;
      }
      acc[id] = acc[id]! + bestGain;
    }
  }

  /**
   * The token pairs of one candidate name, from what the query met (see search): by query
   * token in the order they were looked up, then the name's tokens, then its joins.
   */
  private pairsOf(nameId: number, ranks: readonly number[], mark: number): TokenPair[] {
    const { nameTi, vocabulary } = this;
    const start = this.nameAt[nameId]!;
    const end = this.nameAt[nameId + 1]!;
    const tokenEnd = start + this.nameTokens[nameId]!;
    const order: number[] = [];
    const sims: TokenSim[] = [];
    for (let p = start; p < end; p++) {
      const nj = p < tokenEnd ? p - start : JOIN_BASE + (p - tokenEnd);
      for (let e = vocabulary.metOf(nameTi[p]!, mark); e >= 0; e = vocabulary.metNextOf(e)) {
        const sim = vocabulary.metSimOf(e);
        if (p < tokenEnd && !(sim.sim > 0)) continue;
        // Sorted by query token, then position: nj < 2 × JOIN_BASE.
        const key = vocabulary.metRankOf(e) * POSITIONS + nj;
        let k = order.length;
        order.push(key);
        sims.push(sim);
        while (k > 0 && order[k - 1]! > key) {
          order[k] = order[k - 1]!;
          sims[k] = sims[k - 1]!;
          k--;
        }
        order[k] = key;
        sims[k] = sim;
      }
    }
    const pairs: TokenPair[] = [];
    for (let k = 0; k < order.length; k++) {
      const key = order[k]!;
      const nj = key % POSITIONS;
      pairs.push({ qi: ranks[(key - nj) / POSITIONS]!, nj, sim: sims[k]! });
    }
    return pairs;
  }

  /** Name ids by entity, made on first use (entityNames). */
  private byEntity?: number[][];

  /** The ids of the names of the entity at `entity`. */
  entityNames(entity: number): readonly number[] {
    if (!this.byEntity || this.byEntity.length < this.entities.length) {
      const by: number[][] = [];
      this.names.forEach((n, id) => (by[n.entity] ??= []).push(id));
      this.byEntity = by;
    }
    return this.byEntity[entity] ?? [];
  }

  /**
   * Every name of one entity as a candidate for a parsed query, with its token pairs: what
   * `search` gives filtered to that entity, without going through the postings of the whole
   * index (the free-text scanner scores a window against the entity its tokens pointed to), and
   * without search's gain floor (a name that gathers little is scored all the same).
   */
  candidatesOf(query: ParsedName, comparer: TokenComparer, entity: number): Candidate[] {
    const { vocabulary } = this;
    const tokens = query.tokens;
    const joins = joinsOf(query);
    const queryMark = vocabulary.startQuery();
    const ranks: number[] = [];
    const order: number[] = [];
    for (let i = 0; i < tokens.length; i++) order.push(i);
    for (let j = 0; j < joins.length; j++) order.push(JOIN_BASE + j);
    for (const qi of order) {
      let t: NameToken;
      let keys: string[] | undefined;
      if (qi >= JOIN_BASE) {
        const j = joins[qi - JOIN_BASE]!;
        keys = joinQueryKeys(query, j);
        if (!keys.some((k) => vocabulary.postings.has(k))) continue;
        t = joinToken(query, j);
      } else t = tokens[qi]!;
      if (t.weight <= 0) continue;
      const hits = vocabulary.hits(t, comparer, keys);
      if (hits.list.length === 0) continue;
      const rank = ranks.length;
      ranks.push(qi);
      vocabulary.markMet(hits, rank, queryMark);
    }
    return this.entityNames(entity).map((id) => ({
      name: id,
      gain: 0,
      pairs: this.pairsOf(id, ranks, queryMark),
    }));
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
    const { acc, best, stamp, vocabulary, occ } = this;
    const touched: number[] = [];
    const tokens = query.tokens;
    const joins = joinsOf(query);
    const queryMark = vocabulary.startQuery();
    /** The query tokens (or joins) that met anything, in the order they were looked up. */
    const ranks: number[] = [];
    // Rare tokens gather candidates; common ones (Mohammed, Ali) only add to names already
    // gathered, unless nothing rarer met anything. A name that shares only common tokens with
    // a query that has a rare one cannot reach a match: the rare token unmet costs too much.
    // Joins come last, each as one token of the two's weight.
    const order: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      // By weight, heaviest first; equal weights in query order (a stable sort).
      const w = tokens[i]!.weight;
      let k = i;
      order.push(i);
      while (k > 0 && tokens[order[k - 1]!]!.weight < w) {
        order[k] = order[k - 1]!;
        k--;
      }
      order[k] = i;
    }
    for (let j = 0; j < joins.length; j++) order.push(JOIN_BASE + j);
    for (const qi of order) {
      let t: NameToken;
      let keys: string[] | undefined;
      if (qi >= JOIN_BASE) {
        // Most query joins meet nothing: their token is made only when one of its keys is posted.
        const j = joins[qi - JOIN_BASE]!;
        keys = joinQueryKeys(query, j);
        if (!keys.some((k) => vocabulary.postings.has(k))) continue;
        t = joinToken(query, j);
      } else t = tokens[qi]!;
      if (t.weight <= 0) continue;
      const gathers = t.weight >= GATHER_WEIGHT || touched.length === 0;
      const mark = qi + 1;
      const hits = vocabulary.hits(t, comparer, keys);
      if (hits.list.length === 0) continue;
      const rank = ranks.length;
      ranks.push(qi);
      vocabulary.markMet(hits, rank, queryMark);
      // A common token (Mohammed) occurs in hundreds of names: when it only adds to the names
      // already gathered, looking through those few names is cheaper than through its postings.
      if (!gathers && touched.length * AVERAGE_NAME_TOKENS < this.occurrencesOf(hits)) {
        this.addToTouched(touched, t.weight, rank, queryMark);
        continue;
      }
      for (const { ti, sim } of hits.list) {
        const l = this.occList.get(ti);
        if (l < 0) continue;
        const gain = t.weight * sim.block;
        for (let e = occ.first(l); e >= 0; e = occ.next(e))
          this.gain(occ.item(e), gain, mark, gathers, touched);
      }
    }
    const ranked: number[] = [];
    let total = 0;
    for (const t of tokens) total += t.weight;
    const floor = MIN_GAIN_SHARE * total;
    for (const id of touched) {
      // Names under the floor are never taken (see below): they need no sorting.
      if (acc[id]! >= floor) ranked.push(id);
      // acc[] is cleared below, after sorting; stamps must be cleared now for the next query.
      best[id] = 0;
      stamp[id] = 0;
    }
    // Equal gains keep the order the names were met in: first through the closest keys. A few
    // names are sorted in place (a stable insertion sort), many by the (stable) built-in sort.
    if (ranked.length > INSERTION_SORT_MAX) ranked.sort((a, b) => acc[b]! - acc[a]!);
    else
      for (let i = 1; i < ranked.length; i++) {
        const id = ranked[i]!;
        const gain = acc[id]!;
        let k = i;
        while (k > 0 && acc[ranked[k - 1]!]! < gain) {
          ranked[k] = ranked[k - 1]!;
          k--;
        }
        ranked[k] = id;
      }
    // `accept` is asked of the best names only, until `max` are taken: it may be costly.
    const out: Candidate[] = [];
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
    for (const c of out) c.pairs = this.pairsOf(c.name, ranks, queryMark);
    return out;
  }

  /** A query token's gain on one name (see search); `mark` stamps the query token. */
  private gain(id: number, gain: number, mark: number, gathers: boolean, touched: number[]): void {
    const { stamp, best, acc } = this;
    if (stamp[id] === 0) {
      if (!gathers) return;
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
