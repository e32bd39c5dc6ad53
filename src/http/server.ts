/**
 * `sanad serve`: the HTTP API. Fastify with zod schemas and an OpenAPI document; every route
 * needs an API key but those that declare otherwise (access.ts: health, metrics, the docs, the
 * web UI's files); one error handler, one error shape.
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { monitorInBackground } from '../screening/monitor.js';
import { workMonitorRanges } from '../jobs/monitor-ranges.js';
import { startRefreshSchedule } from '../screening/refresh-schedule.js';
import { pullAllFeeds, type PullReport } from '../sharing/feed-subscribe.js';
import { enqueueFeedPulls, workFeedPulls } from '../jobs/feed-pulls.js';
import { ScreeningService } from '../screening/screening-service.js';
import type { ListenerEvent } from '../store/change-listener.js';
import { openJobQueue } from '../jobs/open-queue.js';
import { workRunChunks } from '../jobs/run-chunks.js';
import { workWebhookDeliveries } from '../jobs/webhook-deliveries.js';
import { startPruning } from '../jobs/prune.js';
import { deliverDue, type WebhookConfig } from '../screening/webhooks.js';
import type { Role } from '../store/schema.js';
import { ScreeningLog } from '../store/screening-log.js';
import type { Store } from '../store/store.js';
import { type Access, queryKey, QUERY_KEY, routeAccess, routeRole } from './access.js';
import { Authenticator, requireRole } from './auth.js';
import { mergeLimits, type ServerContext, type ServerLimitOptions } from './context.js';
import { renderDocs } from './docs-page.js';
import { HttpError, toHttpError } from './errors.js';
import { redactMessage, redactUrl, serializeError } from './log-redaction.js';
import { controlCharacterProblem, jsonTooDeep, MAX_JSON_DEPTH } from './input-hygiene.js';
import { Metrics } from './metrics.js';
import { registerAudit } from './routes/audit.js';
import { registerCases } from './routes/cases.js';
import { registerClusters } from './routes/clusters.js';
import { registerEntities } from './routes/entities.js';
import { registerEvidence } from './routes/evidence.js';
import { feedChanged, registerFeeds } from './routes/feeds.js';
import { registerKeys } from './routes/keys.js';
import { registerLists } from './routes/lists.js';
import { registerMatch } from './routes/match.js';
import { OPS_ROUTES, registerOps } from './routes/ops.js';
import { registerReconcile } from './routes/reconcile.js';
import { registerScan } from './routes/scan.js';
import { registerRecords } from './routes/records.js';
import { registerTables } from './routes/tables.js';
import { registerWeb } from './routes/web.js';
import { normalisePublicUrl } from './public-url.js';
import { registerSearch } from './routes/search.js';
import { registerWorkflow } from './routes/workflow.js';

export { redactUrl } from './log-redaction.js';
export { normalisePublicUrl } from './public-url.js';

export interface ServerOptions {
  limits?: ServerLimitOptions;
  /**
   * Whether this process takes queued jobs (the chunks of runs on PostgreSQL) besides serving
   * the API; default true, so one process still does everything. False: `serve --no-worker`,
   * the API only, with `sanad worker` processes doing the work.
   */
  worker?: boolean;
  /** pino logging; off in tests. */
  logger?: boolean;
  /** Where the JSON logs go when `logger` is on (default: standard output). */
  logStream?: { write(line: string): void };
  /**
   * How often to poll for list versions loaded by other processes (ms); 0 = never. On
   * PostgreSQL the server also listens for them (LISTEN/NOTIFY) and polls only as a fallback.
   */
  watchInterval?: number;
  /** How often to pull the feeds this node subscribes to (ms); 0 = only on demand. */
  pullInterval?: number;
  /** Refresh the official lists from their URLs (`--refresh-interval`); off when absent or 0. */
  refresh?: { intervalMs: number; maxRemoved?: number };
  /** Where the index snapshot is kept (the embedded default's home). */
  home?: string;
  /** Announce new alerts here (HMAC-signed POSTs, retried from the outbox). */
  webhook?: WebhookConfig;
  version?: string;
  /**
   * The public base URL of the service (`--public-url`), for links the server hands out (the
   * reconciliation manifest). Without it, links use the address the client connected to.
   */
  publicUrl?: string;
  /**
   * The reverse proxies whose X-Forwarded-* headers are believed (`--trusted-proxy`): Fastify's
   * `trustProxy` (addresses or CIDR ranges, comma-separated; true for any). None by default.
   */
  trustProxy?: string | boolean;
}

export interface RouteSummary {
  method: string;
  url: string;
  access: Access;
  /** The least role a key needs (access.ts); undefined on public routes. */
  role: Role | undefined;
  /** The statuses whose answer the route declares (schema.response). */
  responses: string[];
}

const DELIVERY_INTERVAL_MS = 2000;

/**
 * Runs `task` now, or once more after the run in progress: a burst of calls costs at most one
 * run in progress and one after it. `idle` resolves when nothing runs.
 */
function coalesced(task: () => Promise<unknown>, onError: (e: unknown) => void) {
  let running: Promise<void> | undefined;
  let again = false;
  const start = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = task()
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          start();
        }
      });
  };
  return {
    start,
    idle: async () => {
      while (running) await running;
    },
  };
}

/** Delivers queued webhook messages in the background; one pass at a time. */
function startDeliveries(
  store: Store,
  webhook: WebhookConfig,
  onError: (e: unknown) => void,
): NodeJS.Timeout {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    deliverDue(store, webhook)
      .catch(onError)
      .finally(() => (busy = false));
  }, DELIVERY_INTERVAL_MS);
  timer.unref();
  return timer;
}

/** The change listener's connection in the log: it names no list, entity or secret. */
function logListener(app: FastifyInstance, event: ListenerEvent): void {
  if (event.kind === 'listening') app.log.info('listening for store changes (PostgreSQL LISTEN)');
  else if (event.kind === 'restored') app.log.info('store change listener reconnected');
  else if (event.kind === 'lost')
    app.log.warn({ reason: event.reason }, 'store change listener lost its connection');
  else
    app.log.warn(
      { reason: event.reason, retryInMs: event.inMs },
      'store change listener cannot connect; retrying',
    );
}

export async function buildServer(
  store: Store,
  options: ServerOptions = {},
): Promise<{
  app: FastifyInstance;
  ctx: ServerContext;
  routes: readonly RouteSummary[];
  close: () => Promise<void>;
}> {
  const limits = mergeLimits(options.limits);
  const publicUrl =
    options.publicUrl === undefined ? undefined : normalisePublicUrl(options.publicUrl);
  const app = Fastify({
    bodyLimit: limits.bodyBytes,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    logger: options.logger
      ? {
          level: process.env.LOG_LEVEL ?? 'info',
          // Never the key, never the request body, never a query value that may be a name:
          // the method, the path, the names of the query parameters, the status; of an error,
          // its type, code and message without what it quotes (log-redaction.ts).
          serializers: {
            req: (req: { method: string; url: string }) => ({
              method: req.method,
              url: redactUrl(req.url),
            }),
            err: serializeError,
          },
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
  });
  // Every route and who may call it, for the test that walks them all.
  const routes: RouteSummary[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat())
      routes.push({
        method,
        url: r.url,
        access: r.config?.access ?? 'key',
        role: r.config?.role,
        responses: Object.keys((r.schema?.response as object | undefined) ?? {}),
      });
  });
  app.decorateRequest('apiKey', null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const service = new ScreeningService(store, options.home);
  const queue = openJobQueue(store);
  const metrics = new Metrics();
  const log = new ScreeningLog(store, {
    onError: (e) => app.log.error({ err: e }, 'writing screening records failed'),
  });
  const auth = new Authenticator(store);
  const ctx: ServerContext = {
    store,
    service,
    queue,
    log,
    metrics,
    limits,
    webhook: options.webhook,
    keyOf: (req) => {
      if (!req.apiKey) throw new HttpError('unauthorized', 'an API key is required');
      return req.apiKey;
    },
    keyIfAny: (req) => req.apiKey ?? undefined,
    forgetKey: (keyId) => auth.forget(keyId),
  };

  // A partner record shared, amended or re-scoped may meet subjects already monitored. On
  // PostgreSQL the pass's ranges go to the workers; on SQLite this process screens them.
  const monitoring = coalesced(
    () =>
      monitorInBackground(store, service.screener, {
        actor: 'system',
        match: {},
        webhook: options.webhook !== undefined,
        queue,
      }),
    (e) => app.log.error({ err: e }, 'monitoring after a record change failed'),
  );
  ctx.onRecordsChanged = monitoring.start;

  // What a pull brought: refusals and errors logged; changed records synced and monitored.
  const pulled = async (reports: PullReport[]) => {
    for (const r of reports)
      if (r.refused || r.error)
        // Either may quote the remote batch (a name, a country): redacted like any message.
        app.log.warn(
          {
            feed: r.feed,
            refused: r.refused && redactMessage(r.refused),
            error: r.error && redactMessage(r.error),
          },
          'feed pull failed',
        );
    if (reports.some(feedChanged)) {
      await service.syncPartners();
      monitoring.start();
    }
  };
  // Feeds pulled on a schedule; a pass still running when the next is due is not doubled. On
  // PostgreSQL each interval's pull of a feed is one job, whichever replicas ask for it.
  const pulls = coalesced(
    async () => {
      if (queue.kind === 'pg-boss' && options.pullInterval)
        await enqueueFeedPulls(store, queue, options.pullInterval);
      else await pulled(await pullAllFeeds(store, 'system'));
    },
    (e) => app.log.error({ err: e }, 'pulling feeds failed'),
  );

  app.setErrorHandler((error, req, reply) => {
    const e = toHttpError(error);
    if (e.code === 'internal') req.log.error({ err: error }, 'internal error');
    if (e.code === 'store_unavailable') req.log.warn({ err: error }, 'database unavailable');
    if (e.retryAfter !== undefined) reply.header('retry-after', String(e.retryAfter));
    reply.code(e.status).send(e.toJSON());
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({
      code: 'not_found',
      message: `no route ${req.method} ${redactUrl(req.url).split('?')[0]}`,
    });
  });

  // JSON nested deep enough to exhaust a stack (in parsing, validating or answering) is refused
  // before it is parsed; the rest goes to Fastify's own parser, prototype poisoning refused.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const at = jsonTooDeep(body as string);
    if (at === undefined) return parseJson(req, body as string, done);
    done(
      new HttpError(
        'bad_request',
        `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels (at character ${at})`,
      ),
      undefined,
    );
  });
  // No control character reaches a route, whichever field it is in (input-hygiene.ts).
  app.addHook('preValidation', async (req) => {
    const problem =
      controlCharacterProblem(req.params, 'params') ??
      controlCharacterProblem(req.query, 'query') ??
      controlCharacterProblem(req.body, 'body');
    if (problem) throw new HttpError('bad_request', problem);
  });

  // Who may call each route is declared on the route (access.ts), and checked here alone, before
  // the body is read: the key, then the role. An unknown route answers 404.
  app.addHook('onRequest', async (req) => {
    const access = routeAccess(req);
    if (access === 'public' || req.routeOptions.url === undefined) return;
    if (!req.headers.authorization) {
      const key = queryKey(req);
      if (key) req.headers.authorization = `ApiKey ${key}`;
      else if (access === 'key-or-query-or-none') return;
    }
    req.apiKey = await auth.authenticate(req);
    requireRole(req.apiKey, routeRole(req));
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(
      req.method,
      req.routeOptions.url ?? 'unknown',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  await app.register(rateLimit, {
    // Per key, at its role's rate; a request without a key, per address.
    max: (req) => limits.perMinute[req.apiKey?.role ?? 'anonymous'],
    timeWindow: 60_000,
    allowList: (req) => OPS_ROUTES.has(req.routeOptions.url ?? ''),
    keyGenerator: (req) => (req.apiKey ? `key:${req.apiKey.id}` : `ip:${req.ip}`),
    hook: 'preHandler',
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'sanad',
        version: options.version ?? '0.0.0',
        description:
          'Screening against the UN Security Council list and partner watchlists, in Arabic script and every common Latin spelling.',
      },
      components: {
        securitySchemes: {
          ApiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'ApiKey <key> or Bearer <key>',
          },
          ApiKeyQuery: {
            type: 'apiKey',
            in: 'query',
            name: QUERY_KEY,
            description: 'the key as ?api_key=, on the reconciliation routes only (OpenRefine)',
          },
        },
      },
      security: [{ ApiKey: [] }],
    },
    // The document states what each route declares (access.ts): which take the key in the query.
    transform: (args) => {
      const out = jsonSchemaTransform(args);
      const access = args.route.config?.access;
      if (access !== 'key-or-query' && access !== 'key-or-query-or-none') return out;
      return { ...out, schema: { ...out.schema, security: [{ ApiKey: [] }, { ApiKeyQuery: [] }] } };
    },
  });

  registerOps(app, ctx);
  registerMatch(app, ctx);
  registerScan(app, ctx);
  registerSearch(app, ctx);
  registerEntities(app, ctx);
  registerClusters(app, ctx);
  registerReconcile(app, ctx, { publicUrl, trustProxy: Boolean(options.trustProxy) });
  registerWorkflow(app, ctx);
  registerEvidence(app, ctx);
  registerAudit(app, ctx);
  registerCases(app, ctx);
  await registerLists(app, ctx);
  registerRecords(app, ctx);
  registerFeeds(app, ctx);
  registerKeys(app, ctx);
  registerTables(app, ctx);
  registerWeb(app);
  // The API's documentation is public: it is generated from the route schemas alone.
  const docs = { schema: { hide: true }, config: { access: 'public' as const } };
  app.get('/openapi.json', docs, async () => app.swagger());
  app.get('/docs', docs, async (_req, reply) => {
    reply.type('text/html; charset=utf-8');
    return renderDocs(app.swagger() as Parameters<typeof renderDocs>[0]);
  });

  await app.ready();
  // Webhook deliveries: jobs on PostgreSQL (taken by the embedded worker, or by `sanad worker`
  // with --no-worker), this process's own passes over the outbox on SQLite.
  let jobDeliveries: { stop(): Promise<void> } | undefined;
  // The index loads after the server is up, so /healthz answers and /readyz says "loading".
  const loading = service
    .start()
    .then(
      async () => {
        await service.watch({
          pollMs: options.watchInterval ?? 0,
          onError: (e) => app.log.error({ err: e }, 'list refresh failed'),
          onListener: (event) => logListener(app, event),
        });
        // The embedded worker; on SQLite a run is screened by the request that uploads it.
        if (options.worker !== false && queue.kind === 'pg-boss') {
          await workRunChunks(store, queue, service);
          await workMonitorRanges(store, queue, service);
          await workFeedPulls(store, queue, (report) => pulled([report]));
          if (options.webhook)
            jobDeliveries = await workWebhookDeliveries(store, queue, options.webhook, {
              onError: (e) => app.log.error({ err: e }, 'webhook delivery failed'),
            });
        }
      },
      (e) => app.log.error({ err: e }, 'loading the lists failed'),
    )
    // The embedded worker failing to start leaves the API serving; it is logged, not thrown.
    .catch((e: unknown) => app.log.error({ err: e }, 'starting the embedded worker failed'));
  const puller = options.pullInterval ? setInterval(pulls.start, options.pullInterval) : undefined;
  puller?.unref();
  const refresher = options.refresh?.intervalMs
    ? await startRefreshSchedule(store, {
        ...options.refresh,
        webhook: options.webhook !== undefined,
        log: app.log,
        redact: redactMessage,
        changed: async () => {
          await service.refresh();
          monitoring.start();
        },
      })
    : undefined;
  const deliveries =
    options.webhook && queue.kind !== 'pg-boss'
      ? startDeliveries(store, options.webhook, (e) =>
          app.log.error({ err: e }, 'webhook delivery failed'),
        )
      : undefined;
  // Finished runs' chunks and passes' ranges are pruned where work is done (jobs/prune.ts).
  const pruning =
    options.worker !== false
      ? startPruning(store, { onError: (e) => app.log.error({ err: e }, 'pruning failed') })
      : undefined;
  return {
    app,
    ctx,
    routes,
    close: async () => {
      await loading;
      await pruning?.stop();
      if (puller) clearInterval(puller);
      await refresher?.stop();
      await pulls.idle();
      await monitoring.idle();
      if (deliveries) clearInterval(deliveries);
      await jobDeliveries?.stop();
      await service.stop();
      await app.close();
      // After the API: an upload waiting for its run's chunks has had its answer.
      await queue.stop();
      await log.flush();
    },
  };
}
