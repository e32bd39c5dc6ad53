/**
 * The screener a one-off command uses: the store's active lists (and the partner records the
 * partner may see), opened and closed again at once, so that no connection stays open while
 * the command screens. An unknown partner is an error before any work.
 */
import { Screener } from '../screening/screener.js';
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
