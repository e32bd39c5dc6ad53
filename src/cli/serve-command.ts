import { Command } from 'commander';
import { buildServer } from '../http/server.js';
import { webhookFromEnv } from '../screening/webhooks.js';
import { defaultHome, Store } from '../store/store.js';
import { parseNumberOption } from './cli-options.js';

export function registerServeCommand(program: Command, version: string): void {
  program
    .command('serve')
    .description('run the HTTP API (SQLite under $SANAD_HOME, or PostgreSQL with DATABASE_URL)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port', parseNumberOption(0, 65535, true), 8000)
    .option(
      '--watch <seconds>',
      'look for list versions loaded by other processes every N seconds (0: never)',
      parseNumberOption(0, 3600),
      10,
    )
    .option(
      '--pull-interval <seconds>',
      'pull the feeds this node subscribes to every N seconds (0: only on demand)',
      parseNumberOption(0, 86_400),
      300,
    )
    .action(async (opts: { host: string; port: number; watch: number; pullInterval: number }) => {
      const home = defaultHome();
      const store = await Store.open(home);
      const { app, close } = await buildServer(store, {
        logger: true,
        home: store.dialect === 'sqlite' ? home : undefined,
        watchInterval: opts.watch * 1000,
        pullInterval: opts.pullInterval * 1000,
        webhook: webhookFromEnv(),
        version,
      });
      await app.listen({ host: opts.host, port: opts.port });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await close();
      await store.close();
    });
}
