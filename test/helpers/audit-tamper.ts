/**
 * What an attacker with write access to the database does to the audit trail, for the tests
 * that must catch it: rewrite a chain's records from one number on, recomputing every hash,
 * link and the head, so that the chain alone still holds.
 */
import { auditHash, GENESIS } from '../../src/store/audit.js';
import type { Store } from '../../src/store/store.js';

export async function rewriteTail(store: Store, chain: string, from: number): Promise<void> {
  const rows = await store.db
    .selectFrom('audit')
    .selectAll()
    .where('chain', '=', chain)
    .orderBy('chain_seq')
    .execute();
  let prev = GENESIS;
  for (const r of rows) {
    if (Number(r.chain_seq) < from) {
      prev = r.hash;
      continue;
    }
    const forged = { ...r, data: '{"forged":true}', prev_hash: prev };
    const hash = auditHash(forged)!;
    await store.db
      .updateTable('audit')
      .set({ data: forged.data, prev_hash: prev, hash })
      .where('seq', '=', r.seq)
      .execute();
    prev = hash;
  }
  await store.db
    .updateTable('audit_chain_head')
    .set({ hash: prev })
    .where('chain', '=', chain)
    .execute();
}
