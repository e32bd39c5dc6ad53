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
import { loadLexicon } from './resources.js';

export class Screener {
  readonly matcher: Matcher;

  constructor(
    entities: Entity[],
    readonly versions: VersionSummary[],
    lexicon: Lexicon = loadLexicon(),
  ) {
    this.matcher = new Matcher(new NameIndex(entities, lexicon), lexicon);
  }

  /** Opens the screener on a store's active versions, loading the bundled UN list on first use. */
  static async open(store: Store): Promise<Screener> {
    await ensureBundledList(store);
    const [entities, lists] = await Promise.all([store.activeEntities(), store.lists()]);
    const versions = lists.flatMap((l) => (l.active ? [l.active] : []));
    return new Screener(entities, versions);
  }

  get listIds(): string[] {
    return this.versions.map((v) => v.listId);
  }

  screen(query: Query, options: Partial<MatchOptions> = {}): MatchResult[] {
    return this.matcher.match(query, options);
  }
}
