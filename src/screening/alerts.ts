/**
 * Working alerts: filters for the queue, decisions with reasons (four-eyes when configured),
 * approvals, assignment and comments. Every change is on the audit trail.
 *
 * States: open → escalated (by an analyst) → confirmed (a true match) or dismissed (a false
 * positive). With four-eyes on, a confirm or dismiss waits as a pending decision until a second
 * analyst approves it; nobody approves their own decision. Escalation takes effect at once.
 *
 * Alerts, decisions and comments are named by their public ids (store/public-id.ts) everywhere
 * outside the store: in answers, URLs and the audit trail.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SanadError } from '../core/errors.js';
import { personOf } from '../store/persons.js';
import { appendAudit, NODE_PARTNER } from '../store/audit.js';
import { newPublicId } from '../store/public-id.js';
import { runName } from './batch-run.js';
import type { AlertState, Database, DecisionTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { forPartner, ownedBy } from '../store/for-partner.js';

export type DecisionAction = DecisionTable['action'];
export const ACTIONS: readonly DecisionAction[] = ['confirm', 'dismiss', 'escalate'];
export const STATES: readonly AlertState[] = ['open', 'escalated', 'confirmed', 'dismissed'];

const RESULT: Record<DecisionAction, AlertState> = {
  confirm: 'confirmed',
  dismiss: 'dismissed',
  escalate: 'escalated',
};
const FOUR_EYES_KEY = 'four_eyes';
const MAX_REASON = 4000;

/** The cluster an alert was raised on; older alerts have none. */
function clusterOf(id: string | null): { cluster?: string } {
  return id === null ? {} : { cluster: id };
}

/** Each partner sets four-eyes for its own alerts (the node's setting keeps its old key). */
function fourEyesKey(partner: string): string {
  return partner === NODE_PARTNER ? FOUR_EYES_KEY : `${FOUR_EYES_KEY}:${partner}`;
}

export async function fourEyes(store: Store, partner: string): Promise<boolean> {
  const row = await store.db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', fourEyesKey(partner))
    .executeTakeFirst();
  return row?.value === 'on';
}

export async function setFourEyes(
  store: Store,
  partner: string,
  on: boolean,
  actor: string,
): Promise<void> {
  const key = fourEyesKey(partner);
  await store.write(async (trx) => {
    await trx.deleteFrom('setting').where('key', '=', key).execute();
    await trx
      .insertInto('setting')
      .values({ key, value: on ? 'on' : 'off' })
      .execute();
    await appendAudit(trx, [
      {
        actor,
        partner,
        action: 'setting.four_eyes',
        objectType: 'setting',
        objectId: FOUR_EYES_KEY,
        data: { on },
      },
    ]);
  });
}

/**
 * An alert's decisions and comments, oldest first, by its row id: the caller has already read
 * the alert as its partner's (`ownedBy`), which scopes these too.
 */
export async function alertActivity(store: Store, alertRowId: number) {
  const [decisions, comments] = await Promise.all([
    store.db
      .selectFrom('decision')
      .selectAll()
      .where('alert_id', '=', alertRowId)
      .orderBy('id')
      .execute(),
    store.db
      .selectFrom('comment')
      .selectAll()
      .where('alert_id', '=', alertRowId)
      .orderBy('id')
      .execute(),
  ]);
  return { decisions, comments };
}

/** One of `partner`'s alerts; another partner's is "not found", as a missing one. */
export async function getAlert(store: Store, partner: string, id: string) {
  const alert = await store.db
    .selectFrom('alert')
    .innerJoin('subject', 'subject.id', 'alert.subject_id')
    .leftJoin('alert as previous', 'previous.id', 'alert.previous_alert_id')
    .selectAll('alert')
    .select(['subject.external_id', 'subject.name', 'subject.birth_date', 'subject.nationality'])
    .select('previous.public_id as previous_public_id')
    .where('alert.public_id', '=', id)
    .$call(ownedBy(partner, 'alert'))
    .executeTakeFirst();
  if (!alert) throw new SanadError('not_found', `no alert ${id}`);
  const { decisions, comments } = await alertActivity(store, Number(alert.id));
  return {
    id: alert.public_id,
    state: alert.state,
    score: Number(alert.score),
    explanation: alert.explanation,
    entity: {
      id: alert.entity_id,
      list: alert.list_id,
      ref: alert.ref,
      caption: alert.caption,
      ...clusterOf(alert.cluster_id),
    },
    subject: {
      id: alert.external_id,
      name: alert.name,
      birthDate: alert.birth_date,
      nationality: alert.nationality,
    },
    assignee: alert.assignee,
    run: alert.run_id === null ? null : runName(alert.run_id),
    previousAlert: alert.previous_public_id,
    createdAt: alert.created_at,
    updatedAt: alert.updated_at,
    /** The scoring model that made the score and explanation (null: older than the model). */
    modelVersion: alert.model_version,
    decisions: decisions.map((d) => ({
      id: d.public_id,
      action: d.action,
      reason: d.reason,
      decidedBy: d.decided_by,
      decidedAt: d.decided_at,
      status: d.status,
      approvedBy: d.approved_by,
      approvedAt: d.approved_at,
    })),
    comments: comments.map((c) => ({ id: c.public_id, author: c.author, at: c.at, text: c.text })),
  };
}

/** One of `partner`'s alerts by its public id, for a change (its row id is for the store). */
async function lockedAlert(trx: Kysely<Database>, partner: string, id: string) {
  const alert = await forPartner(trx, 'alert', partner)
    .selectAll()
    .where('public_id', '=', id)
    .executeTakeFirst();
  if (!alert) throw new SanadError('not_found', `no alert ${id}`);
  return alert;
}

async function setState(trx: Kysely<Database>, id: number, state: AlertState): Promise<void> {
  await trx
    .updateTable('alert')
    .set({ state, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** A decision on an alert. With four-eyes, confirm and dismiss wait for a second analyst. */
export async function decide(
  store: Store,
  partner: string,
  alertId: string,
  action: DecisionAction,
  reason: string,
  actor: string,
) {
  if (!ACTIONS.includes(action))
    throw new SanadError('invalid_input', `action must be one of ${ACTIONS.join(', ')}`, {
      field: 'action',
    });
  const why = reason.trim();
  if (why === '')
    throw new SanadError('invalid_input', 'a decision needs a reason', { field: 'reason' });
  if (why.length > MAX_REASON)
    throw new SanadError('invalid_input', `the reason is longer than ${MAX_REASON} characters`, {
      field: 'reason',
    });
  const needsApproval = action !== 'escalate' && (await fourEyes(store, partner));
  return store.write(async (trx) => {
    const alert = await lockedAlert(trx, partner, alertId);
    if (alert.state === 'confirmed' || alert.state === 'dismissed') {
      throw new SanadError('conflict', `alert ${alertId} is already ${alert.state}`);
    }
    const pending = await trx
      .selectFrom('decision')
      .select('public_id')
      .where('alert_id', '=', alert.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending && action !== 'escalate')
      throw new SanadError(
        'conflict',
        `alert ${alertId} already has decision ${pending.public_id} waiting for approval`,
      );
    const now = new Date().toISOString();
    const status = needsApproval ? 'pending' : 'effective';
    const decisionId = newPublicId('decision');
    await trx
      .insertInto('decision')
      .values({
        public_id: decisionId,
        alert_id: alert.id,
        action,
        reason: why,
        decided_by: actor,
        decided_at: now,
        status,
        approved_by: null,
        approved_at: null,
      })
      .execute();
    if (status === 'effective') await setState(trx, alert.id, RESULT[action]);
    await appendAudit(trx, [
      {
        actor,
        partner,
        action: `decision.${status === 'pending' ? 'propose' : action}`,
        objectType: 'alert',
        objectId: alertId,
        data: { decision: decisionId, action, reason: why, status },
      },
    ]);
    return {
      decision: decisionId,
      status,
      state: status === 'effective' ? RESULT[action] : alert.state,
    };
  });
}

/** A second analyst approves (or rejects) a pending decision; never the one who made it. */
export async function review(
  store: Store,
  partner: string,
  alertId: string,
  decisionId: string,
  approve: boolean,
  actor: string,
) {
  return store.write(async (trx) => {
    const { id: rowId } = await lockedAlert(trx, partner, alertId);
    const d = await trx
      .selectFrom('decision')
      .selectAll()
      .where('public_id', '=', decisionId)
      .where('alert_id', '=', rowId)
      .executeTakeFirst();
    if (!d) throw new SanadError('not_found', `no decision ${decisionId} on alert ${alertId}`);
    if (d.status !== 'pending')
      throw new SanadError('conflict', `decision ${decisionId} is ${d.status}, not pending`);
    if (personOf(d.decided_by) === personOf(actor))
      throw new SanadError('conflict', 'the same person cannot approve their own decision');
    const now = new Date().toISOString();
    await trx
      .updateTable('decision')
      .set({ status: approve ? 'effective' : 'rejected', approved_by: actor, approved_at: now })
      .where('id', '=', d.id)
      .execute();
    if (approve) await setState(trx, rowId, RESULT[d.action]);
    await appendAudit(trx, [
      {
        actor,
        partner,
        action: approve ? 'decision.approve' : 'decision.reject',
        objectType: 'alert',
        objectId: alertId,
        data: { decision: decisionId, action: d.action },
      },
    ]);
    const alert = await lockedAlert(trx, partner, alertId);
    return { decision: decisionId, status: approve ? 'effective' : 'rejected', state: alert.state };
  });
}

export async function assign(
  store: Store,
  partner: string,
  alertId: string,
  assignee: string | null,
  actor: string,
): Promise<void> {
  await store.write(async (trx) => {
    const { id: rowId } = await lockedAlert(trx, partner, alertId);
    await trx
      .updateTable('alert')
      .set({ assignee, updated_at: new Date().toISOString() })
      .where('id', '=', rowId)
      .execute();
    await appendAudit(trx, [
      {
        actor,
        partner,
        action: 'alert.assign',
        objectType: 'alert',
        objectId: alertId,
        data: { assignee },
      },
    ]);
  });
}

export async function comment(
  store: Store,
  partner: string,
  alertId: string,
  text: string,
  actor: string,
): Promise<string> {
  const body = text.trim();
  if (body === '' || body.length > MAX_REASON)
    throw new SanadError('invalid_input', `a comment must be 1–${MAX_REASON} characters`);
  return store.write(async (trx) => {
    const { id: rowId } = await lockedAlert(trx, partner, alertId);
    const commentId = newPublicId('comment');
    await trx
      .insertInto('comment')
      .values({
        public_id: commentId,
        alert_id: rowId,
        author: actor,
        at: new Date().toISOString(),
        text: body,
      })
      .execute();
    await appendAudit(trx, [
      {
        actor,
        partner,
        action: 'alert.comment',
        objectType: 'alert',
        objectId: alertId,
        // The text's hash, so that a case file's copy of the comment can be checked against it.
        data: { comment: commentId, sha256: createHash('sha256').update(body).digest('hex') },
      },
    ]);
    return commentId;
  });
}
