/**
 * The scoring model's version travels with every screening, run and alert, on SQLite and
 * PostgreSQL: migration 0008 adds the column (older rows keep null), screenings store the
 * version of their results, runs the model they started with, alerts the model that scored
 * them, from runs and from monitoring alike, and their audit records name it. The model is read
 * from data/scoring-model.json, never retyped: it is being retrained, so nothing here depends on
 * a score or on the threshold's value.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { getAlert } from '../src/screening/alerts.js';
import { listAlerts } from '../src/screening/alert-queue.js';
import { runBatch, type RunInput } from '../src/screening/batch-run.js';
import { monitorRun } from '../src/screening/monitor.js';
import { loadScoringModel } from '../src/screening/resources.js';
import { runReport } from '../src/screening/run-report.js';
import { Screener } from '../src/screening/screener.js';
import { auditRecords, type AuditRecord } from '../src/store/audit.js';
import { migrationProvider } from '../src/store/migrations.js';
import type { Database } from '../src/store/schema.js';
import { ScreeningLog } from '../src/store/screening-log.js';
import { Store } from '../src/store/store.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';

const MODEL = loadScoringModel();
const LIST = 'watch';
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-model-version-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

function person(ref: string, name: string): Entity {
  return {
    id: `${LIST}:${ref}`,
    schema: 'Person',
    caption: name,
    properties: { name: [name] },
    provenance: { listId: LIST, listVersion: 'v', ref },
  };
}

const ZUBAYR = person('W1', 'Zubayr Fadlallah Qutaybi');
const MARWAN = person('W2', 'Marwan Tahsin Jabburi');

let labels = 0;

async function loadList(store: Store, entities: Entity[]): Promise<void> {
  const label = `label-${++labels}`;
  await store.saveVersion(LIST, 'csv', {
    label,
    source: `test:${label}`,
    sha256: createHash('sha256').update(label).digest('hex'),
    entities: entities.map((e) => ({ ...e, provenance: { ...e.provenance, listVersion: label } })),
  });
}

async function screenerOf(store: Store): Promise<Screener> {
  const lists = await store.lists();
  return Screener.fromEntities(
    await store.activeEntities(),
    lists.flatMap((l) => (l.active ? [l.active] : [])),
  );
}

async function* rows(names: [string, string][]): AsyncGenerator<RunInput> {
  let line = 2;
  for (const [id, name] of names) yield { line: line++, row: { id, idGiven: true, name } };
}

/** A run of `names`; its source file stands for them. */
async function run(
  store: Store,
  screener: Screener,
  runId: string,
  names: [string, string][],
  match: { threshold?: number },
  monitor = false,
) {
  const source = path.join(TMP, `${runId}-${labels}.csv`);
  fs.writeFileSync(source, JSON.stringify(names));
  return runBatch(store, screener, source, rows(names), {
    runId,
    partner: 'node',
    monitor,
    actor: 'cli:tester',
    match,
    webhook: false,
  });
}

async function trail(store: Store): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const r of auditRecords(store.db)) out.push(r);
  return out;
}

/** The tables before public ids (0010_public_ids). */
type BeforePublicIds = { [T in keyof Database]: Omit<Database[T], 'public_id'> };

/** A database migrated only up to `last`, as a node that has not been upgraded yet left it. */
async function migratedUpTo(database: TestDatabase, last: string) {
  const url = await database.url();
  const db = new Kysely<BeforePublicIds>({
    dialect:
      database.name === 'sqlite'
        ? new SqliteDialect({ database: new SqliteDatabase(url.replace(/^sqlite:/, '')) })
        : new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }),
  });
  const { error } = await new Migrator({
    db,
    provider: migrationProvider(database.name),
  }).migrateTo(last);
  if (error) throw error;
  return { db, url };
}

describe.each(DATABASES)('the scoring model version ($name)', (database) => {
  it('migration 0008_model_version adds a nullable model_version to screening, run and alert; older rows keep null', async () => {
    const { db, url } = await migratedUpTo(database, '0007_partners');
    const now = new Date().toISOString();
    await db
      .insertInto('screening')
      .values({
        at: now,
        key_id: null,
        endpoint: 'match',
        dataset: 'default',
        query: '{}',
        results: '[]',
        list_versions: '{}',
      })
      .execute();
    await db
      .insertInto('run')
      .values({
        id: 'old-run',
        source: 'old.csv',
        source_sha256: 'x',
        created_at: now,
        created_by: 'cli:tester',
        status: 'done',
        threshold: 0.5,
        monitor: 0,
        list_versions: '{}',
        finished_at: now,
      })
      .execute();
    const subject = await db
      .insertInto('subject')
      .values({
        subject_key: 'node:S-1',
        external_id: 'S-1',
        partner_id: 'node',
        name: 'Old Subject',
        schema: null,
        birth_date: null,
        nationality: null,
        data_hash: 'h',
        monitor: 0,
        threshold: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('alert')
      .values({
        subject_id: Number(subject.id),
        entity_id: ZUBAYR.id,
        list_id: LIST,
        ref: 'W1',
        caption: ZUBAYR.caption,
        score: 0.5,
        explanation: 'old',
        state: 'open',
        entity_hash: 'e',
        subject_hash: 's',
        run_id: 'old-run',
        previous_alert_id: null,
        assignee: null,
        created_at: now,
        updated_at: now,
        partner_id: 'node',
      })
      .execute();
    await db.destroy();

    const store = await Store.open(TMP, url);
    try {
      for (const table of ['screening', 'run', 'alert'] as const) {
        const found = await store.db.selectFrom(table).select('model_version').execute();
        expect(found, table).toEqual([{ model_version: null }]);
      }
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(
        store.db,
      );
      expect(applied.rows.map((m) => m.name)).toContain('0008_model_version');
      // An old alert is read as before, its model unknown.
      const [old] = await listAlerts(store, 'node');
      expect(old).toMatchObject({ id: expect.stringMatching(/^al_/), modelVersion: null });
      expect((await runReport(store, 'node', 'old-run')).run.modelVersion).toBeNull();
    } finally {
      await store.close();
      if (database.name === 'sqlite') fs.rmSync(url.replace(/^sqlite:/, ''), { force: true });
    }
  });

  describe('is written with', () => {
    let store: Store;
    beforeEach(async () => {
      store = await database.open();
      await loadList(store, [ZUBAYR, MARWAN]);
    });
    afterEach(async () => {
      await store.close();
    });

    it("each screening record: its results' model, or the screener's when nothing was found", async () => {
      const screener = await screenerOf(store);
      const found = screener.screen({ name: 'Zubayr Fadlallah Qutaybi' });
      const none = screener.screen({ name: 'Quentin Orsolya Blumenfeld' });
      expect(found.length).toBeGreaterThan(0);
      expect(none).toEqual([]);
      const log = new ScreeningLog(store);
      for (const results of [found, none]) {
        log.record({
          keyId: null,
          actor: 'system',
          partner: 'node',
          endpoint: 'match',
          dataset: 'default',
          query: {},
          results: results.map((r) => ({
            entityId: r.entity.id,
            score: r.score,
            match: r.match,
          })),
          listVersions: {},
          model: screener.modelVersion(results),
        });
      }
      await log.flush();
      const stored = await store.db.selectFrom('screening').select('model_version').execute();
      expect(stored).toEqual([{ model_version: MODEL.version }, { model_version: MODEL.version }]);
      const audited = (await trail(store)).filter((r) => r.action === 'screening');
      expect(audited.map((r) => (r.data as { model: string }).model)).toEqual([
        MODEL.version,
        MODEL.version,
      ]);
    });

    it('a run (the model it started with) and its alerts (the model that scored them), in the report and the audit trail', async () => {
      const screener = await screenerOf(store);
      // Threshold 0: every result alerts, whatever the model scores.
      await run(
        store,
        screener,
        'r1',
        [
          ['R-1', 'Zubayr Fadlallah Qutaybi'],
          ['R-2', 'Marwan Tahsin Jabburi'],
        ],
        { threshold: 0 },
      );
      const runRow = await store.db
        .selectFrom('run')
        .selectAll()
        .where('id', '=', 'r1')
        .executeTakeFirstOrThrow();
      expect(runRow.model_version).toBe(MODEL.version);
      const alerts = await store.db.selectFrom('alert').selectAll().execute();
      expect(alerts.length).toBeGreaterThanOrEqual(2);
      for (const a of alerts) expect(a.model_version).toBe(MODEL.version);

      const listed = await listAlerts(store, 'node', { run: 'r1' });
      expect(listed.map((a) => a.modelVersion)).toEqual(listed.map(() => MODEL.version));
      expect((await getAlert(store, 'node', listed[0]!.id)).modelVersion).toBe(MODEL.version);
      const report = await runReport(store, 'node', 'r1');
      expect(report.run.modelVersion).toBe(MODEL.version);
      expect(report.alerts.every((a) => a.modelVersion === MODEL.version)).toBe(true);

      const audit = await trail(store);
      const data = (action: string) =>
        audit.filter((r) => r.action === action).map((r) => r.data as { model?: string });
      expect(data('run.start')).toEqual([expect.objectContaining({ model: MODEL.version })]);
      expect(data('alert.open').every((d) => d.model === MODEL.version)).toBe(true);
      expect(data('screening').every((d) => d.model === MODEL.version)).toBe(true);
    });

    it("a run without a threshold applies the model's and records it; its subjects follow the model", async () => {
      const screener = await screenerOf(store);
      await run(store, screener, 'r2', [['D-1', 'Zubayr Fadlallah Qutaybi']], {}, true);
      const runRow = await store.db
        .selectFrom('run')
        .select(['threshold', 'model_version'])
        .where('id', '=', 'r2')
        .executeTakeFirstOrThrow();
      expect(Number(runRow.threshold)).toBe(MODEL.threshold);
      expect(runRow.model_version).toBe(MODEL.version);
      // No threshold was chosen: monitoring follows the model of the day, not a copy of today's.
      const subject = await store.db
        .selectFrom('subject')
        .select('threshold')
        .where('external_id', '=', 'D-1')
        .executeTakeFirstOrThrow();
      expect(subject.threshold).toBeNull();
      for (const a of await listAlerts(store, 'node', { run: 'r2' })) {
        expect(a.score).toBeGreaterThanOrEqual(MODEL.threshold);
        expect(a.modelVersion).toBe(MODEL.version);
      }
    });

    it('monitoring: the alerts of a re-screening name the model, and so does its audit record', async () => {
      await run(
        store,
        await screenerOf(store),
        'm1',
        [['M-1', 'Salim Nuri Haddadin']],
        { threshold: 0 },
        true,
      );
      expect(await listAlerts(store, 'node', { subject: 'M-1' })).toEqual([]);
      await loadList(store, [ZUBAYR, MARWAN, person('W3', 'Salim Nuri Haddadin')]);
      const summary = await monitorRun(store, await screenerOf(store), {
        actor: 'system',
        match: {},
        webhook: false,
      });
      expect(summary.alerts).toBeGreaterThan(0);
      const alerts = await listAlerts(store, 'node', { subject: 'M-1' });
      expect(alerts.map((a) => a.entity.id)).toContain('watch:W3');
      for (const a of alerts) expect(a.modelVersion).toBe(MODEL.version);
      const monitored = (await trail(store)).filter((r) => r.action === 'monitor.screening');
      expect(monitored.map((r) => (r.data as { model: string }).model)).toEqual([MODEL.version]);
    });
  });
});
