/**
 * Monitoring: every monitored subject is screened again against the active lists; only new or
 * changed hits alert (an unchanged subject/entity pair already has its alert, whatever its
 * state). Run after each new list version and on demand (`sanad monitor run`).
 *
 * A pass is cut into ranges of subjects by id (`monitor_range`, migration 0020), each a job.
 * On PostgreSQL the ranges go to the job queue, so that any number of workers share a pass; on
 * SQLite (or with no queue) the process screens them itself, one after another. A range's
 * alerts and its audit record are written in the transaction that marks it done, and only where
 * it was not done: a range delivered twice (a worker killed after its commit, a slow worker
 * whose job expired) writes once.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { MatchResult } from '../core/query.js';
import type { MatchOptions } from '../match/matcher.js';
import type { JobInfo, JobQueue } from '../jobs/queue.js';
import { currentScreener, versionsOf, type ScreenerSource } from '../jobs/list-versions.js';
import { recordPieceError, waitForPieces } from '../jobs/work-progress.js';
import { appendAudit, type AuditEvent } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { raiseAlerts } from './alerting.js';
import type { Screener } from './screener.js';
import { ownedBy } from '../store/for-partner.js';

const PAGE = 1000;

/**
 * Subjects per range (a job): a few seconds of screening on one core. Smaller ranges lose to
 * the queue's pause between jobs: with two workers on 300,000 subjects, ranges of 10,000 screened
 * half as fast as ranges of 50,000 (bench:monitor-scale).
 */
export function rangeSize(): number {
  const n = Number(process.env.SANAD_MONITOR_RANGE || 50_000);
  if (!Number.isInteger(n) || n < 1)
    throw new Error('sanad: SANAD_MONITOR_RANGE must be a whole number of subjects, 1 or more');
  return n;
}

export const MONITOR_QUEUE = 'sanad-monitor-range';

export interface MonitorSummary {
  subjects: number;
  hits: number;
  alerts: number;
}

export interface MonitorOptions {
  actor: string;
  match: Partial<MatchOptions>;
  webhook: boolean;
  /** Only this partner's subjects; every partner's (each screened as itself) when absent. */
  partner?: string;
}

export type { ScreenerSource };

export interface MonitorPassTable {
  id: string;
  partner_id: string | null;
  actor: string;
  webhook: number;
  match: string;
  list_versions: string;
  ranges: number;
  created_at: string;
  /** When a worker first took one of its ranges (migration 0021); null: planned, not started. */
  started_at: string | null;
  finished_at: string | null;
}

export interface MonitorRangeTable {
  pass_id: string;
  range_no: number;
  after_id: number;
  last_id: number;
  subjects: number | null;
  hits: number | null;
  alerts: number | null;
  done_at: string | null;
  done_by: string | null;
  error: string | null;
}

type MonitorDb = Kysely<
  Database & { monitor_pass: MonitorPassTable; monitor_range: MonitorRangeTable }
>;

function monitorDb(db: Kysely<Database>): MonitorDb {
  return db.withTables<{ monitor_pass: MonitorPassTable; monitor_range: MonitorRangeTable }>();
}

/** A range's job: the pass and the range's number. */
export interface RangeJob {
  passId: string;
  range: number;
}

type SubjectRow = Awaited<ReturnType<typeof fetchPage>>[number];

function fetchPage(store: Store, after: number, last: number, partner: string | null) {
  let q = store.db
    .selectFrom('subject')
    .selectAll()
    .where('monitor', '=', 1)
    .where('id', '>', after)
    .where('id', '<=', last);
  if (partner !== null) q = q.$call(ownedBy(partner));
  return q.orderBy('id').limit(PAGE).execute();
}

/**
 * The ids that cut the monitored subjects into ranges of rangeSize(): each boundary is found
 * by an index walk of one range from the last (subject_monitored_id), so planning reads the
 * ids once and holds only the boundaries.
 */
async function rangeBounds(store: Store, partner: string | null): Promise<[number, number][]> {
  const size = rangeSize();
  const bounds: [number, number][] = [];
  const monitored = () => {
    let q = store.db.selectFrom('subject').where('monitor', '=', 1);
    if (partner !== null) q = q.$call(ownedBy(partner));
    return q;
  };
  let after = 0;
  for (;;) {
    const edge = await monitored()
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .offset(size - 1)
      .limit(1)
      .executeTakeFirst();
    if (edge) {
      bounds.push([after, Number(edge.id)]);
      after = Number(edge.id);
      continue;
    }
    const tail = await monitored()
      .select((eb) => eb.fn.max('id').as('last'))
      .where('id', '>', after)
      .executeTakeFirst();
    if (tail?.last !== null && tail?.last !== undefined) bounds.push([after, Number(tail.last)]);
    return bounds;
  }
}

/** Stores a pass and its ranges; returns the pass's id and its number of ranges. */
export async function startMonitorPass(
  store: Store,
  screener: Screener,
  opts: MonitorOptions,
): Promise<{ passId: string; ranges: number }> {
  const partner = opts.partner ?? null;
  const bounds = await rangeBounds(store, partner);
  const passId = randomUUID();
  await store.write(async (trx) => {
    const db = monitorDb(trx);
    await db
      .insertInto('monitor_pass')
      .values({
        id: passId,
        partner_id: partner,
        actor: opts.actor,
        webhook: opts.webhook ? 1 : 0,
        match: JSON.stringify(opts.match),
        list_versions: JSON.stringify(versionsOf(screener)),
        ranges: bounds.length,
        created_at: new Date().toISOString(),
        started_at: null,
        finished_at: bounds.length === 0 ? new Date().toISOString() : null,
      })
      .execute();
    for (let i = 0; i < bounds.length; i += 500)
      await db
        .insertInto('monitor_range')
        .values(
          bounds.slice(i, i + 500).map(([after, last], k) => ({
            pass_id: passId,
            range_no: i + k,
            after_id: after,
            last_id: last,
            subjects: null,
            hits: null,
            alerts: null,
            done_at: null,
            done_by: null,
            error: null,
          })),
        )
        .execute();
  });
  return { passId, ranges: bounds.length };
}

/**
 * Screens one range and writes its alerts, unless it is done already; idempotent, so a queue
 * may deliver it any number of times. The worker's screener is refreshed first when its list
 * versions are not the pass's (a worker that has not noticed the list load yet).
 */
export async function screenRange(
  store: Store,
  source: ScreenerSource,
  job: RangeJob,
  info: Pick<JobInfo, 'lastAttempt'> = { lastAttempt: false },
): Promise<void> {
  const db = monitorDb(store.db);
  try {
    // The pass is started before anything of it is read: a trigger that still finds it
    // unstarted (plannedPass) knows every range will read the subjects, lists and partner
    // records after this moment, so after whatever change the trigger is about.
    await markStarted(store, job.passId);
    const range = await db
      .selectFrom('monitor_range')
      .select(['after_id', 'last_id', 'done_at'])
      .where('pass_id', '=', job.passId)
      .where('range_no', '=', job.range)
      .executeTakeFirst();
    if (!range || range.done_at !== null) return;
    const pass = await db
      .selectFrom('monitor_pass')
      .selectAll()
      .where('id', '=', job.passId)
      .executeTakeFirstOrThrow();
    // One screener for the whole range, even if a refresh swaps it meanwhile.
    const screener = await currentScreener(source, pass.list_versions);
    const screened = await screenSubjects(store, screener, pass, range);
    await store.write(async (trx) => {
      const t = monitorDb(trx);
      const claimed = await t
        .updateTable('monitor_range')
        .set({ done_at: new Date().toISOString(), done_by: `${os.hostname()}:${process.pid}` })
        .where('pass_id', '=', job.passId)
        .where('range_no', '=', job.range)
        .where('done_at', 'is', null)
        .executeTakeFirst();
      // Done by another delivery meanwhile: this one writes nothing.
      if (Number(claimed.numUpdatedRows) === 0) return;
      const alerts = await writeRange(trx, screener, pass, screened);
      await t
        .updateTable('monitor_range')
        .set({ subjects: screened.subjects, hits: screened.hits.length, alerts, error: null })
        .where('pass_id', '=', job.passId)
        .where('range_no', '=', job.range)
        .execute();
    });
    await finishIfDone(store, job.passId);
  } catch (error) {
    // The queue gives up after this delivery: the waiting caller learns why from the range.
    if (info.lastAttempt) await recordRangeError(store, job, error);
    throw error;
  }
}

interface ScreenedRange {
  subjects: number;
  first: string;
  last: string;
  hits: { s: SubjectRow; results: MatchResult[] }[];
}

async function screenSubjects(
  store: Store,
  screener: Screener,
  pass: MonitorPassTable,
  range: { after_id: number; last_id: number },
): Promise<ScreenedRange> {
  const match = JSON.parse(pass.match) as Partial<MatchOptions>;
  const last = Number(range.last_id);
  const out: ScreenedRange = { subjects: 0, first: '', last: '', hits: [] };
  let next = fetchPage(store, Number(range.after_id), last, pass.partner_id);
  for (;;) {
    const subjects = await next;
    if (subjects.length === 0) break;
    // Fetch the next page while this one is screened.
    next = fetchPage(store, Number(subjects.at(-1)!.id), last, pass.partner_id);
    // Named by the subjects' public ids: their row ids would count other partners' subjects.
    if (out.subjects === 0) out.first = subjects[0]!.public_id;
    out.last = subjects.at(-1)!.public_id;
    out.subjects += subjects.length;
    for (const s of subjects) {
      const results = screener.screen(
        {
          name: s.name,
          schema: (s.schema ?? undefined) as never,
          birthDate: s.birth_date ?? undefined,
          nationality: s.nationality ?? undefined,
        },
        {
          ...match,
          ...(s.threshold === null ? {} : { threshold: Number(s.threshold) }),
          partner: s.partner_id,
        },
      );
      if (results.some((r) => r.match)) out.hits.push({ s, results });
    }
  }
  return out;
}

/** The range's alerts and its one audit record; returns the number of alerts opened. */
async function writeRange(
  trx: Kysely<Database>,
  screener: Screener,
  pass: MonitorPassTable,
  screened: ScreenedRange,
): Promise<number> {
  if (screened.subjects === 0) return 0;
  const audit: AuditEvent[] = [];
  let alerts = 0;
  for (const { s, results } of screened.hits) {
    const raised = await raiseAlerts(
      trx,
      {
        id: Number(s.id),
        hash: s.data_hash,
        externalId: s.external_id,
        name: s.name,
        partner: s.partner_id,
      },
      results,
      { runId: null, actor: pass.actor, webhook: pass.webhook === 1 },
      audit,
    );
    alerts += raised.length;
  }
  audit.push({
    actor: pass.actor,
    partner: pass.partner_id ?? undefined,
    action: 'monitor.screening',
    objectType: 'subjects',
    objectId: `${screened.first}-${screened.last}`,
    data: {
      subjects: screened.subjects,
      hits: screened.hits.length,
      listVersions: versionsOf(screener),
      model: screener.modelVersion(),
    },
  });
  await appendAudit(trx, audit);
  return alerts;
}

/**
 * Marks the pass finished once every range is done. Run after a range's commit, not inside
 * it: two workers finishing the last two ranges at once each see the other's commit then.
 */
async function finishIfDone(store: Store, passId: string): Promise<void> {
  const db = monitorDb(store.db);
  await db
    .updateTable('monitor_pass')
    .set({ finished_at: new Date().toISOString() })
    .where('id', '=', passId)
    .where('finished_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('monitor_range')
            .select('range_no')
            .where('pass_id', '=', passId)
            .where('done_at', 'is', null),
        ),
      ),
    )
    .execute();
}

function recordRangeError(store: Store, job: RangeJob, error: unknown): Promise<void> {
  return recordPieceError(error, (message) =>
    monitorDb(store.db)
      .updateTable('monitor_range')
      .set({ error: message })
      .where('pass_id', '=', job.passId)
      .where('range_no', '=', job.range)
      .where('done_at', 'is', null)
      .execute(),
  );
}

/** What a pass has done so far: its ranges done, and the sums of their subjects and alerts. */
export async function passProgress(
  store: Store,
  passId: string,
): Promise<MonitorSummary & { ranges: number; done: number; failed?: string }> {
  const db = monitorDb(store.db);
  const pass = await db
    .selectFrom('monitor_pass')
    .select('ranges')
    .where('id', '=', passId)
    .executeTakeFirstOrThrow();
  const sums = await db
    .selectFrom('monitor_range')
    .select((eb) => [
      eb.fn.countAll<number>().as('done'),
      eb.fn.sum<number>('subjects').as('subjects'),
      eb.fn.sum<number>('hits').as('hits'),
      eb.fn.sum<number>('alerts').as('alerts'),
    ])
    .where('pass_id', '=', passId)
    .where('done_at', 'is not', null)
    .executeTakeFirstOrThrow();
  const failed = await db
    .selectFrom('monitor_range')
    .select(['range_no', 'error'])
    .where('pass_id', '=', passId)
    .where('done_at', 'is', null)
    .where('error', 'is not', null)
    .orderBy('range_no')
    .executeTakeFirst();
  return {
    ranges: Number(pass.ranges),
    done: Number(sums.done),
    subjects: Number(sums.subjects ?? 0),
    hits: Number(sums.hits ?? 0),
    alerts: Number(sums.alerts ?? 0),
    ...(failed ? { failed: `range ${failed.range_no}: ${failed.error}` } : {}),
  };
}

/** Declares the monitoring queue: a range not done in `expireSeconds` goes to another worker. */
export function defineMonitorQueue(queue: JobQueue): Promise<void> {
  const expire = Number(process.env.SANAD_MONITOR_RANGE_EXPIRE_SECONDS || 600);
  return queue.define(MONITOR_QUEUE, {
    expireSeconds: expire,
    retryLimit: 5,
    retryDelaySeconds: 2,
  });
}

/** Enqueues a pass's ranges, one job each, keyed by pass and range. */
export async function enqueuePass(queue: JobQueue, passId: string, ranges: number) {
  await defineMonitorQueue(queue);
  const jobs = Array.from({ length: ranges }, (_, range) => ({
    key: `monitor:${passId}#${range}`,
    data: { passId, range } satisfies RangeJob,
  }));
  await queue.enqueue(MONITOR_QUEUE, jobs);
}

async function markStarted(store: Store, passId: string): Promise<void> {
  await monitorDb(store.db)
    .updateTable('monitor_pass')
    .set({ started_at: new Date().toISOString() })
    .where('id', '=', passId)
    .where('started_at', 'is', null)
    .execute();
}

/**
 * How long a planned pass takes further triggers (SANAD_MONITOR_COALESCE_SECONDS, default 300;
 * 0: never). A pass older than this that no worker has started yet is left alone, and a
 * trigger plans its own: should the older one's jobs have been lost, its triggers are still
 * monitored.
 */
function coalesceMs(): number {
  const n = Number(process.env.SANAD_MONITOR_COALESCE_SECONDS ?? 300);
  if (!Number.isFinite(n) || n < 0)
    throw new Error('sanad: SANAD_MONITOR_COALESCE_SECONDS must be a number of seconds, 0 or more');
  return n * 1000;
}

/**
 * A pass planned with the same options that no worker has started, which therefore covers a
 * change committed before now: every one of its ranges will read the subjects, the partner
 * records and (refreshing up to them) the lists after this moment. It must also have been
 * planned with lists no older than `screener`'s, and its ranges must reach the last monitored
 * subject (one added since it was planned is in none of them).
 */
async function plannedPass(
  store: Store,
  screener: Screener,
  opts: MonitorOptions,
): Promise<{ passId: string; ranges: number } | undefined> {
  const window = coalesceMs();
  if (window === 0) return undefined;
  const partner = opts.partner ?? null;
  const db = monitorDb(store.db);
  let q = db
    .selectFrom('monitor_pass')
    .select(['id', 'ranges', 'list_versions'])
    .where('finished_at', 'is', null)
    .where('started_at', 'is', null)
    .where('created_at', '>=', new Date(Date.now() - window).toISOString())
    .where('actor', '=', opts.actor)
    .where('webhook', '=', opts.webhook ? 1 : 0)
    .where('match', '=', JSON.stringify(opts.match));
  q = partner === null ? q.where('partner_id', 'is', null) : q.$call(ownedBy(partner));
  const pass = await q.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (!pass) return undefined;
  // Planned with lists at least as new as this process holds (a list load is a trigger too).
  const planned = JSON.parse(pass.list_versions) as Record<string, number>;
  const mine = versionsOf(screener);
  if (Object.keys(mine).some((list) => (planned[list] ?? -1) < mine[list]!)) return undefined;
  const reach = await db
    .selectFrom('monitor_range')
    .select((eb) => eb.fn.max('last_id').as('last'))
    .where('pass_id', '=', pass.id)
    .executeTakeFirst();
  let monitored = store.db.selectFrom('subject').where('monitor', '=', 1);
  if (partner !== null) monitored = monitored.$call(ownedBy(partner));
  const last = await monitored.select((eb) => eb.fn.max('id').as('last')).executeTakeFirst();
  if (Number(last?.last ?? 0) > Number(reach?.last ?? 0)) return undefined;
  return { passId: pass.id, ranges: Number(pass.ranges) };
}

/**
 * Starts a pass and hands its ranges to the workers (PostgreSQL), without waiting: for a list
 * load, a partner record written or a feed pull, whose caller does not wait for monitoring.
 * While a pass planned with the same options has not been started by any worker, it covers
 * this trigger too, and no other is planned (plannedPass); its ranges are enqueued again, which
 * adds nothing unless the enqueue after its planning failed. With no shared queue the process
 * screens the pass itself, in the background of the returned promise.
 */
export async function monitorInBackground(
  store: Store,
  screener: Screener,
  opts: MonitorOptions & { queue?: JobQueue },
): Promise<{ passId: string; ranges: number; summary?: MonitorSummary; coalesced?: boolean }> {
  if (opts.queue?.kind !== 'pg-boss') {
    const summary = await monitorRun(store, screener, opts);
    return { passId: '', ranges: 0, summary };
  }
  const planned = await plannedPass(store, screener, opts);
  if (planned) {
    await enqueuePass(opts.queue, planned.passId, planned.ranges);
    return { ...planned, coalesced: true };
  }
  const pass = await startMonitorPass(store, screener, opts);
  await enqueuePass(opts.queue, pass.passId, pass.ranges);
  return pass;
}

/**
 * One pass over the monitored subjects, waited for. With a pg-boss queue its ranges are jobs
 * that every worker on the database shares (this process works on them too only if it runs a
 * worker); otherwise this process screens each range itself.
 */
export async function monitorRun(
  store: Store,
  screener: Screener,
  opts: MonitorOptions & { queue?: JobQueue },
): Promise<MonitorSummary> {
  const { passId, ranges } = await startMonitorPass(store, screener, opts);
  if (opts.queue?.kind === 'pg-boss') {
    await enqueuePass(opts.queue, passId, ranges);
    await waitForPass(store, opts.queue, passId);
  } else {
    const source = { screener, refresh: async () => false };
    for (let range = 0; range < ranges; range++)
      await screenRange(store, source, { passId, range });
  }
  const { subjects, hits, alerts } = await passProgress(store, passId);
  return { subjects, hits, alerts };
}

/** Waits for every range of the pass (work-progress.ts); a range given up on fails it. */
export function waitForPass(store: Store, queue: JobQueue, passId: string): Promise<void> {
  return waitForPieces({
    queue,
    queueName: MONITOR_QUEUE,
    progress: async () => {
      const p = await passProgress(store, passId);
      return {
        done: p.done,
        total: p.ranges,
        failed:
          p.failed && `monitoring pass ${passId}: ${p.failed}; run monitoring again to retry it`,
      };
    },
    stalled: (seconds) =>
      `monitoring pass ${passId}: no range was screened for ${seconds} s; is a worker running (sanad worker, or sanad serve without --no-worker)? Run monitoring again`,
    leftOver: (left) =>
      `monitoring pass ${passId}: ${left} range(s) were left unscreened (is a sanad worker running?); run monitoring again`,
  });
}
