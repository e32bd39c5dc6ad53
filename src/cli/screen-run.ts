/**
 * `sanad screen --input FILE --run NAME [--monitor]`: a recorded, resumable screening run.
 * Its rows become subjects, its hits alerts; run it again under the same name after a crash
 * and it goes on where the last committed chunk ended.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import type { MatchOptions } from '../match/matcher.js';
import { runBatch } from '../screening/batch-run.js';
import { deliverDue, webhookFromEnv } from '../screening/webhooks.js';
import { Screener } from '../screening/screener.js';
import { defaultHome, Store } from '../store/store.js';
import { cliActor } from './actor.js';
import { EXIT_MATCH, EXIT_OK } from './cli-options.js';
import { createProgress } from './progress.js';
import { readScreeningRows } from './read-rows.js';
import { toMatchRecord, type ResultRecord } from './result-record.js';
import { createWriter, type OutputFormat } from './result-writer.js';

export interface RunCliOptions {
  run: string;
  monitor: boolean;
  format: OutputFormat;
  output?: fs.WriteStream;
  progress: boolean;
  webhook: boolean;
  partner: string;
  /** The input's text encoding (default: detected). */
  encoding?: string;
}

export async function screenRun(
  input: string,
  match: Partial<MatchOptions>,
  opts: RunCliOptions,
): Promise<number> {
  const home = defaultHome();
  const store = await Store.open(home);
  const out = opts.output ?? process.stdout;
  const writer = createWriter(opts.format, out);
  const progress = createProgress(input, opts.progress);
  let withMatches = 0;
  try {
    const screener = await Screener.open(store, store.dialect === 'sqlite' ? home : undefined);
    const rows = readScreeningRows(input, { encoding: opts.encoding });
    const summary = await runBatch(store, screener, input, rows, {
      runId: opts.run,
      partner: opts.partner,
      monitor: opts.monitor,
      actor: cliActor(),
      match,
      webhook: opts.webhook,
      onRow: async (item, results) => {
        const record: ResultRecord =
          'error' in item
            ? { id: item.id ?? null, name: null, line: item.line, error: item.error, matches: [] }
            : { id: item.row.id, name: item.row.name, matches: results.map(toMatchRecord) };
        if (results.some((r) => r.match)) withMatches++;
        if (!writer.write(record)) await once(out, 'drain');
        progress.tick();
      },
    });
    progress.stop();
    writer.end();
    const webhook = webhookFromEnv();
    if (webhook && summary.alerts > 0) {
      const d = await deliverDue(store, webhook);
      process.stderr.write(`sanad: webhook: ${d.delivered} delivered, ${d.failed} to retry\n`);
    }
    process.stderr.write(
      `sanad: run ${summary.runId}${summary.resumed ? ' (resumed)' : ''}: ${summary.screened} screened now, ${summary.skipped} already done, ${summary.failed} unreadable, ${summary.alerts} new alert(s)\n`,
    );
  } finally {
    progress.stop();
    await store.close();
  }
  return withMatches > 0 ? EXIT_MATCH : EXIT_OK;
}
