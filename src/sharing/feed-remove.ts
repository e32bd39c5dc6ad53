/**
 * Unsubscribing from a feed (`DELETE /feeds/{id}`): the subscription goes, with the sealed API
 * key it pulled with, so nothing pulls it again. The records it already brought stay: they were
 * shared with this node on a basis and screened against; they are counted in the audit record
 * so that the trail says what stayed behind.
 */
import { SanadError } from '../core/errors.js';
import { appendAudit } from '../store/audit.js';
import type { Store } from '../store/store.js';

export interface FeedRemoval {
  id: string;
  /** Records received through the feed, which stay on this node. */
  records: number;
}

export async function removeFeed(store: Store, id: string, actor: string): Promise<FeedRemoval> {
  return store.write(async (trx) => {
    const feed = await trx
      .selectFrom('feed')
      .select(['id', 'url'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!feed) throw new SanadError('not_found', `no feed "${id}"`);
    const held = await trx
      .selectFrom('partner_record')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('via', '=', id)
      .executeTakeFirstOrThrow();
    const records = Number(held.n);
    await trx.deleteFrom('feed').where('id', '=', id).execute();
    await appendAudit(trx, [
      {
        actor,
        action: 'feed.remove',
        objectType: 'feed',
        objectId: id,
        data: { url: feed.url, records },
      },
    ]);
    return { id, records };
  });
}
