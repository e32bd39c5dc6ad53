/**
 * `sanad screen --input FILE --run NAME [--monitor]`: a recorded, resumable screening run.
 * Its rows become subjects, its hits alerts; run it again under the same name after a crash
 * and it goes on where the last committed chunk ended. Its output, after any number of
 * attempts, holds every input row exactly once (see run-output.ts).
 */
import { once } from 'node:events';
import type { MatchOptions } from '../match/matcher.js';
import {
  fileSha256,
  RUN_CHUNK,
  runBatch,
  runKey,
  type RunSummary,
} from '../screening/batch-run.js';
import { deliverDue, webhookFromEnv } from '../screening/webhooks.js';
import { resolveDatasets } from '../screening/collections.js';
import { ScreeningService } from '../screening/screening-service.js';
import { openJobQueue } from '../jobs/open-queue.js';
import { workRunChunks } from '../jobs/run-chunks.js';
import { defaultHome, Store } from '../store/store.js';
import { cliActor } from './actor.js';
import { EXIT_INCOMPLETE, EXIT_MATCH, EXIT_OK } from './cli-options.js';
import { createProgress } from './progress.js';
import { readScreeningRows } from '../screening/read-rows.js';
import type { ResultRecord } from './result-record.js';
import { createWriter, type OutputFormat } from './result-writer.js';
import { RunOutput } from './run-output.js';

export interface RunCliOptions {
  run: string;
  monitor: boolean;
  format: OutputFormat;
  /** The --output file; stdout without it. */
  output?: string;
  progress: boolean;
  webhook: boolean;
  partner: string;
  /** The input's text encoding (default: detected). */
  encoding?: string;
  /**
   * On PostgreSQL, whether this process screens chunks of the run itself besides waiting for
   * them (false with --no-worker: only `sanad worker` processes do). Default true.
   */
  worker?: boolean;
}

export async function screenRun(
  input: string,
  match: Partial<MatchOptions>,
  opts: RunCliOptions,
): Promise<number> {
  // The input is read once for its hash: the run's record and the output's journal share it.
  const sha = await fileSha256(input);
  const file = opts.output
    ? RunOutput.open(opts.output, runKey(opts.partner, opts.run), sha, opts.format)
    : undefined;
  // With a file, records gather here and go to it synchronously, a chunk at a time.
  let text = '';
  const sink = file
    ? {
        write: (t: string) => {
          text += t;
          return true;
        },
      }
    : process.stdout;
  let pending = 0;
  const flush = () => {
    file!.write(text, pending);
    text = '';
    pending = 0;
  };
  const writer = createWriter(opts.format, sink, { header: !file?.delivered });
  const home = defaultHome();
  const store = await Store.open(home);
  const progress = createProgress(input, opts.progress);
  let summary: RunSummary;
  let shown = 0;
  // On PostgreSQL the run's chunks are jobs for any worker on the database (this process's
  // own among them unless --no-worker); on SQLite this process screens the run as it reads it.
  const queue = store.dialect === 'postgres' ? openJobQueue(store) : undefined;
  try {
    const service = new ScreeningService(store, store.dialect === 'sqlite' ? home : undefined);
    await service.start();
    const screener = service.screener;
    if (queue && opts.worker !== false) await workRunChunks(store, queue, service);
    const rows = readScreeningRows(input, { encoding: opts.encoding });
    summary = await runBatch(store, screener, input, rows, {
      sourceSha256: sha,
      runId: opts.run,
      partner: opts.partner,
      monitor: opts.monitor,
      actor: cliActor(),
      // `--list` names list ids or collections (screening/collections.ts).
      match: { ...match, lists: resolveDatasets(match.lists, screener.listIds) },
      webhook: opts.webhook,
      delivered: file?.delivered ?? 0,
      queue,
      // With workers the bar follows the chunks as they are done, not the output written after.
      onProgress: (rows) => {
        progress.tick(rows - shown);
        shown = rows;
      },
      onRecord: async (item, matches) => {
        const record: ResultRecord =
          'error' in item
            ? { id: item.id ?? null, name: null, line: item.line, error: item.error, matches: [] }
            : { id: item.row.id, name: item.row.name, matches };
        if (file) {
          writer.write(record);
          if (++pending >= RUN_CHUNK && opts.format !== 'table') flush();
        } else if (!writer.write(record)) await once(process.stdout, 'drain');
        if (!queue) progress.tick();
      },
      onFinish: async () => {
        writer.end();
        if (!file) return;
        flush();
        file.finish();
      },
    });
    progress.stop();
    const webhook = webhookFromEnv();
    if (webhook && summary.alerts > 0) {
      const d = await deliverDue(store, webhook);
      process.stderr.write(`sanad: webhook: ${d.delivered} delivered, ${d.failed} to retry\n`);
    }
  } finally {
    file?.close();
    progress.stop();
    await queue?.stop();
    await store.close();
  }
  return report(summary);
}

/** The whole run's accounting on stderr, and the exit code it earns. */
function report(s: RunSummary): number {
  const again = s.replayed > 0 ? ` (${s.replayed} screened again for the output)` : '';
  process.stderr.write(
    `sanad: run ${s.runId}${s.resumed ? ' (resumed)' : ''}: ${s.screened} screened now, ${s.skipped} already done${again}, ${s.failed} unreadable, ${s.alerts} new alert(s)\n` +
      `sanad: run ${s.runId}: ${s.rows} rows, ${s.rows - s.unscreened} screened, ${s.unscreened} NOT screened, ${s.withHits} with a match\n`,
  );
  if (s.rows === 0) {
    process.stderr.write(`sanad: the input has no data rows: nothing was screened\n`);
    return EXIT_INCOMPLETE;
  }
  if (s.unscreened > 0) {
    process.stderr.write(
      `sanad: ${s.unscreened} row(s) not screened: see line(s) ${s.unscreenedLines.join(', ')}${s.unscreened > s.unscreenedLines.length ? ', …' : ''} (their records in the output say why)\n`,
    );
    return EXIT_INCOMPLETE;
  }
  return s.withHits > 0 ? EXIT_MATCH : EXIT_OK;
}
