/**
 * The screening service: the active list versions compiled into one in-memory index, and the
 * operations on it. No CLI or HTTP here.
 */
import type { Entity } from '../core/entity.js';
import type { MatchResult, Query } from '../core/query.js';
import { NameIndex } from '../index/name-index.js';
import { Matcher, type MatchOptions } from '../match/matcher.js';
import type { Lexicon } from '../text/lexicon.js';
import type { Store, VersionSummary } from '../store/store.js';
import { ensureBundledList } from './list-loader.js';
import { readSnapshot, snapshotKey, writeSnapshot } from './index-cache.js';
import { lexiconStamp, loadLexicon } from './resources.js';

export class Screener {
  readonly matcher: Matcher;

  /** Where the index snapshot lives, when the screener was opened with a home. */
  home?: string;
  snapshotKey?: string;

  constructor(
    readonly index: NameIndex,
    readonly versions: VersionSummary[],
    lexicon: Lexicon = loadLexicon(),
  ) {
    this.matcher = new Matcher(index, lexicon);
  }

  static fromEntities(
    entities: Entity[],
    versions: VersionSummary[] = [],
    lexicon: Lexicon = loadLexicon(),
  ): Screener {
    return new Screener(new NameIndex(entities, lexicon), versions, lexicon);
  }

  /**
   * Opens the screener on a store's active versions, loading the bundled UN list on first use.
   * With `home`, the compiled index is cached there and reused while the versions are the same.
   */
  static async open(store: Store, home?: string): Promise<Screener> {
    await ensureBundledList(store);
    const lists = await store.lists();
    const versions = lists.flatMap((l) => (l.active ? [l.active] : []));
    const lexicon = loadLexicon();
    const key = home ? snapshotKey(versions, lexiconStamp()) : '';
    const cached = home ? readSnapshot(home, key) : undefined;
    let screener: Screener;
    if (cached)
      screener = new Screener(new NameIndex(cached.entities, cached.index), versions, lexicon);
    else {
      const entities = await store.activeEntities();
      const index = new NameIndex(entities, lexicon);
      if (home && writeSnapshot(home, key, entities, index.toData())) {
        screener = new Screener(index, versions, lexicon);
      } else return new Screener(index, versions, lexicon);
    }
    screener.home = home;
    screener.snapshotKey = key;
    return screener;
  }

  get listIds(): string[] {
    return this.versions.map((v) => v.listId);
  }

  screen(query: Query, options: Partial<MatchOptions> = {}): MatchResult[] {
    return this.matcher.match(query, options);
  }
}
