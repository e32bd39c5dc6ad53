/**
 * Alerts: each subject/cluster pair at or above the threshold opens one alert, never two for
 * the same pair and the same data. A cluster is one person or organisation across lists
 * (index/clusters.ts): a hit on the UK record of a person whose UN record already alerted for
 * this subject opens nothing new, since the analyst decides on the person, not on each listing. An alert remembers the listed entry's and the subject's
 * content; while neither changes, a new screening of the pair raises nothing (a dismissed
 * alert stays quiet), and when either changes a new alert opens that links to the old one and
 * its decision. Every new alert is queued for the webhook in the same transaction, so a failed
 * delivery never loses it.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Entity } from '../core/entity.js';
import type { MatchResult } from '../core/query.js';
import { explainText } from '../match/explain.js';
import { clusterOfResult } from './collapse-clusters.js';
import { appendAudit, type AuditEvent } from '../store/audit.js';
import { entityContentHash } from '../store/entity-hash.js';
import { newPublicId } from '../store/public-id.js';
import type { Database } from '../store/schema.js';

const ENTITY_HASHES = new WeakMap<Entity, string>();

export function entityHash(e: Entity): string {
  let h = ENTITY_HASHES.get(e);
  if (!h) {
    h = entityContentHash(e);
    ENTITY_HASHES.set(e, h);
  }
  return h;
}

export interface SubjectData {
  /** The partner whose subject it is: its ids, screenings and alerts are its own. */
  partner: string;
  externalId: string;
  name: string;
  schema?: string;
  birthDate?: string;
  nationality?: string;
}

export function subjectHash(s: SubjectData): string {
  return createHash('sha256')
    .update(JSON.stringify([s.name, s.schema ?? '', s.birthDate ?? '', s.nationality ?? '']))
    .digest('hex');
}

export function subjectKey(partner: string, externalId: string): string {
  return `${partner}:${externalId}`;
}

/**
 * upsertSubject for many subjects at once, as if called for each in turn: the subjects not yet
 * stored are looked up in one query and inserted in one statement (a chunk of a run costs two
 * round trips instead of two a row); a subject already stored, or named again in `subjects`,
 * goes through upsertSubject.
 */
export async function upsertSubjects(
  trx: Kysely<Database>,
  subjects: SubjectData[],
  monitor: boolean,
  threshold: number | null = null,
): Promise<{ id: number; hash: string; changed: boolean }[]> {
  const keys = subjects.map((s) => subjectKey(s.partner, s.externalId));
  const stored = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const found = await trx
      .selectFrom('subject')
      .select('subject_key')
      .where('subject_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const f of found) stored.add(f.subject_key);
  }
  const fresh = new Map<string, number>();
  keys.forEach((k, i) => !stored.has(k) && !fresh.has(k) && fresh.set(k, i));
  const now = new Date().toISOString();
  const ids = new Map<string, number>();
  const first = [...fresh.values()];
  for (let i = 0; i < first.length; i += 500) {
    const rows = await trx
      .insertInto('subject')
      .values(
        first.slice(i, i + 500).map((n) => {
          const s = subjects[n]!;
          return {
            public_id: newPublicId('subject'),
            subject_key: keys[n]!,
            partner_id: s.partner,
            external_id: s.externalId,
            name: s.name,
            schema: s.schema ?? null,
            birth_date: s.birthDate ?? null,
            nationality: s.nationality ?? null,
            data_hash: subjectHash(s),
            monitor: monitor ? 1 : 0,
            threshold: monitor ? threshold : null,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .returning(['id', 'subject_key'])
      .execute();
    for (const r of rows) ids.set(r.subject_key, Number(r.id));
  }
  const out: { id: number; hash: string; changed: boolean }[] = [];
  for (let n = 0; n < subjects.length; n++) {
    const s = subjects[n]!;
    if (fresh.get(keys[n]!) === n)
      out.push({ id: ids.get(keys[n]!)!, hash: subjectHash(s), changed: true });
    else out.push(await upsertSubject(trx, s, monitor, threshold));
  }
  return out;
}

/** Inserts or updates a partner's subject by its external id; returns its id and data hash. */
export async function upsertSubject(
  trx: Kysely<Database>,
  s: SubjectData,
  monitor: boolean,
  threshold: number | null = null,
): Promise<{ id: number; hash: string; changed: boolean }> {
  const hash = subjectHash(s);
  const now = new Date().toISOString();
  const existing = await trx
    .selectFrom('subject')
    .select(['id', 'data_hash', 'monitor'])
    .where('subject_key', '=', subjectKey(s.partner, s.externalId))
    .executeTakeFirst();
  if (existing) {
    const changed = existing.data_hash !== hash;
    if (changed || (monitor && !existing.monitor)) {
      await trx
        .updateTable('subject')
        .set({
          name: s.name,
          schema: s.schema ?? null,
          birth_date: s.birthDate ?? null,
          nationality: s.nationality ?? null,
          data_hash: hash,
          monitor: monitor || existing.monitor ? 1 : 0,
          ...(monitor ? { threshold } : {}),
          updated_at: now,
        })
        .where('id', '=', existing.id)
        .execute();
    }
    return { id: Number(existing.id), hash, changed };
  }
  const row = await trx
    .insertInto('subject')
    .values({
      public_id: newPublicId('subject'),
      subject_key: subjectKey(s.partner, s.externalId),
      partner_id: s.partner,
      external_id: s.externalId,
      name: s.name,
      schema: s.schema ?? null,
      birth_date: s.birthDate ?? null,
      nationality: s.nationality ?? null,
      data_hash: hash,
      monitor: monitor ? 1 : 0,
      threshold: monitor ? threshold : null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), hash, changed: true };
}

export interface RaisedAlert {
  /** The alert's public id (store/public-id.ts). */
  id: string;
  entityId: string;
  previousAlertId: string | null;
}

/**
 * Opens alerts for the matches of one subject. Returns the alerts opened now (an unchanged pair
 * that already has an alert, in any state, opens none).
 */
export async function raiseAlerts(
  trx: Kysely<Database>,
  subject: { id: number; hash: string; externalId: string; name: string; partner: string },
  results: MatchResult[],
  context: { runId: string | null; actor: string; webhook: boolean },
  audit: AuditEvent[],
): Promise<RaisedAlert[]> {
  const raised: RaisedAlert[] = [];
  for (const r of results) {
    // A schema mismatch is shown for review but never alerts on its own (its match is false
    // too; this holds even for a caller whose threshold is under the held score).
    if (!r.match || r.schemaMismatch) continue;
    const eHash = entityHash(r.entity);
    const cluster = clusterOfResult(r);
    // The subject's last alert on any record that is in the cluster now. Found by the
    // members, not by the cluster id: a link undone (an admin's reject, a list that stops
    // quoting a UN reference) splits a cluster, and an alert on the record that left must not
    // stand for the one that stayed. Alerts from before clusters are found the same way.
    const last = await trx
      .selectFrom('alert')
      .select(['id', 'public_id', 'entity_id', 'entity_hash', 'subject_hash'])
      .where('subject_id', '=', subject.id)
      .where(
        'entity_id',
        'in',
        cluster.members.map((m) => m.entity_id),
      )
      .orderBy('id', 'desc')
      .executeTakeFirst();
    // While the subject is unchanged, the cluster's alert stands for every record of it; only
    // a change of the record it was raised on (or of the subject) reopens.
    if (
      last &&
      last.subject_hash === subject.hash &&
      (last.entity_id !== r.entity.id || last.entity_hash === eHash)
    )
      continue;
    const now = new Date().toISOString();
    const publicId = newPublicId('alert');
    const inserted = await trx
      .insertInto('alert')
      .values({
        public_id: publicId,
        subject_id: subject.id,
        entity_id: r.entity.id,
        list_id: r.entity.provenance.listId,
        ref: r.entity.provenance.ref,
        caption: r.entity.caption,
        score: r.score,
        explanation: explainText(r.explanation),
        state: 'open',
        entity_hash: eHash,
        subject_hash: subject.hash,
        run_id: context.runId,
        previous_alert_id: last ? Number(last.id) : null,
        assignee: null,
        created_at: now,
        updated_at: now,
        partner_id: subject.partner,
        model_version: r.explanation.model,
        cluster_id: cluster.id,
      })
      .onConflict((oc) =>
        oc.columns(['subject_id', 'entity_id', 'entity_hash', 'subject_hash']).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    const alert = {
      id: publicId,
      entityId: r.entity.id,
      previousAlertId: last ? last.public_id : null,
    };
    raised.push(alert);
    audit.push({
      actor: context.actor,
      partner: subject.partner,
      action: 'alert.open',
      objectType: 'alert',
      objectId: alert.id,
      data: {
        subject: subject.externalId,
        entity: r.entity.id,
        ref: r.entity.provenance.ref,
        cluster: cluster.id,
        score: r.score,
        run: context.runId,
        previousAlert: alert.previousAlertId,
        model: r.explanation.model,
      },
    });
    if (context.webhook) {
      await trx
        .insertInto('webhook_outbox')
        .values({
          alert_id: Number(inserted.id),
          payload: JSON.stringify({
            event: 'alert.opened',
            alert: {
              id: alert.id,
              partner: subject.partner,
              subject: { id: subject.externalId, name: subject.name },
              entity: {
                id: r.entity.id,
                list: r.entity.provenance.listId,
                ref: r.entity.provenance.ref,
                caption: r.entity.caption,
              },
              cluster: { id: cluster.id, members: cluster.members },
              score: r.score,
              run: context.runId,
              previousAlert: alert.previousAlertId,
            },
          }),
          attempts: 0,
          next_attempt_at: now,
          delivered_at: null,
          last_error: null,
        })
        .execute();
    }
  }
  return raised;
}

export { appendAudit };
