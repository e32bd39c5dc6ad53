/**
 * The screener a one-off command uses: the store's active lists (and the partner records the
 * partner may see), opened and closed again at once, so that no connection stays open while
 * the command screens. An unknown partner is an error before any work.
 */
import type { Entity } from '../core/entity.js';
import { PartnerIndex } from '../sharing/partner-index.js';
import { PARTNER_LIST_ID } from '../sharing/records.js';
import { loadLexicon } from '../screening/resources.js';
import { Screener, type IndexSource } from '../screening/screener.js';
import { getPartner } from '../store/partners.js';
import { defaultHome, Store } from '../store/store.js';

export async function openScreener(partner: string): Promise<Screener> {
  const home = defaultHome();
  const store = await Store.open(home);
  try {
    await getPartner(store, partner);
    return await Screener.open(store, home);
  } finally {
    await store.close();
  }
}

/** What a batch screened by worker threads needs: see openWorkerSource. */
export interface WorkerSource extends IndexSource {
  /** The datasets `--list` may name, as the screener's listIds. */
  listIds: string[];
  /** The partner records the partner may see. */
  partnerEntities: Entity[];
}

/**
 * For a batch that worker threads screen: where they open the index (Screener.source), and the
 * partner records the partner may see, without opening the index in this thread. The partner
 * index is built only when there are live partner records to take them from.
 */
export async function openWorkerSource(partner: string): Promise<WorkerSource> {
  const home = defaultHome();
  const store = await Store.open(home);
  try {
    await getPartner(store, partner);
    const source = await Screener.source(store, home);
    const live = await store.db
      .selectFrom('partner_record')
      .select('id')
      .where('withdrawn_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    let partnerEntities: Entity[] = [];
    if (live) {
      const partners = new PartnerIndex(loadLexicon());
      await partners.sync(store.db);
      partnerEntities = [...partners.visibleEntities(partner)];
    }
    const listIds = [...source.versions.map((v) => v.listId), PARTNER_LIST_ID];
    return { ...source, listIds, partnerEntities };
  } finally {
    await store.close();
  }
}
