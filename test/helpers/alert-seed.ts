/**
 * Alerts written straight into a store, for the queue's tests and bench: subjects and their
 * alerts as screening would leave them (store rows, public ids), without screening every name,
 * so that a test can lay out exactly the queue it needs and a bench can hold 10,000 alerts.
 */
import { createHash } from 'node:crypto';
import { runKey } from '../../src/screening/batch-run.js';
import { newPublicId } from '../../src/store/public-id.js';
import type { AlertState } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';

export interface SeedAlert {
  subject: string;
  name: string;
  entity: string;
  caption: string;
  list: string;
  score: number;
  run?: string;
  assignee?: string;
  state?: AlertState;
  cluster?: string;
  /** ISO time the alert opened; defaults to now minus its position in minutes. */
  createdAt?: string;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/** Writes the alerts (in order: later ones are newer) for `partner`; answers their public ids. */
export async function seedAlerts(
  store: Store,
  partner: string,
  alerts: SeedAlert[],
): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  await store.write(async (trx) => {
    const subjects = new Map<string, number>();
    for (const a of alerts) {
      if (subjects.has(a.subject)) continue;
      const at = new Date(now).toISOString();
      const found = await trx
        .selectFrom('subject')
        .select('id')
        .where('subject_key', '=', `${partner}:${a.subject}`)
        .executeTakeFirst();
      const row =
        found ??
        (await trx
          .insertInto('subject')
          .values({
            public_id: newPublicId('subject'),
            subject_key: `${partner}:${a.subject}`,
            external_id: a.subject,
            partner_id: partner,
            name: a.name,
            schema: 'Person',
            birth_date: null,
            nationality: null,
            data_hash: hash(a.name),
            monitor: 0,
            threshold: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow());
      subjects.set(a.subject, Number(row.id));
    }
    const rows = alerts.map((a, i) => {
      const at = a.createdAt ?? new Date(now - (alerts.length - i) * 60_000).toISOString();
      const id = newPublicId('alert');
      ids.push(id);
      return {
        public_id: id,
        subject_id: subjects.get(a.subject)!,
        entity_id: a.entity,
        list_id: a.list,
        ref: a.entity.slice(a.entity.indexOf(':') + 1),
        caption: a.caption,
        score: a.score,
        explanation: `name ${a.score}`,
        state: a.state ?? 'open',
        entity_hash: hash(a.entity),
        subject_hash: hash(a.subject),
        run_id: a.run === undefined ? null : runKey(partner, a.run),
        previous_alert_id: null,
        assignee: a.assignee ?? null,
        created_at: at,
        updated_at: at,
        partner_id: partner,
        model_version: null,
        cluster_id: a.cluster ?? null,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('alert')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  return ids;
}

/** Finished runs named `names` for `partner`, so that the queue can filter by them. */
export async function seedRuns(store: Store, partner: string, names: string[]): Promise<void> {
  const at = new Date().toISOString();
  await store.write(async (trx) => {
    for (const name of names)
      await trx
        .insertInto('run')
        .values({
          id: runKey(partner, name),
          source: `test:${name}`,
          source_sha256: hash(name),
          created_at: at,
          created_by: 'test',
          status: 'done',
          threshold: 0.7,
          monitor: 0,
          list_versions: '{}',
          finished_at: at,
          partner_id: partner,
          model_version: null,
        })
        .execute();
  });
}
