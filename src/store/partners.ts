/**
 * Partners: the organisations a node hosts (a ministry, an FIU, a bank…), each with its own
 * keys, subjects, alerts, records and audit trail. `node` is the hosting organisation itself;
 * everything made before partners existed belongs to it. A partner of kind `node` stands for
 * another sanad node: what is shared with it, it may pull as a feed.
 */
import { SanadError } from '../core/errors.js';
import { appendAudit, NODE_PARTNER } from './audit.js';
import type { Store } from './store.js';

export { NODE_PARTNER };

export const PARTNER_KINDS = [
  'ministry',
  'fiu',
  'bank',
  'mto',
  'ngo',
  'node',
  'organisation',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export interface Partner {
  id: string;
  name: string;
  kind: string;
  createdAt: string;
}

const PARTNER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function checkPartnerId(id: string): void {
  if (!PARTNER_ID.test(id))
    throw new SanadError(
      'invalid_input',
      `partner id "${id}" must be 1–63 lower-case letters, digits or "-", starting with a letter or digit`,
    );
}

export async function createPartner(
  store: Store,
  p: { id: string; name: string; kind: string },
  actor = 'system',
): Promise<Partner> {
  checkPartnerId(p.id);
  const name = p.name.trim();
  if (name === '' || name.length > 200)
    throw new SanadError('invalid_input', 'partner name must be 1–200 characters');
  if (!(PARTNER_KINDS as readonly string[]).includes(p.kind))
    throw new SanadError(
      'invalid_input',
      `partner kind must be one of ${PARTNER_KINDS.join(', ')}`,
    );
  const createdAt = new Date().toISOString();
  return store.write(async (trx) => {
    const existing = await trx
      .selectFrom('partner')
      .select('id')
      .where('id', '=', p.id)
      .executeTakeFirst();
    if (existing) throw new SanadError('conflict', `partner "${p.id}" already exists`);
    await trx
      .insertInto('partner')
      .values({ id: p.id, name, kind: p.kind, created_at: createdAt })
      .execute();
    await appendAudit(trx, [
      {
        actor,
        action: 'partner.create',
        objectType: 'partner',
        objectId: p.id,
        data: { name, kind: p.kind },
      },
    ]);
    return { id: p.id, name, kind: p.kind, createdAt };
  });
}

export async function listPartners(store: Store): Promise<Partner[]> {
  const rows = await store.db.selectFrom('partner').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, createdAt: r.created_at }));
}

export async function getPartner(store: Store, id: string): Promise<Partner> {
  const r = await store.db
    .selectFrom('partner')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw new SanadError('not_found', `no partner "${id}"; see \`sanad partners list\``);
  return { id: r.id, name: r.name, kind: r.kind, createdAt: r.created_at };
}
