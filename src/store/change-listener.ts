/**
 * The LISTEN side of store-changes.ts. It holds a PostgreSQL connection of its own, outside the
 * pool: a pooled connection goes back to serve queries, and its LISTEN with it. When the
 * connection drops (a restart, a failover, an administrator's pg_terminate_backend), it
 * reconnects with a growing pause, and after every connection it asks for a full resync,
 * because what was announced while it was away is lost.
 */
import type pg from 'pg';
import { CHANGE_CHANNEL, parseChange, type StoreChange } from './store-changes.js';

/** What a listener reports, for the log: reasons are error codes and server messages only. */
export type ListenerEvent =
  | { kind: 'listening' }
  | { kind: 'lost'; reason: string }
  | { kind: 'retrying'; reason: string; inMs: number }
  | { kind: 'restored' };

export interface ChangeListenerOptions {
  /**
   * Called for each change announced; `resync` after each connection, when changes may have
   * been missed, and for a notification this version does not know.
   */
  onChange: (change: StoreChange | 'resync') => void;
  /**
   * The server processes whose notifications are not reported: those of the listening
   * process's own pool, whose changes it applies where it makes them (a route refreshes after
   * its upload and reports whether the index swapped).
   */
  ignoreFrom?: ReadonlySet<number>;
  onEvent?: (event: ListenerEvent) => void;
  /** The first pause before reconnecting (ms); it doubles after each failure. */
  retryMs?: number;
  /** The longest pause between attempts (ms). */
  maxRetryMs?: number;
  /** A ping (`check`) or LISTEN unanswered this long (ms) drops the connection. */
  timeoutMs?: number;
}

export const LISTENER_DEFAULTS = Object.freeze({
  retryMs: 100,
  maxRetryMs: 10_000,
  timeoutMs: 10_000,
});

export class ChangeListener {
  private readonly options: Required<Omit<ChangeListenerOptions, 'onEvent' | 'ignoreFrom'>> &
    Pick<ChangeListenerOptions, 'onEvent' | 'ignoreFrom'>;
  private client: pg.Client | undefined;
  private attempt: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private heard = false;
  private stopped = false;

  constructor(
    private readonly url: string,
    options: ChangeListenerOptions,
  ) {
    this.options = { ...LISTENER_DEFAULTS, ...options };
  }

  /** True while a connection listens; changes made meanwhile are heard at once. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Connects; resolves after the first attempt, which on failure is retried in the background. */
  start(): Promise<void> {
    if (this.stopped) throw new Error('ChangeListener: start after stop');
    return this.connect();
  }

  /**
   * Pings the connection and drops it when the ping fails or is not answered in time, so that a
   * connection cut without a word (a half-open socket) is noticed and replaced.
   */
  async check(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.query('select 1');
    } catch (error) {
      this.drop(client, error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.attempt;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.timer = undefined;
    this.attempt = this.open().finally(() => (this.attempt = undefined));
    return this.attempt;
  }

  private async open(): Promise<void> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'sanad-listener',
      keepAlive: true,
      query_timeout: this.options.timeoutMs,
    });
    let dead: unknown;
    const died = (error: unknown) => {
      dead ??= error;
      this.drop(client, error);
    };
    client.on('error', died);
    client.on('end', () => died(new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      if (this.options.ignoreFrom?.has(message.processId)) return;
      this.options.onChange(parseChange(message.payload) ?? 'resync');
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
      // The connection may have died between LISTEN and here, unseen by drop (not current yet).
      if (dead) throw dead;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.retry(error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.options.onEvent?.({ kind: this.heard ? 'restored' : 'listening' });
    this.heard = true;
    this.options.onChange('resync');
  }

  private drop(client: pg.Client, error: unknown): void {
    if (client !== this.client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.options.onEvent?.({ kind: 'lost', reason: describe(error) });
    this.retry(error);
  }

  private retry(error: unknown): void {
    if (this.stopped || this.timer) return;
    const { retryMs, maxRetryMs } = this.options;
    const inMs = Math.min(retryMs * 2 ** this.failures, maxRetryMs);
    this.failures++;
    this.options.onEvent?.({ kind: 'retrying', reason: describe(error), inMs });
    this.timer = setTimeout(() => void this.connect(), inMs);
    // A listener alone keeps no process alive: the server or the worker around it does.
    this.timer.unref();
  }
}

/**
 * An error as the log may show it: its code and the first line of its message. The server's
 * messages and the socket's never quote the URL, its password or anything screened.
 */
function describe(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message.split('\n')[0]! : String(error);
  return typeof code === 'string' ? `${code}: ${text}` : text;
}
