import type { JobQueue } from '../jobs/queue.js';
import type { FastifyRequest } from 'fastify';
import { UPLOAD_BUDGET, type ReadBudget } from '../core/read-budget.js';
import type { ScreeningService } from '../screening/screening-service.js';
import type { WebhookConfig } from '../screening/webhooks.js';
import type { ApiKeyInfo } from '../store/api-keys.js';
import type { Role } from '../store/schema.js';
import type { ScreeningLog } from '../store/screening-log.js';
import type { Store } from '../store/store.js';
import type { Metrics } from './metrics.js';

/** What every route needs, built once by the server. */
export interface ServerContext {
  store: Store;
  service: ScreeningService;
  /** The store's job queue: pg-boss on PostgreSQL, this process on SQLite (jobs/queue.ts). */
  queue: JobQueue;
  log: ScreeningLog;
  metrics: Metrics;
  /** The authenticated key of a request (routes behind authentication only). */
  keyOf(req: FastifyRequest): ApiKeyInfo;
  /** The key of a request, or none on a route whose access allows a request without one. */
  keyIfAny(req: FastifyRequest): ApiKeyInfo | undefined;
  limits: ServerLimits;
  /** Forgets a key revoked here, so that it is refused from the next request on. */
  forgetKey(keyId: string): void;
  /** Where new alerts are announced, when configured. */
  webhook?: WebhookConfig;
  /** Partner records changed here: monitored subjects are screened again (coalesced). */
  onRecordsChanged?: () => void;
}

export interface ServerLimits {
  /** Largest JSON request body, bytes. */
  bodyBytes: number;
  /** Largest list upload, bytes. */
  uploadBytes: number;
  /** Most characters of text POST /scan scans in one request (JSON text, or an upload's). */
  scanChars: number;
  /** Requests per minute: per key, by the key's role; per address for requests without a key. */
  perMinute: RateLimits;
  /**
   * What reading one uploaded table (POST /tables, /records/upload, /lists/:id/versions) may
   * cost: expanded bytes, shared strings, columns, cells, text, rows and time. Default
   * `UPLOAD_BUDGET` (core/read-budget.ts, documented in docs/security.md).
   */
  uploadBudget: Readonly<ReadBudget>;
  /** Where uploads are written while they are read; the OS temporary folder by default. */
  uploadDir?: string;
}

export type RateLimits = Record<Role | 'anonymous', number>;

/**
 * What a system or a person plausibly needs (docs/security.md): a client key is a system
 * screening payments or a batch through /match (100/s, up to 100 queries a request); an analyst
 * is a person working alerts in the web UI, whose batch page screens 50 rows a request; an
 * admin configures. Requests without a key reach only the public routes (the UI's files, the
 * documentation) and the reconciliation view link.
 */
export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  client: 6_000,
  analyst: 600,
  admin: 300,
  anonymous: 600,
});

export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  bodyBytes: 1024 * 1024,
  uploadBytes: 100 * 1024 * 1024,
  scanChars: 5_000_000,
  perMinute: DEFAULT_RATE_LIMITS,
  uploadBudget: UPLOAD_BUDGET,
});

/** The limits a server is given: any of them, each rate limit on its own. */
export type ServerLimitOptions = Partial<Omit<ServerLimits, 'perMinute'>> & {
  perMinute?: Partial<RateLimits>;
};

export function mergeLimits(options: ServerLimitOptions = {}): ServerLimits {
  return Object.freeze({
    ...DEFAULT_LIMITS,
    ...options,
    perMinute: Object.freeze({ ...DEFAULT_RATE_LIMITS, ...options.perMinute }),
  });
}
