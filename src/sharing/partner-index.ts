/**
 * Partner records in memory for screening. Records are kept in shards by who may see them:
 * one shard of coalition-wide records, and for each partner a view of its own records and of
 * those shared with it by name. A partner's query searches its two shards only, so its cost
 * follows what it may see, not the million records on the node; a record shared with three
 * partners sits in its owner's view and in each of theirs. (Two shards, not three: a query's
 * cost has a part per shard, parsing and token lookup, whatever the shard's size.)
 *
 * Each shard is a name index that grows as records arrive, with amended and withdrawn records
 * left in place but switched off (positions never move while requests run) and compacted away
 * once they are many. The index follows the store by change number, so every process on one
 * database catches up with every other's changes.
 *
 * Scope is checked again inside the matcher, before candidates are ranked: a record the caller
 * may not see can neither be returned nor take a candidate's place.
 */
import type { Kysely } from 'kysely';
import { visibleTo, type Entity } from '../core/entity.js';
import { entityIdentifiers } from '../core/identifier.js';
import type { MatchResult, Query } from '../core/query.js';
import {
  NameIndex,
  parseEntity,
  Vocabulary,
  type Hits,
  type ParsedEntity,
} from '../index/name-index.js';
import { byScore, DEFAULT_MATCH_OPTIONS, Matcher, type MatchOptions } from '../match/matcher.js';
import type { ScoringModel } from '../match/scoring-model.js';
import { TokenComparer } from '../match/token-similarity.js';
import { loadScoringModel } from '../screening/resources.js';
import type { Lexicon } from '../text/lexicon.js';
import type { NameToken } from '../text/tokens.js';
import type { Database } from '../store/schema.js';
import { changesSince, recordEntity, type Intern, type PartnerRecord } from './records.js';

const PAGE = 5000;
/** Compact a shard when its switched-off entries outnumber live ones (and are at least this many). */
const COMPACT_MIN_DEAD = 2000;
const COALITION = '*';

/**
 * The shards a record belongs to: the coalition's, or the view of each partner that may see it
 * (its owner's, and those of the partners it names).
 */
function placement(e: Entity): string[] {
  const s = e.provenance.sharing;
  if (!s) return [];
  if (s.scope.kind === 'coalition') return [COALITION];
  if (s.scope.kind === 'private') return [viewOf(s.partner)];
  return [...new Set([s.partner, ...s.scope.partners])].map(viewOf);
}

const views = new Map<string, string>();

function viewOf(partner: string): string {
  let key = views.get(partner);
  if (key === undefined) {
    key = `view:${partner}`;
    if (views.size < 100_000) views.set(partner, key);
  }
  return key;
}

/** Up to this many removals from a shard are looked up one by one; more, in one pass. */
const REMOVE_BY_SCAN = 16;

/**
 * One visibility shard: a name index and which of its entries are live. There is no map of
 * ids to positions (one per shard would cost as much as the record's own entry): a removal or
 * a single record's score finds the position by the entity object, which the index holds.
 */
class Shard {
  index: NameIndex;
  matcher: Matcher;
  live = new Uint8Array(256);
  /** Live entries. */
  size = 0;
  private dead = 0;

  constructor(
    private readonly lexicon: Lexicon,
    private readonly model: ScoringModel,
    private readonly vocabulary: Vocabulary,
    private readonly comparer: TokenComparer,
  ) {
    this.index = new NameIndex([], lexicon, { vocabulary });
    this.matcher = new Matcher(this.index, lexicon, model, comparer);
  }

  /** Adds records parsed once for all the shards they go in. */
  add(parsed: ParsedEntity[]): void {
    const first = this.index.entities.length;
    this.index.appendParsed(parsed);
    const end = this.index.entities.length;
    if (end > this.live.length) {
      const grown = new Uint8Array(Math.max(end, this.live.length * 2));
      grown.set(this.live);
      this.live = grown;
    }
    this.live.fill(1, first, end);
    this.size += end - first;
  }

  /** The live position of an entity object, or -1. */
  private slotOf(e: Entity): number {
    const entities = this.index.entities;
    for (let i = entities.lastIndexOf(e); i >= 0; i = i > 0 ? entities.lastIndexOf(e, i - 1) : -1)
      if (this.live[i] === 1) return i;
    return -1;
  }

  /** Switches off the entries of these entity objects (each the one a record was added as). */
  remove(old: readonly Entity[]): void {
    if (old.length <= REMOVE_BY_SCAN) {
      for (const e of old) this.switchOff(this.slotOf(e));
      return;
    }
    const gone = new Set(old);
    const entities = this.index.entities;
    for (let i = 0; i < entities.length; i++)
      if (this.live[i] === 1 && gone.has(entities[i]!)) this.switchOff(i);
  }

  private switchOff(i: number): void {
    if (i < 0 || this.live[i] !== 1) return;
    this.live[i] = 0;
    this.size--;
    this.dead++;
  }

  /** Rebuilds without the switched-off entries, when they are many. */
  compactIfDue(): void {
    if (this.dead < COMPACT_MIN_DEAD || this.dead <= this.size) return;
    // Parsed again: a record's parsed names are not kept apart from the index's names.
    const entities = [...this.liveEntities()].map((e) => parseEntity(e, this.lexicon));
    this.index = new NameIndex([], this.lexicon, { vocabulary: this.vocabulary });
    this.matcher = new Matcher(this.index, this.lexicon, this.model, this.comparer);
    this.live = new Uint8Array(Math.max(256, entities.length));
    this.size = 0;
    this.dead = 0;
    this.add(entities);
  }

  match(query: Query, options: Partial<MatchOptions>, partner: string): MatchResult[] {
    if (this.size === 0) return [];
    const live = this.live;
    return this.matcher.match(query, options, (e, i) => live[i] === 1 && visibleTo(e, partner));
  }

  /** The query scored against one live record (its entity object), if this shard holds it. */
  scoreEntity(query: Query, e: Entity): MatchResult | undefined {
    const i = this.slotOf(e);
    return i < 0 ? undefined : this.matcher.scoreEntity(query, i);
  }

  *liveEntities(): Generator<Entity> {
    const { entities } = this.index;
    for (let i = 0; i < entities.length; i++) if (this.live[i] === 1) yield entities[i]!;
  }
}

/** Interned values kept at most; past it the table starts again (what was shared stays shared). */
const INTERN_MAX = 20_000;

export class PartnerIndex {
  private readonly shards = new Map<string, Shard>();
  /** Live records by id. */
  private readonly records = new Map<string, Entity>();
  /**
   * Identifier key → the ids of the live records holding it: one id as a string, several as an
   * array (every record has its reference as a key: a set per key would cost more than the key).
   */
  private readonly identifiers = new Map<string, string | string[]>();
  /** Values that repeat across records, shared (see recordEntity). */
  private readonly interned = new Map<string, unknown>();
  /**
   * One token vocabulary for every shard: a token is kept and posted once however many shards
   * hold it, and a query token's fuzzy lookup is done once for the shards a query searches.
   */
  private vocabulary: Vocabulary;
  /**
   * One token comparer for every shard: its similarity cache (1.5 MB) was made per shard, a
   * hundred of them for a hundred partners; a pair's similarity is the same in every shard.
   */
  private readonly comparer: TokenComparer;
  /**
   * Records replaced or withdrawn since the vocabulary was made: the tokens of their old names
   * stay in it (a vocabulary only grows), so it is made afresh once they outnumber live ones.
   */
  private retired = 0;
  /** The last change number applied. */
  cursor = 0;
  private syncing: Promise<number> | undefined;

  constructor(
    private readonly lexicon: Lexicon,
    private readonly model: ScoringModel = loadScoringModel(),
  ) {
    this.vocabulary = new Vocabulary(lexicon);
    this.comparer = new TokenComparer(lexicon);
  }

  /** Live records (withdrawn ones excluded). */
  get size(): number {
    return this.records.size;
  }

  /** An index of given entities (a batch worker's copy of what its partner may see). */
  static fromEntities(
    entities: Entity[],
    lexicon: Lexicon,
    model: ScoringModel = loadScoringModel(),
  ): PartnerIndex {
    const index = new PartnerIndex(lexicon, model);
    if (entities.length > 0) index.add(entities);
    return index;
  }

  private readonly intern: Intern = <T>(key: string, make: () => T): T => {
    let v = this.interned.get(key) as T | undefined;
    if (v === undefined) {
      if (this.interned.size >= INTERN_MAX) this.interned.clear();
      v = make();
      this.interned.set(key, v);
    }
    return v;
  };

  /** Applies changed records (each in its latest state); returns how many were applied. */
  apply(records: readonly PartnerRecord[]): number {
    const added: Entity[] = [];
    // Entity objects to switch off, by shard, in one pass per shard.
    const removed = new Map<string, Entity[]>();
    for (const r of records) {
      const old = this.records.get(r.id);
      if (old) {
        for (const key of placement(old)) {
          const list = removed.get(key);
          if (list) list.push(old);
          else removed.set(key, [old]);
        }
        for (const key of entityIdentifiers(old)) this.unlinkIdentifier(key, r.id);
        this.records.delete(r.id);
        this.retired++;
      }
      if (!r.withdrawnAt) added.push(recordEntity(r, this.intern));
      if (r.changeSeq > this.cursor) this.cursor = r.changeSeq;
    }
    // Switched off before the new states are added: an entity object is in a shard once.
    for (const [key, old] of removed) this.shards.get(key)?.remove(old);
    if (added.length > 0) this.add(added);
    if (this.retired >= COMPACT_MIN_DEAD && this.retired > this.records.size) this.renew();
    else for (const key of removed.keys()) this.shards.get(key)?.compactIfDue();
    return records.length;
  }

  /** Distinct tokens (and joins) in the shared vocabulary, live or left by old names. */
  get vocabularySize(): number {
    return this.vocabulary.tokens.length;
  }

  /** Rebuilds every shard on a fresh vocabulary from the live records (see `retired`). */
  private renew(): void {
    this.vocabulary = new Vocabulary(this.lexicon);
    this.shards.clear();
    this.retired = 0;
    this.add([...this.records.values()]);
  }

  private linkIdentifier(key: string, id: string): void {
    const ids = this.identifiers.get(key);
    if (ids === undefined) this.identifiers.set(key, id);
    else if (typeof ids === 'string') {
      if (ids !== id) this.identifiers.set(key, [ids, id]);
    } else if (!ids.includes(id)) ids.push(id);
  }

  private unlinkIdentifier(key: string, id: string): void {
    const ids = this.identifiers.get(key);
    if (ids === id) this.identifiers.delete(key);
    else if (Array.isArray(ids)) {
      const rest = ids.filter((x) => x !== id);
      if (rest.length === 1) this.identifiers.set(key, rest[0]!);
      else this.identifiers.set(key, rest);
    }
  }

  private add(entities: Entity[]): void {
    const byShard = new Map<string, ParsedEntity[]>();
    // Records of one batch mostly share their sharing block (interned): placed once per block.
    const placed = new Map<object | undefined, string[]>();
    for (const e of entities) {
      this.records.set(e.id, e);
      // Parsed once, whatever the number of shards the record goes in.
      const sharing = e.provenance.sharing;
      let keys = placed.get(sharing);
      if (keys === undefined) placed.set(sharing, (keys = placement(e)));
      const parsed = keys.length > 0 ? parseEntity(e, this.lexicon) : undefined;
      if (parsed)
        for (const key of keys) {
          const list = byShard.get(key);
          if (list) list.push(parsed);
          else byShard.set(key, [parsed]);
        }
      for (const key of entityIdentifiers(e)) this.linkIdentifier(key, e.id);
    }
    for (const [key, list] of byShard) {
      let shard = this.shards.get(key);
      if (!shard)
        this.shards.set(
          key,
          (shard = new Shard(this.lexicon, this.model, this.vocabulary, this.comparer)),
        );
      shard.add(list);
    }
  }

  /** Reads and applies every change after the cursor; concurrent calls share one pass. */
  sync(db: Kysely<Database>): Promise<number> {
    this.syncing ??= this.doSync(db).finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async doSync(db: Kysely<Database>): Promise<number> {
    let applied = 0;
    for (;;) {
      const page = await changesSince(db, this.cursor, PAGE, this.intern);
      if (page.length === 0) return applied;
      applied += this.apply(page);
      if (page.length < PAGE) return applied;
    }
  }

  /** The shards `partner` may see into: the coalition's, and its view (its own and shared with it). */
  private shardsOf(partner: string): Shard[] {
    return [COALITION, viewOf(partner)]
      .map((key) => this.shards.get(key))
      .filter((s): s is Shard => s !== undefined);
  }

  /**
   * The listed tokens of every partner's records a query token meets (see Matcher.tokenHits).
   * Which records hold them is not told: a caller still searches through `match`, in scope.
   */
  tokenHits(t: NameToken): Hits {
    return this.vocabulary.hits(t, this.comparer);
  }

  match(query: Query, options: Partial<MatchOptions>, partner: string): MatchResult[] {
    const shards = this.shardsOf(partner);
    if (shards.length === 0) return [];
    const results = shards.flatMap((s) => s.match(query, options, partner));
    if (shards.length === 1) return results;
    return results.sort(byScore).slice(0, options.limit ?? DEFAULT_MATCH_OPTIONS.limit);
  }

  /** The query scored against one record `partner` may see; undefined when out of scope or absent. */
  scoreEntity(query: Query, id: string, partner: string): MatchResult | undefined {
    const e = this.entity(id, partner);
    if (!e) return undefined;
    for (const shard of this.shardsOf(partner)) {
      const r = shard.scoreEntity(query, e);
      if (r) return r;
    }
    return undefined;
  }

  /** The record's entity if `partner` may see it; undefined when absent or out of scope alike. */
  entity(id: string, partner: string): Entity | undefined {
    const e = this.records.get(id);
    return e && visibleTo(e, partner) ? e : undefined;
  }

  /** Live records `partner` may see whose reference or document number is `key`. */
  byIdentifier(key: string, partner: string): Entity[] {
    const ids = this.identifiers.get(key);
    if (ids === undefined) return [];
    return (typeof ids === 'string' ? [ids] : ids)
      .map((id) => this.records.get(id)!)
      .filter((e) => visibleTo(e, partner));
  }

  /** Every live record `partner` may see. */
  *visibleEntities(partner: string): Generator<Entity> {
    for (const shard of this.shardsOf(partner))
      for (const e of shard.liveEntities()) if (visibleTo(e, partner)) yield e;
  }
}
