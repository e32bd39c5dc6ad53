/**
 * `sanad worker [--concurrency N]`: takes jobs from the store's queue (PostgreSQL) until
 * SIGTERM or SIGINT: the chunks of screening runs started anywhere on the database, the ranges of
 * monitoring passes after a list or record change, feed pulls, and webhook deliveries when
 * SANAD_WEBHOOK_URL and SANAD_WEBHOOK_SECRET are set (jobs/webhook-deliveries.ts). Any number
 * of workers on any number of machines may share one database; a chunk is written once however
 * often it is delivered (jobs/run-chunks.ts).
 */
import { Command } from 'commander';
import { SanadError } from '../core/errors.js';
import { openJobQueue } from '../jobs/open-queue.js';
import { workFeedPulls } from '../jobs/feed-pulls.js';
import { workMonitorRanges } from '../jobs/monitor-ranges.js';
import {
  listenHealth,
  workerHealth,
  type HealthListener,
  type WorkerState,
} from '../jobs/health.js';
import { startPruning } from '../jobs/prune.js';
import { RUN_QUEUE, workRunChunks } from '../jobs/run-chunks.js';
import { workWebhookDeliveries } from '../jobs/webhook-deliveries.js';
import { webhookFromEnv } from '../screening/webhooks.js';
import { feedChanged } from '../http/routes/feeds.js';
import { monitorInBackground } from '../screening/monitor.js';
import { checkSecrets } from '../sharing/check-secrets.js';
import { ScreeningService } from '../screening/screening-service.js';
import { defaultHome, Store } from '../store/store.js';
import { parseNumberOption } from './cli-options.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'take queued work from PostgreSQL (DATABASE_URL) until stopped: run chunks, monitoring ranges, feed pulls, webhook deliveries (with SANAD_WEBHOOK_URL)',
    )
    .option(
      '--concurrency <n>',
      'chunks screened at once (each takes a core while it screens)',
      parseNumberOption(1, 64, true),
      1,
    )
    .option(
      '--watch <seconds>',
      'poll for changes made by other processes every N seconds (0: never); on PostgreSQL they arrive at once by LISTEN/NOTIFY and the poll is a fallback',
      parseNumberOption(0, 3600),
      10,
    )
    .option(
      '--health-port <port>',
      'answer GET /healthz on this port: 200 while taking jobs with the database reachable, 503 otherwise (default: no listener)',
      parseNumberOption(0, 65535, true),
    )
    .option('--health-host <host>', 'address the health check listens on', '127.0.0.1')
    .action(async (opts: WorkerOptions) => {
      await runWorker(opts);
    });
}

interface WorkerOptions {
  concurrency: number;
  watch: number;
  healthPort?: number;
  healthHost: string;
}

async function runWorker(opts: WorkerOptions): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:/i.test(url))
    throw new SanadError(
      'invalid_input',
      'sanad worker needs DATABASE_URL=postgres://…: with the embedded SQLite store, `sanad screen` and `sanad serve` do their own work',
    );
  // Checked before the store opens, as for serve: a refused webhook stops the start (exit 2).
  const webhook = webhookFromEnv();
  const store = await Store.open(defaultHome(), url);
  // As for serve: a wrong or missing secret key stops the start (exit 2), not a feed pull later.
  await checkSecrets(store).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const queue = openJobQueue(store);
  // Listened for from the start: a signal during the start still stops cleanly.
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const service = new ScreeningService(store);
  let deliveries: { stop(): Promise<void> } | undefined;
  let pruning: { stop(): Promise<void> } | undefined;
  let health: HealthListener | undefined;
  const state: WorkerState = { taking: false };
  try {
    // Listening from the start: 503 until the worker takes jobs, so a probe sees it starting.
    if (opts.healthPort !== undefined) {
      health = await listenHealth(opts.healthHost, opts.healthPort, () =>
        workerHealth(store, queue, RUN_QUEUE, state),
      );
      process.stderr.write(
        `sanad worker: health check on http://${opts.healthHost}:${health.address.port}/healthz\n`,
      );
    }
    await service.start();
    // List changes arrive by LISTEN/NOTIFY; the poll is the fallback.
    await service.watch({
      pollMs: opts.watch * 1000,
      onError: (error) =>
        process.stderr.write(`sanad worker: list refresh failed: ${(error as Error).message}\n`),
    });
    await workRunChunks(store, queue, service, opts.concurrency);
    await workMonitorRanges(store, queue, service, opts.concurrency);
    // A pull that changed partner records is synced here and monitored (its ranges queued).
    await workFeedPulls(store, queue, async (report) => {
      if (!feedChanged(report)) return;
      await service.syncPartners();
      await monitorInBackground(store, service.screener, {
        actor: 'system',
        match: {},
        webhook: false,
        queue,
      });
    });
    // Webhook deliveries, when this worker has the webhook (SANAD_WEBHOOK_URL and _SECRET).
    if (webhook)
      deliveries = await workWebhookDeliveries(store, queue, webhook, {
        onError: (error) =>
          process.stderr.write(
            `sanad worker: webhook delivery failed: ${(error as Error).message}\n`,
          ),
      });
    // Finished runs' chunks and finished passes' ranges, after their retention.
    pruning = startPruning(store, {
      onError: (error) =>
        process.stderr.write(
          `sanad worker: pruning finished work failed: ${(error as Error).message}\n`,
        ),
    });
    state.taking = true;
    process.stderr.write(
      `sanad worker: taking run chunks, monitoring ranges, feed pulls${webhook ? ' and webhook deliveries' : ''} (concurrency ${opts.concurrency}); stop with Ctrl-C or SIGTERM\n`,
    );
    await stopped;
    process.stderr.write('sanad worker: stopping: finishing the chunks in hand\n');
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    state.taking = false;
    await deliveries?.stop();
    await pruning?.stop();
    await service.stop();
    // Chunks still running after the timeout are abandoned: their jobs are delivered again.
    await queue.stop({ timeoutMs: 60_000 });
    await health?.close();
    await store.close();
  }
}
