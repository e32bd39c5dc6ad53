/**
 * The node's secrets in the store, checked when a command or the server starts: with a key
 * configured (store/secret-box.ts), the key must open what is sealed (a check value proves it
 * even before anything is), and every secret still plain is sealed then, in one transaction;
 * without a key, a node whose secrets are sealed refuses to start instead of failing later, in
 * the middle of a feed pull. So configuring a key and restarting is the whole migration.
 */
import { sql, type Kysely } from 'kysely';
import { SanadError } from '../core/errors.js';
import type { Database } from '../store/schema.js';
import { isSealed, secretBoxOf, type SecretBox } from '../store/secret-box.js';
import type { Store } from '../store/store.js';
import { NODE_KEY_SETTING } from './node-key.js';

const CHECK_SETTING = 'secret_key_check';
const CHECK_TEXT = 'sanad secret key check';

/** Where a feed's API key is sealed for (GCM's associated data). */
export const feedKeyContext = (feedId: string) => `feed:${feedId}`;

interface Stored {
  check?: string;
  node?: string;
  feeds: { id: string; api_key: string }[];
}

async function stored(db: Kysely<Database>): Promise<Stored> {
  const settings = await db
    .selectFrom('setting')
    .selectAll()
    .where('key', 'in', [CHECK_SETTING, NODE_KEY_SETTING])
    .execute();
  return {
    check: settings.find((s) => s.key === CHECK_SETTING)?.value,
    node: settings.find((s) => s.key === NODE_KEY_SETTING)?.value,
    feeds: await db.selectFrom('feed').select(['id', 'api_key']).execute(),
  };
}

/**
 * Checks the key against the store and seals plain secrets; returns how many it sealed. Reads
 * only, unless there is something to seal (the first start with a key): most commands take no
 * write lock for it.
 */
export async function checkSecrets(
  store: Store,
  box: SecretBox = secretBoxOf(store),
): Promise<number> {
  const now = await stored(store.db);
  if (!box.configured) {
    if (now.check || (now.node && isSealed(now.node)) || now.feeds.some((f) => isSealed(f.api_key)))
      throw new SanadError(
        'unavailable',
        "this node's secrets are encrypted, and no key is configured: set SANAD_SECRET_KEY or SANAD_SECRET_KEY_FILE",
      );
    return 0;
  }
  if (now.check) box.open(now.check, CHECK_SETTING);
  if (now.node && isSealed(now.node)) box.open(now.node, NODE_KEY_SETTING);
  const plain = (s: Stored) =>
    (s.node !== undefined && !isSealed(s.node)) || s.feeds.some((f) => !isSealed(f.api_key));
  if (now.check && !plain(now)) return 0;
  // On SQLite the plain values must not linger in free space or in the WAL's older frames.
  const sqlite = store.dialect === 'sqlite';
  if (sqlite) await sql`pragma secure_delete = on`.execute(store.db);
  try {
    return await seal(store, box);
  } finally {
    if (sqlite) {
      await sql`pragma secure_delete = off`.execute(store.db);
      await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
    }
  }
}

function seal(store: Store, box: SecretBox): Promise<number> {
  return store.write(async (trx) => {
    const s = await stored(trx);
    if (s.check) box.open(s.check, CHECK_SETTING);
    else
      await trx
        .insertInto('setting')
        .values({ key: CHECK_SETTING, value: box.seal(CHECK_TEXT, CHECK_SETTING) })
        .execute();
    let sealed = 0;
    if (s.node !== undefined && !isSealed(s.node)) {
      await trx
        .updateTable('setting')
        .set({ value: box.seal(s.node, NODE_KEY_SETTING) })
        .where('key', '=', NODE_KEY_SETTING)
        .execute();
      sealed++;
    }
    for (const f of s.feeds) {
      if (isSealed(f.api_key)) continue;
      await trx
        .updateTable('feed')
        .set({ api_key: box.seal(f.api_key, feedKeyContext(f.id)) })
        .where('id', '=', f.id)
        .execute();
      sealed++;
    }
    return sealed;
  });
}
