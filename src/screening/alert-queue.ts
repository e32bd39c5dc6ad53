/**
 * The analyst's queue: one partner's alerts, every filter applied together, sorted by score or
 * age, paged with a total; each row with its pending decision (four-eyes), an "awaiting my
 * approval" inbox that never offers the caller their own decision, the same alerts grouped by
 * the listed entity (one listed person hitting many customers is one row), and a decision
 * taken on many alerts at once, recorded per alert through `decide`.
 *
 * "Awaiting approval" is not a state of the alert (its state stays open or escalated until the
 * decision is approved); it is an alert with a pending decision, so it is a filter of its own.
 */
import { sql } from 'kysely';
import { SanadError } from '../core/errors.js';
import type { AlertState } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { ownedBy } from '../store/for-partner.js';
import { personOf } from '../store/persons.js';
import { decide, type DecisionAction } from './alerts.js';
import { runKey, runName } from './batch-run.js';
import { actorNames, nameOf } from '../store/actor-names.js';

/** Who asks: their actor string (store/persons.ts) and the names an alert is assigned to them by. */
export interface Caller {
  actor: string;
  names: string[];
}

export type QueueSort = 'age' | 'score';
export type QueueOrder = 'asc' | 'desc';

export interface QueueFilter {
  state?: AlertState[];
  list?: string;
  run?: string;
  /** An assignee's name, `unassigned` (none) or `me` (one of the caller's names). */
  assignee?: string;
  minScore?: number;
  subject?: string;
  /** `any`: with a pending decision; `me`: one made by someone else; `none`: without one. */
  awaiting?: 'any' | 'me' | 'none';
  /** Age ascending is newest first; score descending is highest first. */
  sort?: QueueSort;
  order?: QueueOrder;
  limit?: number;
  offset?: number;
}

/** Defaults: newest first, 50 a page; a page is at most 500 rows. */
export const QUEUE_DEFAULTS = Object.freeze({ sort: 'age', order: 'asc', limit: 50, offset: 0 });
export const MAX_PAGE = 500;
/** A bulk decision takes at most this many alerts. */
export const MAX_BULK = 500;

/**
 * The decided_by strings of pending decisions the caller made (through any key of theirs or
 * the command line): few distinct actors, compared as persons with `personOf`, so that the
 * "awaiting me" inbox never holds the caller's own decision whatever key they used.
 */
async function ownActors(store: Store, partner: string, caller: Caller): Promise<string[]> {
  const me = personOf(caller.actor);
  const rows = await store.db
    .selectFrom('decision')
    .innerJoin('alert', 'alert.id', 'decision.alert_id')
    .select('decision.decided_by')
    .distinct()
    .where('decision.status', '=', 'pending')
    .$call(ownedBy(partner, 'alert'))
    .execute();
  return rows.map((r) => r.decided_by).filter((actor) => personOf(actor) === me);
}

/**
 * The partner's alerts that pass the filters, one where clause each, applied together, on the
 * alert table alone so that a page and the count walk its indexes (migration 0017): the
 * subject and the pending decision are reached by subqueries, each evaluated once.
 * `mine` comes from `ownActors`.
 */
function filtered(
  store: Store,
  partner: string,
  f: QueueFilter,
  caller: Caller | undefined,
  mine: string[],
) {
  let q = store.db.selectFrom('alert').$call(ownedBy(partner, 'alert'));
  if (f.state && f.state.length > 0) q = q.where('alert.state', 'in', f.state);
  if (f.list) q = q.where('alert.list_id', '=', f.list);
  if (f.minScore !== undefined) q = q.where('alert.score', '>=', f.minScore);
  if (f.run) q = q.where('alert.run_id', '=', runKey(partner, f.run));
  if (f.subject) {
    const subject = f.subject;
    q = q.where('alert.subject_id', 'in', (eb) =>
      eb
        .selectFrom('subject')
        .select('subject.id')
        .$call(ownedBy(partner, 'subject'))
        .where('subject.external_id', '=', subject),
    );
  }
  if (f.assignee === 'unassigned') q = q.where('alert.assignee', 'is', null);
  else if (f.assignee === 'me') {
    const names = caller?.names ?? [];
    q = names.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('alert.assignee', 'in', names);
  } else if (f.assignee) q = q.where('alert.assignee', '=', f.assignee);
  if (f.awaiting === 'me' && !caller) throw new Error('alert-queue: awaiting=me needs the caller');
  if (f.awaiting) {
    // Pending decisions are few (the index decision_by_status_alert holds them together).
    const pending = store.db
      .selectFrom('decision')
      .select('decision.alert_id')
      .where('decision.status', '=', 'pending')
      .$if(f.awaiting === 'me' && mine.length > 0, (d) =>
        d.where('decision.decided_by', 'not in', mine),
      );
    q = q.where('alert.id', f.awaiting === 'none' ? 'not in' : 'in', pending);
  }
  return q;
}

function sortKey(sort: QueueSort) {
  return sort === 'score' ? ('alert.score' as const) : ('alert.id' as const);
}

/** The queue's rows alone, newest first unless sorted: for the command line and tests. */
export async function listAlerts(store: Store, partner: string, f: QueueFilter = {}) {
  return (await alertQueue(store, partner, f)).alerts;
}

/** One page of the queue and how many alerts pass the filters. */
export async function alertQueue(
  store: Store,
  partner: string,
  f: QueueFilter = {},
  caller?: Caller,
) {
  const sort = f.sort ?? (QUEUE_DEFAULTS.sort as QueueSort);
  // Age ascending (youngest first) is the newest id first.
  const order = f.order ?? (QUEUE_DEFAULTS.order as QueueOrder);
  const direction = (sort === 'age') === (order === 'asc') ? 'desc' : 'asc';
  const mine = f.awaiting === 'me' && caller ? await ownActors(store, partner, caller) : [];
  const base = filtered(store, partner, f, caller, mine);
  const limit = Math.min(f.limit ?? QUEUE_DEFAULTS.limit, MAX_PAGE);
  // The page's ids first, on the alert table alone; only those 50 rows are then joined.
  const [page, total] = await Promise.all([
    base
      .select('alert.id')
      .orderBy(sortKey(sort), direction)
      .orderBy('alert.id', direction)
      .limit(limit)
      .offset(f.offset ?? 0)
      .execute(),
    base
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
  ]);
  const pageIds = page.map((r) => Number(r.id));
  const rows =
    pageIds.length === 0
      ? []
      : await store.db
          .selectFrom('alert')
          .innerJoin('subject', 'subject.id', 'alert.subject_id')
          .leftJoin('alert as previous', 'previous.id', 'alert.previous_alert_id')
          // At most one pending decision per alert: `decide` refuses a second.
          .leftJoin('decision as pending', (join) =>
            join.onRef('pending.alert_id', '=', 'alert.id').on('pending.status', '=', 'pending'),
          )
          .select([
            'alert.public_id',
            'previous.public_id as previous_public_id',
            'alert.state',
            'alert.score',
            'alert.entity_id',
            'alert.list_id',
            'alert.ref',
            'alert.caption',
            'alert.assignee',
            'alert.run_id',
            'alert.created_at',
            'alert.updated_at',
            'alert.model_version',
            'alert.cluster_id',
            'subject.external_id',
            'subject.name',
            'pending.public_id as pending_id',
            'pending.action as pending_action',
            'pending.decided_by as pending_by',
            'pending.decided_at as pending_at',
          ])
          .where('alert.id', 'in', pageIds)
          .orderBy(sortKey(sort), direction)
          .orderBy('alert.id', direction)
          .execute();
  const names = await actorNames(
    store,
    rows.flatMap((r) => (r.pending_by ? [r.pending_by] : [])),
  );
  const alerts = rows.map((r) => ({
    id: r.public_id,
    state: r.state,
    score: Number(r.score),
    entity: {
      id: r.entity_id,
      list: r.list_id,
      ref: r.ref,
      caption: r.caption,
      ...(r.cluster_id === null ? {} : { cluster: r.cluster_id }),
    },
    subject: { id: r.external_id, name: r.name },
    assignee: r.assignee,
    run: r.run_id === null ? null : runName(r.run_id),
    previousAlert: r.previous_public_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    modelVersion: r.model_version,
    pending:
      r.pending_id === null
        ? null
        : {
            decision: r.pending_id,
            action: r.pending_action!,
            decidedBy: r.pending_by!,
            decidedByName: nameOf(names, r.pending_by!).name,
            decidedAt: r.pending_at!,
            /** Whether the caller may approve it (four-eyes: not their own). */
            mine: caller !== undefined && personOf(r.pending_by!) === personOf(caller.actor),
          },
  }));
  return { alerts, total, offset: f.offset ?? 0, limit };
}

/** At most this many alert ids are listed per group (its count is always whole). */
export const GROUP_IDS = MAX_BULK;

/**
 * The filtered alerts grouped by what was listed: the cluster (one person across lists) or,
 * for an alert without one, the listed entity. Largest groups first, then highest score.
 */
export async function alertGroups(
  store: Store,
  partner: string,
  f: QueueFilter = {},
  caller?: Caller,
) {
  const mine = f.awaiting === 'me' && caller ? await ownActors(store, partner, caller) : [];
  const base = filtered(store, partner, f, caller, mine);
  const group = sql<string>`coalesce(${sql.ref('alert.cluster_id')}, ${sql.ref('alert.entity_id')})`;
  const limit = Math.min(f.limit ?? QUEUE_DEFAULTS.limit, MAX_PAGE);
  const offset = f.offset ?? 0;
  // The number of groups rides on the page (a window over the grouped rows): one pass, not two.
  const page = await base
    .select((eb) => [
      group.as('grp'),
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('alert.score').as('max_score'),
      eb.fn.max('alert.caption').as('caption'),
      eb.fn.max('alert.list_id').as('list'),
      eb.fn.max('alert.entity_id').as('entity'),
      eb.fn.max('alert.cluster_id').as('cluster'),
      sql<number | string>`count(*) over ()`.as('groups'),
    ])
    .groupBy(group)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(sql`max(${sql.ref('alert.score')})`, 'desc')
    .orderBy(group)
    .limit(limit)
    .offset(offset)
    .execute();
  const total =
    page.length > 0
      ? Number(page[0]!.groups)
      : offset === 0
        ? 0
        : await store.db
            .selectFrom(base.select(group.as('grp')).groupBy(group).as('g'))
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
            .then((r) => Number(r.n));
  const keys = page.map((g) => g.grp);
  const members =
    keys.length === 0
      ? []
      : await base
          .select([group.as('grp'), 'alert.public_id', 'alert.score'])
          .where(group, 'in', keys)
          .orderBy('alert.score', 'desc')
          .orderBy('alert.id', 'desc')
          .execute();
  const ids = new Map<string, string[]>();
  for (const m of members) {
    const list = ids.get(m.grp) ?? [];
    if (list.length < GROUP_IDS) list.push(m.public_id);
    ids.set(m.grp, list);
  }
  return {
    groups: page.map((g) => ({
      key: g.grp,
      entity: String(g.entity),
      ...(g.cluster === null ? {} : { cluster: String(g.cluster) }),
      caption: String(g.caption),
      list: String(g.list),
      count: Number(g.n),
      maxScore: Number(g.max_score),
      alerts: ids.get(g.grp) ?? [],
    })),
    total,
    offset,
    limit,
  };
}

export type BulkOutcome =
  | { alert: string; ok: true; decision: string; status: string; state: string }
  | { alert: string; ok: false; code: string; message: string };

/**
 * One decision on many alerts, each recorded on its own (its decision, its audit record, the
 * same reason), one after the other; an alert that cannot take it (already decided, a decision
 * pending, not found or another partner's) is reported and the rest go on.
 */
export async function decideMany(
  store: Store,
  partner: string,
  alerts: string[],
  action: DecisionAction,
  reason: string,
  actor: string,
): Promise<BulkOutcome[]> {
  if (alerts.length === 0 || alerts.length > MAX_BULK)
    throw new SanadError('invalid_input', `a bulk decision takes 1–${MAX_BULK} alerts`);
  if (reason.trim() === '') throw new SanadError('invalid_input', 'a decision needs a reason');
  const outcomes: BulkOutcome[] = [];
  for (const alert of alerts) {
    try {
      const done = await decide(store, partner, alert, action, reason, actor);
      outcomes.push({ alert, ok: true, ...done });
    } catch (error) {
      if (!(error instanceof SanadError)) throw error;
      outcomes.push({ alert, ok: false, code: error.code, message: error.message });
    }
  }
  return outcomes;
}
