/**
 * The record of every screening: who asked, when, the query, the results and scores, and the
 * list versions and scoring model used. Records are buffered and written in batches, so a busy /match endpoint
 * does not wait for a database round trip per request; `flush` (called on shutdown) writes the
 * rest. The next issue builds the audit trail on these rows.
 */
import type { Insertable } from 'kysely';
import { appendAudit } from './audit.js';
import { isConnectionLost } from './connection-lost.js';
import { newPublicId } from './public-id.js';
import type { ScreeningTable } from './schema.js';
import type { Store } from './store.js';

export interface ScreeningRecord {
  keyId: string | null;
  /** Who screened, as the trail records it (`keyActor`: the key and its person); `system`. */
  actor: string;
  /** The partner that screened: the record is on its trail. */
  partner: string;
  endpoint: string;
  dataset: string;
  query: unknown;
  results: { entityId: string; score: number; match: boolean }[];
  listVersions: Record<string, number>;
  /** Version id of the scoring model that scored the results. */
  model: string;
}

export interface ScreeningLogOptions {
  /** Write at least this often (ms). */
  flushInterval: number;
  /** …or as soon as this many records wait. */
  batchSize: number;
  onError: (error: unknown) => void;
}

// Small, frequent batches: SQLite writes block the event loop, so a large batch would show
// up as a latency spike on the requests waiting behind it.
const DEFAULTS: ScreeningLogOptions = {
  flushInterval: 50,
  batchSize: 200,
  onError: () => undefined,
};

/** Waits before each new attempt at a batch whose connection was lost: about 8 s in all. */
const RETRY_DELAYS_MS = [100, 500, 2000, 5000];

/** A screening waiting to be written, with the actor its audit record names. */
interface Pending {
  row: Insertable<ScreeningTable>;
  actor: string;
}

export class ScreeningLog {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly opts: ScreeningLogOptions;

  constructor(
    private readonly store: Store,
    options: Partial<ScreeningLogOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...options };
  }

  record(r: ScreeningRecord): void {
    this.pending.push({
      actor: r.actor,
      row: {
        public_id: newPublicId('screening'),
        at: new Date().toISOString(),
        key_id: r.keyId,
        endpoint: r.endpoint,
        dataset: r.dataset,
        query: JSON.stringify(r.query),
        results: JSON.stringify(r.results),
        list_versions: JSON.stringify(r.listVersions),
        partner_id: r.partner,
        model_version: r.model,
      },
    });
    if (this.pending.length >= this.opts.batchSize) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.opts.flushInterval);
  }

  /** Writes everything recorded so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() => this.write(batch));
    }
    return this.writing;
  }

  /**
   * The screening rows and their audit records are written in one transaction. A batch whose
   * write lost the database connection is written again a few times (the transaction rolled
   * back): the requests were answered, so their record must not be lost to a reconnection.
   */
  private async write(batch: Pending[], attempt = 0): Promise<void> {
    try {
      await this.store.write(async (trx) => {
        for (let i = 0; i < batch.length; i += 200)
          await trx
            .insertInto('screening')
            .values(batch.slice(i, i + 200).map((p) => p.row))
            .execute();
        await appendAudit(
          trx,
          batch.map(({ row: s, actor }) => ({
            actor,
            partner: s.partner_id,
            action: 'screening',
            objectType: 'screening',
            // The public id: the row id would count every partner's screenings.
            objectId: s.public_id,
            data: {
              endpoint: s.endpoint,
              dataset: s.dataset,
              results: JSON.parse(s.results) as unknown,
              listVersions: JSON.parse(s.list_versions) as unknown,
              model: s.model_version,
            },
          })),
        );
      });
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay !== undefined && isConnectionLost(error)) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return this.write(batch, attempt + 1);
      }
      this.opts.onError(error);
    }
  }
}
