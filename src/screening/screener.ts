/**
 * The screening service: the active list versions compiled into one in-memory index, and the
 * operations on it. No CLI or HTTP here.
 */
import { visibleTo, type Entity } from '../core/entity.js';
import { entityIdentifiers, identifierKey } from '../core/identifier.js';
import type { MatchResult, Query } from '../core/query.js';
import { Clusters, type EntityLink } from '../index/clusters.js';
import { NameIndex } from '../index/name-index.js';
import { byScore, DEFAULT_MATCH_OPTIONS, Matcher, type MatchOptions } from '../match/matcher.js';
import type { ScoringModel } from '../match/scoring-model.js';
import { PartnerIndex } from '../sharing/partner-index.js';
import { PARTNER_LIST_ID } from '../sharing/records.js';
import type { Lexicon } from '../text/lexicon.js';
import { acceptedLinks } from '../store/cluster-links.js';
import type { ListSummary, Store, VersionSummary } from '../store/store.js';
import { loadClusters } from './cluster-links.js';
import { collapseClusters } from './collapse-clusters.js';
import { ensureBundledList } from './list-loader.js';
import { hasSnapshot, readSnapshot, snapshotKey, writeSnapshot } from './index-cache.js';
import { lexiconStamp, loadLexicon, loadScoringModel } from './resources.js';

/**
 * Match options plus who is asking: a partner sees the public lists and the partner records in
 * its scope; without a partner, only the public lists are screened.
 */
export interface ScreenOptions extends Partial<MatchOptions> {
  partner?: string;
}

/**
 * A store's public index as worker threads open it (see Screener.source): from the snapshot
 * under `home` with key `snapshotKey`, or, when it could not be written, from `entities`. The
 * clusters are built there from the entities' identifier links and `acceptedLinks`, as
 * loadClusters builds this thread's.
 */
export interface IndexSource {
  versions: VersionSummary[];
  home?: string;
  snapshotKey?: string;
  entities?: Entity[];
  acceptedLinks: EntityLink[];
}

/**
 * Records asked of the matcher beyond the places to fill, for the other records of clusters
 * already among the results: enough for a person on three or four lists without a second pass.
 */
const CLUSTER_SLACK = 8;

export class Screener {
  readonly matcher: Matcher;
  /** Partner records; shared by successive screeners of one service. */
  partners?: PartnerIndex;
  private byId?: Map<string, Entity>;
  private byIdentifierKey?: Map<string, Entity[]>;

  /**
   * One person or organisation across lists (index/clusters.ts): every public record's
   * cluster. Until links are known, every record is a cluster of its own.
   */
  clusters: Clusters;
  /** The accepted links the clusters were built with (store/cluster-links.ts acceptedLinksStamp). */
  linksStamp?: string;

  /** Where the index snapshot lives, when the screener was opened with a home. */
  home?: string;
  snapshotKey?: string;

  constructor(
    readonly index: NameIndex,
    readonly versions: VersionSummary[],
    lexicon: Lexicon = loadLexicon(),
    model: ScoringModel = loadScoringModel(),
  ) {
    this.matcher = new Matcher(index, lexicon, model);
    this.clusters = new Clusters(index.entities);
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
  static async open(store: Store, home?: string, partners?: PartnerIndex): Promise<Screener> {
    const screener = await Screener.openPublic(store, home);
    screener.partners = partners ?? new PartnerIndex(loadLexicon());
    await screener.partners.sync(store.db);
    return screener;
  }

  /** The public lists' index, and their clusters (both when the index comes from a snapshot). */
  private static async openPublic(store: Store, home?: string): Promise<Screener> {
    const screener = await Screener.openIndex(store, home);
    const { clusters, stamp } = await loadClusters(store, screener.index.entities);
    screener.clusters = clusters;
    screener.linksStamp = stamp;
    return screener;
  }

  /**
   * Where worker threads open this store's index themselves (cli/screen-batch.ts), without
   * opening it in this thread: the active versions and the snapshot of their index, written
   * now when there is none. A batch's main thread only reads and writes rows, so it holds
   * neither the index nor the lexicon while the workers screen.
   */
  static async source(store: Store, home: string): Promise<IndexSource> {
    await ensureBundledList(store);
    const versions = activeVersions(await store.lists());
    const key = snapshotKey(versions, lexiconStamp());
    const links = await acceptedLinks(store);
    if (hasSnapshot(home, key)) return { versions, home, snapshotKey: key, acceptedLinks: links };
    const entities = await store.activeEntities();
    const written = writeSnapshot(
      home,
      key,
      entities,
      new NameIndex(entities, loadLexicon()).toData(),
    );
    return written
      ? { versions, home, snapshotKey: key, acceptedLinks: links }
      : { versions, entities, acceptedLinks: links };
  }

  private static async openIndex(store: Store, home?: string): Promise<Screener> {
    await ensureBundledList(store);
    const versions = activeVersions(await store.lists());
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

  /** The datasets a caller may name: the public lists, and `partners` for partner records. */
  get listIds(): string[] {
    const ids = this.versions.map((v) => v.listId);
    return this.partners ? [...ids, PARTNER_LIST_ID] : ids;
  }

  /**
   * The best results for `query`, one per cluster: the best-scoring record of each person or
   * organisation stands for it and carries the cluster, whose members name every record of it
   * (also those on lists `options.lists` leaves out: the analyst sees where else it is listed).
   */
  screen(query: Query, options: ScreenOptions = {}): MatchResult[] {
    const { partner, ...rest } = options;
    // The model that scores also says where a match begins, unless the caller chose otherwise.
    const opts = { ...rest, threshold: rest.threshold ?? this.matcher.model.threshold };
    const limit = opts.limit ?? DEFAULT_MATCH_OPTIONS.limit;
    // Records of one cluster take one place: ask for a few more records than places (the
    // matcher scores every candidate whatever the limit), and more while clusters took them.
    for (let want = limit + CLUSTER_SLACK; ; want *= 2) {
      const found = this.screenRecords(query, { ...opts, limit: want }, partner);
      const results = collapseClusters(found, (r) => this.clusters.of(r.entity), limit);
      if (results.length >= limit || found.length < want) return results;
    }
  }

  /** The best records for `query`, each on its own: public entries and `partner`'s records. */
  private screenRecords(
    query: Query,
    opts: Partial<MatchOptions> & { limit: number },
    partner: string | undefined,
  ): MatchResult[] {
    const found = this.matcher.match(query, opts);
    const lists = opts.lists && opts.lists.length > 0 ? opts.lists : undefined;
    if (!this.partners || partner === undefined) return found;
    if (lists && !lists.includes(PARTNER_LIST_ID)) return found;
    const shared = this.partners.match(query, opts, partner);
    if (shared.length === 0) return found;
    return [...found, ...shared].sort(byScore).slice(0, opts.limit);
  }

  /**
   * The version of the scoring model behind `results`, to be stored with them: the results'
   * own, or this screener's when there are none (a screening without hits, a run).
   */
  modelVersion(results: readonly MatchResult[] = []): string {
    return results[0]?.explanation.model ?? this.matcher.model.version;
  }

  /**
   * The query scored against one entity (a public entry, or a partner record in `partner`'s
   * scope), with the full explanation, whether or not it would rank among the results.
   */
  scoreEntity(query: Query, id: string, partner?: string): MatchResult | undefined {
    this.byId ??= new Map(this.index.entities.map((e) => [e.id, e]));
    const e = this.byId.get(id);
    const r = e
      ? this.matcher.scoreEntity(query, this.index.entities.indexOf(e))
      : partner === undefined
        ? undefined
        : this.partners?.scoreEntity(query, id, partner);
    return r && { ...r, cluster: this.clusters.of(r.entity) };
  }

  /** An entity by id, as `partner` may see it (public list entries are visible to all). */
  entity(id: string, partner?: string): Entity | undefined {
    this.byId ??= new Map(this.index.entities.map((e) => [e.id, e]));
    const e = this.byId.get(id);
    if (e) return partner === undefined || visibleTo(e, partner) ? e : undefined;
    return partner === undefined ? undefined : this.partners?.entity(id, partner);
  }

  /** Entities whose reference or document number is `text`, as `partner` may see them. */
  byIdentifier(text: string, partner?: string, lists?: readonly string[]): Entity[] {
    const key = identifierKey(text);
    this.byIdentifierKey ??= identifierMap(this.index.entities);
    const out = (this.byIdentifierKey.get(key) ?? []).filter(
      (e) => !lists || lists.includes(e.provenance.listId),
    );
    if (partner !== undefined && this.partners && (!lists || lists.includes(PARTNER_LIST_ID)))
      out.push(...this.partners.byIdentifier(key, partner));
    return out;
  }
}

function activeVersions(lists: readonly ListSummary[]): VersionSummary[] {
  return lists.flatMap((l) => (l.active ? [l.active] : []));
}

/** Identifier key → the entities holding it (core/identifier.ts entityIdentifiers), built once. */
function identifierMap(entities: readonly Entity[]): Map<string, Entity[]> {
  const map = new Map<string, Entity[]>();
  for (const e of entities)
    for (const k of entityIdentifiers(e)) {
      const list = map.get(k);
      if (list) list.push(e);
      else map.set(k, [e]);
    }
  return map;
}
