import net, { type AddressInfo } from 'node:net';
import { Command, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import { listenMetrics, METRICS_HOST, type MetricsListener } from '../http/metrics-server.js';
import type { RateLimits } from '../http/context.js';
import { buildServer, normalisePublicUrl } from '../http/server.js';
import { REFRESH_DEFAULTS } from '../screening/list-refresh.js';
import { webhookFromEnv } from '../screening/webhooks.js';
import { checkSecrets } from '../sharing/check-secrets.js';
import { defaultHome, Store } from '../store/store.js';
import { parseNumberOption } from './cli-options.js';
import { parseRateLimits, RATE_LIMIT_HELP } from './rate-limit-option.js';
import { parseRefreshInterval } from './refresh-command.js';

export function registerServeCommand(program: Command, version: string): void {
  program
    .command('serve')
    .description('run the HTTP API (SQLite under $SANAD_HOME, or PostgreSQL with DATABASE_URL)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port', parseNumberOption(0, 65535, true), 8000)
    .option(
      '--watch <seconds>',
      'poll for changes made by other processes every N seconds (0: never); on PostgreSQL they arrive at once by LISTEN/NOTIFY and the poll is a fallback',
      parseNumberOption(0, 3600),
      10,
    )
    .option(
      '--pull-interval <seconds>',
      'pull the feeds this node subscribes to every N seconds (0: only on demand)',
      parseNumberOption(0, 86_400),
      300,
    )
    .addOption(
      new Option(
        '--refresh-interval <duration>',
        'fetch the official lists from their URLs this often (30m, 6h, 1d; 0 or off: never)',
      )
        .argParser(parseRefreshInterval)
        .default(parseRefreshInterval('24h'), '24h'),
    )
    .option(
      '--refresh-max-removed <share>',
      "refuse a refreshed file that removes more than this share of the active version's entries",
      parseNumberOption(0, 1),
      REFRESH_DEFAULTS.maxRemoved,
    )
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics at /metrics on this port, apart from the API (default: not served)',
      parseNumberOption(0, 65535, true),
    )
    .option(
      '--metrics-host <host>',
      "address the metrics listen on (they count every partner's calls: keep them private)",
      METRICS_HOST,
    )
    .option(
      '--no-worker',
      'serve the API only: the chunks of runs (PostgreSQL) are left to `sanad worker` processes',
    )
    .option('--rate-limit <role=n,...>', RATE_LIMIT_HELP, parseRateLimits)
    .option(
      '--public-url <url>',
      'the URL clients reach this server at (behind a proxy, say); links the server hands out start with it',
    )
    .option(
      '--trusted-proxy <addresses>',
      'believe X-Forwarded-* headers from these proxies only (addresses or CIDR ranges, comma-separated)',
    )
    .action(async (opts: ServeOptions) => {
      // Checked before the store opens: a refused webhook or public URL stops the start (exit
      // code 2).
      const webhook = webhookFromEnv();
      const publicUrl =
        opts.publicUrl === undefined ? undefined : normalisePublicUrl(opts.publicUrl);
      const home = defaultHome();
      const store = await Store.open(home);
      // A wrong or missing secret key stops the start (exit code 2), not a feed pull later.
      await checkSecrets(store).catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
      const { app, ctx, close } = await buildServer(store, {
        logger: true,
        home: store.dialect === 'sqlite' ? home : undefined,
        watchInterval: opts.watch * 1000,
        pullInterval: opts.pullInterval * 1000,
        refresh: { intervalMs: opts.refreshInterval, maxRemoved: opts.refreshMaxRemoved },
        webhook,
        limits: { perMinute: opts.rateLimit },
        version,
        publicUrl,
        trustProxy: opts.trustedProxy,
        worker: opts.worker,
      });
      // Listened for before the server listens: a signal right after the start line still
      // closes the server cleanly.
      let stop = () => {};
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Before fastify's own "listening" log line: a person reads this one first.
      app.server.once('listening', () =>
        process.stderr.write(
          `sanad ${version} serving on ${serverUrl(opts.host, app.server.address())}; open it and sign in with a key from 'sanad keys create'\n`,
        ),
      );
      let metrics: MetricsListener | undefined;
      try {
        await app.listen({ host: opts.host, port: opts.port });
        if (opts.metricsPort !== undefined) {
          const { metricsHost: host, metricsPort: port } = opts;
          metrics = await listenMetrics(ctx.metrics, { host, port }).catch((error: unknown) => {
            throw listenError(error, host, port);
          });
          process.stderr.write(
            `metrics on ${serverUrl(host, metrics.address)}/metrics (--metrics-port)\n`,
          );
        }
      } catch (error) {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await metrics?.close();
        await close();
        await store.close();
        throw error instanceof SanadError ? error : listenError(error, opts.host, opts.port);
      }
      await stopped;
      await metrics?.close();
      await close();
      await store.close();
    });
}

interface ServeOptions {
  host: string;
  /** False with --no-worker. */
  worker: boolean;
  port: number;
  watch: number;
  pullInterval: number;
  refreshInterval: number;
  refreshMaxRemoved: number;
  metricsPort?: number;
  metricsHost: string;
  rateLimit?: Partial<RateLimits>;
  publicUrl?: string;
  trustedProxy?: string;
}

/** The address to open: the host as given when it is a name, else the address bound. */
function serverUrl(host: string, address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') return `http://${host}`;
  const { port } = address;
  if (net.isIP(host) === 0) return `http://${host}:${port}`;
  // An unspecified address listens everywhere; this machine's loopback is one of them.
  if (address.address === '0.0.0.0' || address.address === '::')
    return `http://127.0.0.1:${port} (and every other address of this machine)`;
  return address.family === 'IPv6'
    ? `http://[${address.address}]:${port}`
    : `http://${address.address}:${port}`;
}

/** A listen failure named with the host and port asked for. */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: string }).code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE')
    return new SanadError(
      'unavailable',
      `cannot listen on ${where}: the port is already in use (another sanad serve?); stop it or choose another with --port`,
      { cause: error },
    );
  if (code === 'EADDRNOTAVAIL')
    return new SanadError(
      'invalid_input',
      `cannot listen on ${where}: ${host} is not an address of this machine; try --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every network)`,
      { cause: error },
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return new SanadError(
      'invalid_input',
      `cannot listen on ${where}: unknown host "${host}"; give an address such as 127.0.0.1 or 0.0.0.0`,
      { cause: error },
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new SanadError(
      'unavailable',
      `cannot listen on ${where}: permission denied (ports below 1024 need privileges); choose another with --port`,
      { cause: error },
    );
  return error;
}
