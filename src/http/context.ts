import type { FastifyRequest } from 'fastify';
import { UPLOAD_BUDGET, type ReadBudget } from '../core/read-budget.js';
import type { ScreeningService } from '../screening/screening-service.js';
import type { WebhookConfig } from '../screening/webhooks.js';
import type { ApiKeyInfo } from '../store/api-keys.js';
import type { ScreeningLog } from '../store/screening-log.js';
import type { Store } from '../store/store.js';
import type { Metrics } from './metrics.js';

/** What every route needs, built once by the server. */
export interface ServerContext {
  store: Store;
  service: ScreeningService;
  log: ScreeningLog;
  metrics: Metrics;
  /** The authenticated key of a request (routes behind authentication only). */
  keyOf(req: FastifyRequest): ApiKeyInfo;
  /** The key of a request, or none on a route whose access allows a request without one. */
  keyIfAny(req: FastifyRequest): ApiKeyInfo | undefined;
  limits: ServerLimits;
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
  /** Requests per key per minute. */
  perKeyPerMinute: number;
  /**
   * What reading one uploaded table (POST /tables, /records/upload, /lists/:id/versions) may
   * cost: expanded bytes, shared strings, columns, cells, text, rows and time. Default
   * `UPLOAD_BUDGET` (core/read-budget.ts, documented in docs/security.md).
   */
  uploadBudget: Readonly<ReadBudget>;
  /** Where uploads are written while they are read; the OS temporary folder by default. */
  uploadDir?: string;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  bodyBytes: 1024 * 1024,
  uploadBytes: 100 * 1024 * 1024,
  perKeyPerMinute: 600_000,
  uploadBudget: UPLOAD_BUDGET,
});
