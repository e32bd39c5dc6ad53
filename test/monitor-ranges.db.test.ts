/**
 * Monitoring in ranges of subjects (screening/monitor.ts): a range delivered more than once
 * writes its alerts and its audit record once; two workers on one PostgreSQL database share a
 * pass's ranges and together alert exactly as one process does.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { openJobQueue } from '../src/jobs/open-queue.js';
import type { JobQueue } from '../src/jobs/queue.js';
import { runBatch, type RunInput } from '../src/screening/batch-run.js';
import {
  MONITOR_QUEUE,
  monitorInBackground,
  monitorRun,
  passProgress,
  screenRange,
  startMonitorPass,
  type RangeJob,
  type ScreenerSource,
} from '../src/screening/monitor.js';
import { Screener } from '../src/screening/screener.js';
import { verifyAudit } from '../src/store/audit.js';
import { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

function person(ref: string, name: string): Entity {
  return {
    id: `watch:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name] },
    provenance: { listId: 'watch', listVersion: ref, ref, listedOn: '2019-05-02' },
  };
}

const FILLER = person('W9', 'Quentin Orsolya Blumenfeld');
const ZUBAYR = person('W1', 'Zubayr Fadlallah Qutaybi');
const MARWAN = person('W2', 'Marwan Tahsin Jabburi');

const TOTAL = 230;
const RANGE = 20;

/** Every 7th subject is Zubayr, every 11th Marwan; the rest are names nobody lists. */
function subjects(): RunInput[] {
  return Array.from({ length: TOTAL }, (_, i) => ({
    line: i + 2,
    row: {
      id: `S-${i + 1}`,
      idGiven: true,
      name:
        i % 7 === 0
          ? 'Zubayr Fadlallah Qutaybi'
          : i % 11 === 0
            ? 'Marwan Tahsin Jabburi'
            : `Customer Number${i} Ordinary`,
    },
  }));
}

let labels = 0;
async function loadList(store: Store, entities: Entity[]): Promise<Screener> {
  const label = `w${++labels}`;
  await store.saveVersion(
    'watch',
    'csv',
    {
      label,
      source: `test:${label}`,
      sha256: createHash('sha256')
        .update(JSON.stringify([label, entities]))
        .digest('hex'),
      entities,
    },
    'cli:loader',
  );
  const lists = await store.lists();
  return Screener.fromEntities(
    await store.activeEntities(),
    lists.flatMap((l) => (l.active ? [l.active] : [])),
  );
}

async function* feed(rows: RunInput[]): AsyncGenerator<RunInput> {
  for (const r of rows) yield r;
}

/** TOTAL subjects under monitoring, screened against the filler list; then the real list. */
async function monitoredStore(store: Store): Promise<Screener> {
  const first = await loadList(store, [FILLER]);
  const rows = subjects();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-monitor-')), 'rows.json');
  fs.writeFileSync(file, JSON.stringify(rows));
  await runBatch(store, first, file, feed(rows), {
    runId: 'onboarding',
    partner: 'node',
    monitor: true,
    actor: 'cli:runner',
    match: {},
    webhook: false,
  });
  return loadList(store, [FILLER, ZUBAYR, MARWAN]);
}

/** Each alert as subject and entity, sorted: what two ways of monitoring must agree on. */
async function alertPairs(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('alert')
    .innerJoin('subject', 'subject.id', 'alert.subject_id')
    .select(['subject.external_id', 'alert.entity_id', 'alert.state'])
    .execute();
  return rows.map((r) => `${r.external_id}>${r.entity_id}:${r.state}`).sort();
}

async function monitorRecords(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('audit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'monitor.screening')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const expectedHits = subjects().filter(
  (r) => 'row' in r && !r.row.name.startsWith('Customer'),
).length;

let savedRange: string | undefined;
beforeAll(() => {
  savedRange = process.env.SANAD_MONITOR_RANGE;
  process.env.SANAD_MONITOR_RANGE = String(RANGE);
});
afterAll(() => {
  if (savedRange === undefined) delete process.env.SANAD_MONITOR_RANGE;
  else process.env.SANAD_MONITOR_RANGE = savedRange;
});

describe.each(DATABASES)('monitoring ranges on $name', (database) => {
  const open: Store[] = [];
  const queues: JobQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.stop();
    for (const s of open.splice(0)) await s.close();
  });

  it('writes a range delivered three times (twice at once, once after) once', async () => {
    const store = await database.open();
    open.push(store);
    const screener = await monitoredStore(store);
    const source: ScreenerSource = { screener, refresh: async () => false };
    const { passId, ranges } = await startMonitorPass(store, screener, {
      actor: 'system',
      match: {},
      webhook: false,
    });
    expect(ranges).toBe(Math.ceil(TOTAL / RANGE));
    for (let range = 0; range < ranges; range++) {
      const job: RangeJob = { passId, range };
      await Promise.all([screenRange(store, source, job), screenRange(store, source, job)]);
      await screenRange(store, source, job);
    }
    const progress = await passProgress(store, passId);
    expect(progress).toMatchObject({
      ranges,
      done: ranges,
      subjects: TOTAL,
      hits: expectedHits,
      alerts: expectedHits,
    });
    expect(await alertPairs(store)).toHaveLength(expectedHits);
    // One audit record per range, not one per delivery.
    expect(await monitorRecords(store)).toBe(ranges);
    const pass = await store.db
      .withTables<{ monitor_pass: { id: string; finished_at: string | null } }>()
      .selectFrom('monitor_pass')
      .select('finished_at')
      .where('id', '=', passId)
      .executeTakeFirstOrThrow();
    expect(pass.finished_at).not.toBeNull();
    expect((await verifyAudit(store.db)).ok).toBe(true);
  });

  // Several processes share work only through PostgreSQL (pg-boss); SQLite has one process.
  if (database.name === 'postgres')
    it('two workers share a pass and alert exactly as one process does', async () => {
      // The reference: one process, no queue.
      const alone = await database.open();
      open.push(alone);
      const aloneScreener = await monitoredStore(alone);
      const expected = await monitorRun(alone, aloneScreener, {
        actor: 'system',
        match: {},
        webhook: false,
      });
      expect(expected).toEqual({ subjects: TOTAL, hits: expectedHits, alerts: expectedHits });

      // Two workers, each with its own store and queue (as two processes), and a caller.
      const url = await database.url();
      const caller = await Store.openPostgres(url);
      open.push(caller);
      const screener = await monitoredStore(caller);
      const taken: Record<string, number[]> = { a: [], b: [] };
      // Each worker holds its first range until the other has one too: both take part.
      let release = () => {};
      const bothIn = new Promise<void>((resolve) => (release = resolve));
      for (const name of ['a', 'b'] as const) {
        const store = await Store.openPostgres(url);
        open.push(store);
        const queue = openJobQueue(store);
        queues.push(queue);
        const source: ScreenerSource = { screener, refresh: async () => false };
        await queue.work(MONITOR_QUEUE, async (data, info) => {
          const job = data as RangeJob;
          taken[name]!.push(job.range);
          if (taken.a!.length > 0 && taken.b!.length > 0) release();
          if (taken[name]!.length === 1) await bothIn;
          await screenRange(store, source, job, info);
        });
      }
      const callerQueue = openJobQueue(caller);
      queues.push(callerQueue);
      const summary = await monitorRun(caller, screener, {
        actor: 'system',
        match: {},
        webhook: false,
        queue: callerQueue,
      });
      expect(summary).toEqual(expected);
      expect(await alertPairs(caller)).toEqual(await alertPairs(alone));
      expect(taken.a!.length).toBeGreaterThan(0);
      expect(taken.b!.length).toBeGreaterThan(0);
      // Every range done once between them (a job could be delivered twice; it writes once).
      expect(new Set([...taken.a!, ...taken.b!]).size).toBe(Math.ceil(TOTAL / RANGE));
      expect(await monitorRecords(caller)).toBe(await monitorRecords(alone));
      expect((await verifyAudit(caller.db)).ok).toBe(true);
    });

  // Triggers (partner records written, feed pulls, list loads) on PostgreSQL queue passes; on
  // SQLite each is screened by the process at once, so there is nothing to coalesce.
  if (database.name === 'postgres')
    it('a trigger while a pass is planned and not started queues none; one after its start does', async () => {
      const store = await database.open();
      open.push(store);
      let screener = await monitoredStore(store);
      // No worker: the passes stay planned until a range is taken by hand.
      const queue = openJobQueue(store);
      queues.push(queue);
      const trigger = () =>
        monitorInBackground(store, screener, { actor: 'system', match: {}, webhook: false, queue });
      const passes = async () =>
        (
          await store.db
            .withTables<{ monitor_pass: { id: string } }>()
            .selectFrom('monitor_pass')
            .select('id')
            .execute()
        ).length;
      const first = await trigger();
      expect(first.ranges).toBe(Math.ceil(TOTAL / RANGE));
      // A burst of triggers while it is planned: covered by it.
      for (let i = 0; i < 3; i++) expect((await trigger()).passId).toBe(first.passId);
      expect(await passes()).toBe(1);
      expect(await queue.pending(MONITOR_QUEUE)).toBe(first.ranges);

      // A worker takes one range: the pass has started, and may have read the partner records
      // before the next change. That change's trigger plans another pass.
      const source: ScreenerSource = { screener, refresh: async () => false };
      await screenRange(store, source, { passId: first.passId, range: 0 });
      const second = await trigger();
      expect(second.passId).not.toBe(first.passId);
      expect(await trigger()).toMatchObject({ passId: second.passId, coalesced: true });
      expect(await passes()).toBe(2);

      // A list load: the planned pass has older lists than the trigger's, so a new one.
      screener = await loadList(store, [FILLER, ZUBAYR, MARWAN, person('W3', 'Idris Kamal Nuri')]);
      const third = await trigger();
      expect(third.passId).not.toBe(second.passId);
      expect(await passes()).toBe(3);

      // A subject monitored since the pass was planned is in none of its ranges: a new one.
      const row: RunInput = { line: 2, row: { id: 'S-new', idGiven: true, name: 'New Customer' } };
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-monitor-')), 'r.json');
      fs.writeFileSync(file, JSON.stringify([row]));
      await runBatch(store, screener, file, feed([row]), {
        runId: 'later',
        partner: 'node',
        monitor: true,
        actor: 'cli:runner',
        match: {},
        webhook: false,
      });
      const fourth = await trigger();
      expect(fourth.passId).not.toBe(third.passId);
      expect(await trigger()).toMatchObject({ passId: fourth.passId, coalesced: true });
      expect(await passes()).toBe(4);
    });
});
