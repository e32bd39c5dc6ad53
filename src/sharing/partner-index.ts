/**
 * Partner records in memory for screening: a name index that grows as records arrive, with
 * amended and withdrawn records left in place but switched off (their positions never move
 * while requests run) and compacted away once they are many. It follows the store by change
 * number, so every process on one database catches up with every other's changes.
 *
 * Scope is applied inside the matcher, before candidates are ranked: a record the caller may
 * not see can neither be returned nor take a candidate's place.
 */
import type { Kysely } from 'kysely';
import { visibleTo, type Entity } from '../core/entity.js';
import { entityIdentifiers } from '../core/identifier.js';
import type { MatchResult, Query } from '../core/query.js';
import { NameIndex } from '../index/name-index.js';
import { Matcher, type MatchOptions } from '../match/matcher.js';
import type { Lexicon } from '../text/lexicon.js';
import type { Database } from '../store/schema.js';
import { changesSince, recordEntity, type PartnerRecord } from './records.js';

const PAGE = 5000;
/** Compact when switched-off entries outnumber live ones (and are at least this many). */
const COMPACT_MIN_DEAD = 10_000;

export class PartnerIndex {
  private index: NameIndex;
  private matcher: Matcher;
  private live = new Uint8Array(1024);
  private readonly slots = new Map<string, number>();
  private readonly identifiers = new Map<string, number[]>();
  private dead = 0;
  /** The last change number applied. */
  cursor = 0;
  private syncing: Promise<number> | undefined;

  constructor(private readonly lexicon: Lexicon) {
    this.index = new NameIndex([], lexicon);
    this.matcher = new Matcher(this.index, lexicon);
  }

  /** Live records (withdrawn ones excluded). */
  get size(): number {
    return this.slots.size;
  }

  /** An index of given entities (a batch worker's copy of what its partner may see). */
  static fromEntities(entities: Entity[], lexicon: Lexicon): PartnerIndex {
    const index = new PartnerIndex(lexicon);
    if (entities.length > 0) index.add(entities);
    return index;
  }

  /** Applies changed records (each in its latest state); returns how many were applied. */
  apply(records: readonly PartnerRecord[]): number {
    const added: Entity[] = [];
    for (const r of records) {
      const old = this.slots.get(r.id);
      if (old !== undefined) {
        this.live[old] = 0;
        this.slots.delete(r.id);
        this.dead++;
      }
      if (!r.withdrawnAt) added.push(recordEntity(r));
      if (r.changeSeq > this.cursor) this.cursor = r.changeSeq;
    }
    if (added.length > 0) this.add(added);
    if (this.dead >= COMPACT_MIN_DEAD && this.dead > this.slots.size) this.compact();
    return records.length;
  }

  private add(entities: Entity[]): void {
    const first = this.index.entities.length;
    this.index.append(entities, this.lexicon);
    const end = this.index.entities.length;
    if (end > this.live.length) {
      const grown = new Uint8Array(Math.max(end, this.live.length * 2));
      grown.set(this.live);
      this.live = grown;
    }
    for (let i = first; i < end; i++) {
      const e = this.index.entities[i]!;
      this.live[i] = 1;
      this.slots.set(e.id, i);
      for (const key of entityIdentifiers(e)) {
        const list = this.identifiers.get(key);
        if (list) list.push(i);
        else this.identifiers.set(key, [i]);
      }
    }
  }

  /** Rebuilds without the switched-off entries. */
  private compact(): void {
    const entities = [...this.slots.values()]
      .sort((a, b) => a - b)
      .map((i) => this.index.entities[i]!);
    this.index = new NameIndex([], this.lexicon);
    this.matcher = new Matcher(this.index, this.lexicon);
    this.live = new Uint8Array(Math.max(1024, entities.length));
    this.slots.clear();
    this.identifiers.clear();
    this.dead = 0;
    this.add(entities);
  }

  /** Reads and applies every change after the cursor; concurrent calls share one pass. */
  sync(db: Kysely<Database>): Promise<number> {
    this.syncing ??= this.doSync(db).finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async doSync(db: Kysely<Database>): Promise<number> {
    let applied = 0;
    for (;;) {
      const page = await changesSince(db, this.cursor, PAGE);
      if (page.length === 0) return applied;
      applied += this.apply(page);
      if (page.length < PAGE) return applied;
    }
  }

  private visible(partner: string): (e: Entity, i: number) => boolean {
    return (e, i) => this.live[i] === 1 && visibleTo(e, partner);
  }

  match(query: Query, options: Partial<MatchOptions>, partner: string): MatchResult[] {
    if (this.slots.size === 0) return [];
    return this.matcher.match(query, options, this.visible(partner));
  }

  /** The record's entity if `partner` may see it; undefined when absent or out of scope alike. */
  entity(id: string, partner: string): Entity | undefined {
    const i = this.slots.get(id);
    if (i === undefined) return undefined;
    const e = this.index.entities[i]!;
    return visibleTo(e, partner) ? e : undefined;
  }

  /** Live records `partner` may see whose reference or document number is `key`. */
  byIdentifier(key: string, partner: string): Entity[] {
    const accept = this.visible(partner);
    return (this.identifiers.get(key) ?? [])
      .filter((i) => accept(this.index.entities[i]!, i))
      .map((i) => this.index.entities[i]!);
  }

  /** Every live record `partner` may see. */
  *visibleEntities(partner: string): Generator<Entity> {
    const accept = this.visible(partner);
    for (const i of this.slots.values()) {
      const e = this.index.entities[i]!;
      if (accept(e, i)) yield e;
    }
  }
}
