/**
 * `sanad worker [--concurrency N]`: takes jobs from the store's queue (PostgreSQL) until
 * SIGTERM or SIGINT: the chunks of screening runs started anywhere on the database. Any number
 * of workers on any number of machines may share one database; a chunk is written once however
 * often it is delivered (jobs/run-chunks.ts).
 */
import { Command } from 'commander';
import { SanadError } from '../core/errors.js';
import { openJobQueue } from '../jobs/open-queue.js';
import { workRunChunks } from '../jobs/run-chunks.js';
import { ScreeningService } from '../screening/screening-service.js';
import { defaultHome, Store } from '../store/store.js';
import { parseNumberOption } from './cli-options.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'screen the chunks of screening runs queued in PostgreSQL (DATABASE_URL) until stopped',
    )
    .option(
      '--concurrency <n>',
      'chunks screened at once (each takes a core while it screens)',
      parseNumberOption(1, 64, true),
      1,
    )
    .option(
      '--watch <seconds>',
      'look for list versions loaded by other processes every N seconds (0: only when a run needs them)',
      parseNumberOption(0, 3600),
      10,
    )
    .action(async (opts: { concurrency: number; watch: number }) => {
      await runWorker(opts);
    });
}

async function runWorker(opts: { concurrency: number; watch: number }): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:/i.test(url))
    throw new SanadError(
      'invalid_input',
      'sanad worker needs DATABASE_URL=postgres://…: with the embedded SQLite store, `sanad screen` and `sanad serve` do their own work',
    );
  const store = await Store.open(defaultHome(), url);
  const queue = openJobQueue(store);
  // Listened for from the start: a signal during the start still stops cleanly.
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const service = new ScreeningService(store);
  try {
    await service.start();
    // List changes arrive by LISTEN/NOTIFY; the poll is the fallback.
    await service.watch({
      pollMs: opts.watch * 1000,
      onError: (error) =>
        process.stderr.write(`sanad worker: list refresh failed: ${(error as Error).message}\n`),
    });
    await workRunChunks(store, queue, service, opts.concurrency);
    process.stderr.write(
      `sanad worker: taking run chunks (concurrency ${opts.concurrency}); stop with Ctrl-C or SIGTERM\n`,
    );
    await stopped;
    process.stderr.write('sanad worker: stopping: finishing the chunks in hand\n');
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await service.stop();
    // Chunks still running after the timeout are abandoned: their jobs are delivered again.
    await queue.stop({ timeoutMs: 60_000 });
    await store.close();
  }
}
