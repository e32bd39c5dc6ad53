/**
 * Screening runs: a batch whose rows become subjects, screened exactly once each. Rows are
 * screened in chunks; each chunk's subjects, row records, alerts, webhook messages and audit
 * records are written in one transaction. A run killed half-way is started again under the same
 * id and goes on from the rows not yet committed: no row twice, no alert twice.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { escapeControlCharacters } from '../core/control-characters.js';
import { SanadError } from '../core/errors.js';
import type { MatchResult, Query } from '../core/query.js';
import type { MatchOptions } from '../match/matcher.js';
import { appendAudit, NODE_PARTNER, type AuditEvent } from '../store/audit.js';
import type { Insertable, Kysely } from 'kysely';
import type { Database, RunRowTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { raiseAlerts, upsertSubjects } from './alerting.js';
import type { Screener } from './screener.js';
import { toMatchRecord, type MatchRecord } from '../cli/result-record.js';
import type { JobQueue } from '../jobs/queue.js';

export const RUN_CHUNK = 500;

export interface RunInputRow {
  id: string;
  idGiven?: boolean;
  name: string;
  schema?: string;
  birthDate?: string;
  nationality?: string;
}

export type RunInput =
  { line: number; row: RunInputRow } | { line: number; id?: string; error: string };

export interface RunOptions {
  runId: string;
  /** The partner running it: the run, its subjects and alerts are its own. */
  partner: string;
  monitor: boolean;
  actor: string;
  /** Without a threshold, the screener's scoring model decides what a match is. */
  match: Partial<MatchOptions>;
  webhook: boolean;
  /**
   * Each row's outcome, in input order, once its chunk is committed. A resumed run also hands
   * over the rows an earlier attempt committed (screened again, not recorded again), after the
   * first `delivered`, so that what the caller writes holds every row of the input once.
   */
  onRow?: (item: RunInput, results: MatchResult[]) => void | Promise<void>;
  /**
   * Each row's outcome as the output shows it, in input order, every row once (after the
   * first `delivered`): what a caller writes when the run may be screened by workers
   * (`queue`), whose results reach it from the database rather than from its own screener.
   */
  onRecord?: (item: RunInput, matches: MatchRecord[]) => void | Promise<void>;
  /**
   * A job queue for the run's chunks (given on PostgreSQL: pg-boss): the chunks are stored
   * and enqueued, screened by any worker on the queue (this process's own among them, if it
   * runs one), and runBatch waits for them; the screener given is then used only to record
   * the run's list versions. Without it (SQLite), this process screens the run as it reads it.
   */
  queue?: JobQueue;
  /** Rows screened so far (this attempt), as chunks complete, when workers screen the run. */
  onProgress?: (rows: number) => void;
  /** Rows, in input order, whose outcome the caller already holds from an earlier attempt. */
  delivered?: number;
  /** After the last row, before the run is marked done (the caller completes its output). */
  onFinish?: () => Promise<void>;
  /**
   * How a row is screened, when not as a name by the screener: a scan run's rows are
   * documents (cli/scan-command.ts). Such a run is screened by this process, never by workers.
   */
  screen?: (item: RunInput) => MatchResult[];
  /** The source's SHA-256 when the caller has already read the file for it. */
  sourceSha256?: string;
  /**
   * What the run records as its source when the file read is not the one to name: an upload
   * is read from a temporary path that nobody should see (`upload:<client's file name>`).
   */
  sourceName?: string;
}

export interface RunSummary {
  runId: string;
  resumed: boolean;
  /** This attempt: rows committed earlier, rows screened now, unreadable rows now, new alerts. */
  skipped: number;
  screened: number;
  failed: number;
  alerts: number;
  /** Rows committed earlier and screened again only for the caller's output (see onRow). */
  replayed: number;
  /**
   * The whole run, earlier attempts included: rows read, rows NOT screened (unreadable), and
   * rows with a match. A run with unscreened rows, or with no rows at all, is not clean.
   */
  rows: number;
  unscreened: number;
  withHits: number;
  /** The first input lines (up to 20) that were not screened. */
  unscreenedLines: number[];
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/**
 * A run's row id: its name for the node's own runs, `<partner>/<name>` for a partner's, so two
 * partners may both name a run "march" (a name never holds "/").
 */
export function runKey(partner: string, name: string): string {
  return partner === NODE_PARTNER ? name : `${partner}/${name}`;
}

/** The name of a run as its partner gave it. */
export function runName(key: string): string {
  return key.slice(key.indexOf('/') + 1);
}

export async function runBatch(
  store: Store,
  screener: Screener,
  source: string,
  rows: AsyncIterable<RunInput>,
  opts: RunOptions,
): Promise<RunSummary> {
  if (!RUN_ID.test(opts.runId))
    throw new SanadError(
      'invalid_input',
      `run name "${opts.runId}" must be 1–100 letters, digits, ".", "_", ":" or "-"`,
    );
  const sha = opts.sourceSha256 ?? (await fileSha256(source));
  const resumed = await startOrResume(store, screener, opts.sourceName ?? source, sha, opts);
  try {
    // Loaded when used: jobs/run-chunks.ts builds on this module, which then needs no import
    // of it (no cycle).
    if (opts.queue && opts.screen)
      throw new Error('runBatch: a run screened by its own function has no workers');
    if (opts.queue) {
      const { screenByWorkers } = await import('../jobs/run-chunks.js');
      return await screenByWorkers(store, opts.queue, rows, opts, resumed);
    }
    return await screenRows(store, screener, rows, opts, resumed);
  } catch (error) {
    await markFailed(store, opts, error);
    throw error;
  }
}

/**
 * A run that stops on an error says so, with the error, rather than staying `running` as if a
 * process were still at it. Best effort: when the store itself is gone this write fails too,
 * and the run is left as a killed one is, to be resumed.
 */
export async function markFailed(store: Store, opts: RunOptions, error: unknown): Promise<void> {
  const message = escapeControlCharacters(
    error instanceof Error ? error.message : String(error),
  ).slice(0, 1000);
  try {
    await store.write(async (trx) => {
      await trx
        .updateTable('run')
        .set({ status: 'failed', error: message, finished_at: new Date().toISOString() })
        .where('id', '=', runKey(opts.partner, opts.runId))
        .execute();
      await appendAudit(trx, [
        {
          actor: opts.actor,
          partner: opts.partner,
          action: 'run.fail',
          objectType: 'run',
          objectId: opts.runId,
          data: { error: message },
        },
      ]);
    });
  } catch {
    // The error that stopped the run is the one to report; this one is its echo.
  }
}

async function screenRows(
  store: Store,
  screener: Screener,
  rows: AsyncIterable<RunInput>,
  opts: RunOptions,
  resumed: boolean,
): Promise<RunSummary> {
  const key = runKey(opts.partner, opts.runId);
  const done = new Set(
    (await store.db.selectFrom('run_row').select('line').where('run_id', '=', key).execute()).map(
      (r) => Number(r.line),
    ),
  );
  const summary = emptySummary(opts.runId, resumed);
  let chunk: ChunkItem[] = [];
  let index = 0;
  for await (const item of rows) {
    index++;
    const replay = done.has(item.line);
    if (replay) {
      summary.skipped++;
      if ((!opts.onRow && !opts.onRecord) || index <= (opts.delivered ?? 0)) continue;
    }
    // Rows handed over again go in chunks of their own, so new rows commit as they always did.
    if (chunk.length > 0 && chunk[chunk.length - 1]!.replay !== replay) {
      await commitChunk(store, screener, chunk, opts, summary);
      chunk = [];
    }
    chunk.push({ item, replay });
    if (chunk.length >= RUN_CHUNK) {
      await commitChunk(store, screener, chunk, opts, summary);
      chunk = [];
    }
  }
  if (chunk.length > 0) await commitChunk(store, screener, chunk, opts, summary);
  return finishRun(store, opts, summary);
}

/** The run's totals, the caller's last word (onFinish), then the run marked done. */
export async function finishRun(
  store: Store,
  opts: RunOptions,
  summary: RunSummary,
): Promise<RunSummary> {
  const key = runKey(opts.partner, opts.runId);
  Object.assign(summary, await runTotals(store, key));
  await opts.onFinish?.();
  await store.write(async (trx) => {
    await trx
      .updateTable('run')
      .set({ status: 'done', finished_at: new Date().toISOString() })
      .where('id', '=', key)
      .execute();
    await appendAudit(trx, [
      {
        actor: opts.actor,
        partner: opts.partner,
        action: 'run.finish',
        objectType: 'run',
        objectId: opts.runId,
        data: summary,
      },
    ]);
  });
  return summary;
}

export function emptySummary(runId: string, resumed: boolean): RunSummary {
  return {
    runId,
    resumed,
    skipped: 0,
    screened: 0,
    failed: 0,
    alerts: 0,
    replayed: 0,
    rows: 0,
    unscreened: 0,
    withHits: 0,
    unscreenedLines: [],
  };
}

async function startOrResume(
  store: Store,
  screener: Screener,
  source: string,
  sha: string,
  opts: RunOptions,
): Promise<boolean> {
  const key = runKey(opts.partner, opts.runId);
  return store.write(async (trx) => {
    const run = await trx.selectFrom('run').selectAll().where('id', '=', key).executeTakeFirst();
    if (run) {
      if (run.source_sha256 !== sha)
        throw new SanadError(
          'conflict',
          `run "${opts.runId}" was started on another file; give the new file a new run name`,
        );
      if (run.status === 'done')
        throw new SanadError('conflict', `run "${opts.runId}" has finished; give a new run name`);
      if (run.status === 'failed')
        await trx
          .updateTable('run')
          .set({ status: 'running', error: null, finished_at: null })
          .where('id', '=', key)
          .execute();
      await appendAudit(trx, [
        {
          actor: opts.actor,
          partner: opts.partner,
          action: 'run.resume',
          objectType: 'run',
          objectId: opts.runId,
          data: { source },
        },
      ]);
      return true;
    }
    const versions = Object.fromEntries(screener.versions.map((v) => [v.listId, v.id]));
    const model = screener.modelVersion();
    // The run records the threshold it applies, whether the caller chose it or the model did.
    const threshold = opts.match.threshold ?? screener.matcher.model.threshold;
    await trx
      .insertInto('run')
      .values({
        id: key,
        partner_id: opts.partner,
        source,
        source_sha256: sha,
        created_at: new Date().toISOString(),
        created_by: opts.actor,
        status: 'running',
        threshold,
        monitor: opts.monitor ? 1 : 0,
        list_versions: JSON.stringify(versions),
        finished_at: null,
        model_version: model,
      })
      .execute();
    await appendAudit(trx, [
      {
        actor: opts.actor,
        partner: opts.partner,
        action: 'run.start',
        objectType: 'run',
        objectId: opts.runId,
        data: {
          source,
          sha256: sha,
          monitor: opts.monitor,
          threshold,
          listVersions: versions,
          model,
        },
      },
    ]);
    return false;
  });
}

export function queryOf(row: RunInputRow): Query {
  return {
    name: row.name,
    schema: row.schema as Query['schema'],
    birthDate: row.birthDate,
    nationality: row.nationality,
  };
}

/** The whole run's row accounting, from what is committed. */
export async function runTotals(store: Store, key: string) {
  const t = await store.db
    .selectFrom('run_row')
    .select((eb) => [
      eb.fn.countAll().as('rows'),
      eb.fn.count('error').as('unscreened'),
      eb.fn.sum(eb.case().when('hits', '>', 0).then(1).else(0).end()).as('withHits'),
    ])
    .where('run_id', '=', key)
    .executeTakeFirstOrThrow();
  const lines = await store.db
    .selectFrom('run_row')
    .select('line')
    .where('run_id', '=', key)
    .where('error', 'is not', null)
    .orderBy('line')
    .limit(20)
    .execute();
  return {
    rows: Number(t.rows),
    unscreened: Number(t.unscreened),
    withHits: Number(t.withHits ?? 0),
    unscreenedLines: lines.map((l) => Number(l.line)),
  };
}

/** A row to commit, or one committed by an earlier attempt (`replay`) to hand over again. */
interface ChunkItem {
  item: RunInput;
  replay: boolean;
}

async function commitChunk(
  store: Store,
  screener: Screener,
  chunk: ChunkItem[],
  opts: RunOptions,
  summary: RunSummary,
): Promise<void> {
  // Screening is pure and happens outside the transaction; only the writes hold the lock.
  const screened = chunk.map(({ item }) =>
    opts.screen && !('error' in item) ? opts.screen(item) : screenItem(screener, item, opts),
  );
  const fresh = chunk.flatMap(({ replay }, i) => (replay ? [] : [i]));
  const alerts = await store.write((trx) =>
    writeRows(
      trx,
      screener,
      fresh.map((i) => chunk[i]!.item),
      fresh.map((i) => screened[i]!),
      opts,
    ),
  );
  summary.alerts += alerts;
  for (let i = 0; i < chunk.length; i++) {
    const { item, replay } = chunk[i]!;
    if (replay) summary.replayed++;
    else if ('error' in item) summary.failed++;
    else summary.screened++;
    await opts.onRow?.(item, screened[i]!);
    await opts.onRecord?.(item, screened[i]!.map(toMatchRecord));
  }
}

/** One row's results: none for a row that could not be read. */
export function screenItem(
  screener: Screener,
  item: RunInput,
  opts: Pick<RunOptions, 'match' | 'partner'>,
): MatchResult[] {
  return 'error' in item
    ? []
    : screener.screen(queryOf(item.row), { ...opts.match, partner: opts.partner });
}

/**
 * Writes screened rows inside the caller's transaction: each row's record, its subject, its
 * alerts (with their webhook messages) and its audit record. The rows' records make a row
 * written twice fail on the key (run, line). Returns the number of alerts raised.
 */
export async function writeRows(
  trx: Kysely<Database>,
  screener: Screener,
  items: RunInput[],
  screened: MatchResult[][],
  opts: Pick<RunOptions, 'runId' | 'partner' | 'monitor' | 'actor' | 'match' | 'webhook'>,
): Promise<number> {
  const key = runKey(opts.partner, opts.runId);
  let alerts = 0;
  const audit: AuditEvent[] = [];
  // The rows' records go in one statement at the end: one round trip, not one a row.
  const records: Insertable<RunRowTable>[] = [];
  const externalIdOf = (row: RunInputRow, line: number) =>
    row.idGiven ? row.id : `${opts.runId}:${line}`;
  // The subjects in one lookup and one insert, before the rows are gone through in order.
  const subjects = await upsertSubjects(
    trx,
    items.flatMap((item) =>
      'error' in item
        ? []
        : [
            {
              partner: opts.partner,
              externalId: externalIdOf(item.row, item.line),
              name: item.row.name,
              schema: item.row.schema,
              birthDate: item.row.birthDate,
              nationality: item.row.nationality,
            },
          ],
    ),
    opts.monitor,
    // Only a chosen threshold stays with the subject; otherwise monitoring follows the
    // model of the day, whose threshold is calibrated to its own scores.
    opts.match.threshold ?? null,
  );
  let next = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if ('error' in item) {
      records.push({
        run_id: key,
        line: item.line,
        subject_id: null,
        error: escapeControlCharacters(item.error),
        hits: 0,
      });
      continue;
    }
    const row = item.row;
    const externalId = externalIdOf(row, item.line);
    const subject = subjects[next++]!;
    const results = screened[i]!;
    const raised = await raiseAlerts(
      trx,
      { id: subject.id, hash: subject.hash, externalId, name: row.name, partner: opts.partner },
      results,
      { runId: key, actor: opts.actor, webhook: opts.webhook },
      audit,
    );
    alerts += raised.length;
    const hits = results.filter((r) => r.match).length;
    records.push({ run_id: key, line: item.line, subject_id: subject.id, error: null, hits });
    audit.push({
      actor: opts.actor,
      partner: opts.partner,
      action: 'screening',
      objectType: 'subject',
      objectId: externalId,
      data: {
        run: opts.runId,
        line: item.line,
        hits,
        results: results.map((r) => ({ entity: r.entity.id, score: r.score, match: r.match })),
        model: screener.modelVersion(results),
      },
    });
  }
  if (records.length > 0) await trx.insertInto('run_row').values(records).execute();
  await appendAudit(trx, audit);
  return alerts;
}
