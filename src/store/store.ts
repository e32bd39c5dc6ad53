/**
 * The list store: lists, their versions and the entities of each version. Every load is a new
 * version written in one transaction, so a failed load leaves the previous version active and
 * nothing half-written. The embedded default is a SQLite file under $SANAD_HOME.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type Selectable } from 'kysely';
import type { Entity } from '../core/entity.js';
import { SanadError } from '../core/errors.js';
import { appendAudit } from './audit.js';
import { announceChange } from './store-changes.js';
import { entityContentHash } from './entity-hash.js';
import { migrationProvider, type Dialect } from './migrations.js';
import type { Database, ListVersionTable } from './schema.js';
import { versionName } from './version-name.js';
import { ensureDirectory } from './ensure-directory.js';

export interface VersionSummary {
  id: number;
  listId: string;
  seq: number;
  label: string;
  source: string;
  sha256: string;
  entityCount: number;
  loadedAt: string;
  active: boolean;
}

export interface ListSummary {
  id: string;
  kind: string;
  active?: VersionSummary;
  versions: VersionSummary[];
}

export interface NewVersion {
  label: string;
  source: string;
  sha256: string;
  entities: Entity[];
}

export interface LoadOutcome {
  version: VersionSummary;
  /** False when the same file was already stored: that version is made active again. */
  created: boolean;
  previous?: VersionSummary;
}

export interface EntityRef {
  id: string;
  ref: string;
  caption: string;
  schema: string;
}

export interface EntityHistory {
  /** The entity as the active version has it, or as last listed. */
  entity: Entity;
  inActiveVersion: boolean;
  versions: {
    version: VersionSummary;
    change: 'added' | 'unchanged' | 'amended' | 'removed' | 'absent';
  }[];
}

export interface ListDiff {
  listId: string;
  from: VersionSummary;
  to: VersionSummary;
  added: EntityRef[];
  removed: EntityRef[];
  amended: (EntityRef & { changed: string[] })[];
  unchanged: number;
}

/** The advisory lock key of list writes on PostgreSQL (any constant shared by all processes). */
const WRITE_LOCK = 7_261_044;

export function defaultHome(): string {
  const home = process.env.SANAD_HOME;
  if (home && home.trim() !== '') return path.resolve(home);
  return path.join(process.env.HOME ?? process.cwd(), '.sanad');
}

export class Store {
  private constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    /**
     * PostgreSQL only: where the change listener opens a connection of its own, and the server
     * processes of this Store's pool, whose notifications it ignores (change-listener.ts).
     */
    readonly postgres?: { url: string; backends: ReadonlySet<number> },
  ) {}

  static async openSqlite(file: string): Promise<Store> {
    if (file !== ':memory:') ensureDirectory(path.dirname(file), 'state directory');
    const sqlite = openSqliteFile(file);
    // In WAL mode NORMAL keeps the database consistent through any crash and only a power loss
    // can undo the last commits; FULL would fsync on every commit, in the event loop.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, 'sqlite');
    return new Store(db, 'sqlite');
  }

  /** The production store. `pg` is loaded only here, so the embedded default never pays for it. */
  static async openPostgres(url: string): Promise<Store> {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // A connection the server closes (a restart, a failover, an administrator) must not crash
    // the process. The pool listens for errors on idle connections only; a checked-out one
    // that loses its server emits 'error' with no listener, which Node turns into an uncaught
    // exception. So every connection gets its own listener for its whole life: the query in
    // flight fails (the request answers 503, see http/errors.ts), and the pool drops the
    // connection when it comes back, opening another on the next query.
    const lost = (error: Error) =>
      process.emitWarning(`sanad: PostgreSQL connection lost: ${error.message}`);
    pool.on('error', () => {});
    // The server processes behind this pool's connections: their NOTIFYs are this Store's own.
    const backends = new Set<number>();
    const backend = (client: object) => (client as { processID: number }).processID;
    pool.on('connect', (client) => {
      client.on('error', lost);
      backends.add(backend(client));
    });
    pool.on('remove', (client) => backends.delete(backend(client)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await migrate(db, 'postgres');
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new Store(db, 'postgres', { url, backends });
  }

  /** The embedded default: `$SANAD_HOME/sanad.db`. */
  static async openHome(home = defaultHome()): Promise<Store> {
    return Store.openSqlite(path.join(home, 'sanad.db'));
  }

  /** PostgreSQL when `DATABASE_URL` is a postgres URL, else the SQLite file under `home`. */
  static async open(home = defaultHome(), databaseUrl = process.env.DATABASE_URL): Promise<Store> {
    if (databaseUrl && /^postgres(ql)?:/i.test(databaseUrl)) return Store.openPostgres(databaseUrl);
    if (databaseUrl && /^sqlite:/i.test(databaseUrl))
      return Store.openSqlite(databaseUrl.replace(/^sqlite:(\/\/)?/i, ''));
    if (databaseUrl)
      throw new SanadError(
        'invalid_input',
        `DATABASE_URL must start with postgres:// or sqlite:, not ${databaseUrl.split(':')[0]}:`,
      );
    return Store.openHome(home);
  }

  /**
   * A write transaction that serialises writers from its start: SQLite's BEGIN IMMEDIATE (a
   * concurrent writer waits for the busy timeout instead of failing on lock upgrade), and on
   * PostgreSQL a transaction-scoped advisory lock, so two loads never number versions alike.
   */
  async write<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') {
      return this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
        return fn(trx);
      });
    }
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async lists(): Promise<ListSummary[]> {
    const lists = await this.db.selectFrom('list').selectAll().orderBy('id').execute();
    const versions = await this.db.selectFrom('list_version').selectAll().orderBy('seq').execute();
    return lists.map((l) => {
      const vs = versions
        .filter((v) => v.list_id === l.id)
        .map((v) => toSummary(v, l.active_version));
      return { id: l.id, kind: l.kind, active: vs.find((v) => v.active), versions: vs };
    });
  }

  async saveVersion(
    listId: string,
    kind: string,
    v: NewVersion,
    actor = 'system',
  ): Promise<LoadOutcome> {
    return this.write(async (trx) => {
      const now = new Date().toISOString();
      const list = await trx
        .selectFrom('list')
        .selectAll()
        .where('id', '=', listId)
        .executeTakeFirst();
      if (list && list.kind !== kind) {
        throw new SanadError('conflict', `list "${listId}" is a ${list.kind} list, not ${kind}`);
      }
      if (!list)
        await trx
          .insertInto('list')
          .values({ id: listId, kind, created_at: now, active_version: null })
          .execute();
      const previous = list?.active_version ?? null;
      const same = await trx
        .selectFrom('list_version')
        .selectAll()
        .where('list_id', '=', listId)
        .where('sha256', '=', v.sha256)
        .orderBy('seq', 'desc')
        .executeTakeFirst();
      const prevSummary =
        previous === null ? undefined : await versionById(trx, previous, previous);
      if (same) {
        await trx
          .updateTable('list')
          .set({ active_version: same.id })
          .where('id', '=', listId)
          .execute();
        await announceChange(trx, 'lists');
        await appendAudit(trx, [
          {
            actor,
            action: 'list.activate',
            objectType: 'list',
            objectId: listId,
            data: { version: same.seq, label: same.label, sha256: same.sha256, source: v.source },
          },
        ]);
        return { version: toSummary(same, same.id), created: false, previous: prevSummary };
      }
      const last = await trx
        .selectFrom('list_version')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('list_id', '=', listId)
        .executeTakeFirst();
      const seq = Number(last?.seq ?? 0) + 1;
      const inserted = await trx
        .insertInto('list_version')
        .values({
          list_id: listId,
          seq,
          label: v.label,
          source: v.source,
          sha256: v.sha256,
          entity_count: v.entities.length,
          loaded_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertEntities(trx, inserted.id, v.entities);
      await trx
        .updateTable('list')
        .set({ active_version: inserted.id })
        .where('id', '=', listId)
        .execute();
      await announceChange(trx, 'lists');
      const version = await versionById(trx, inserted.id, inserted.id);
      await appendAudit(trx, [
        {
          actor,
          action: 'list.load',
          objectType: 'list',
          objectId: listId,
          data: {
            version: seq,
            label: v.label,
            sha256: v.sha256,
            source: v.source,
            entities: v.entities.length,
          },
        },
      ]);
      return { version: version!, created: true, previous: prevSummary };
    });
  }

  /** Entities of the active version of each list (or of the given lists). */
  async activeEntities(listIds?: readonly string[]): Promise<Entity[]> {
    let q = this.db
      .selectFrom('entity')
      .innerJoin('list', 'list.active_version', 'entity.version_id')
      .select(['entity.data']);
    if (listIds && listIds.length > 0) q = q.where('list.id', 'in', [...listIds]);
    const rows = await q.orderBy('list.id').orderBy('entity.entity_id').execute();
    return rows.map((r) => JSON.parse(r.data) as Entity);
  }

  /**
   * One entity across every version of its list, oldest first: in each version it is
   * present (with its data and content hash) or absent.
   */
  async entityHistory(entityId: string): Promise<EntityHistory | undefined> {
    const rows = await this.db
      .selectFrom('entity')
      .innerJoin('list_version', 'list_version.id', 'entity.version_id')
      .select(['entity.version_id', 'entity.data', 'entity.content_hash', 'list_version.list_id'])
      .where('entity.entity_id', '=', entityId)
      .execute();
    if (rows.length === 0) return undefined;
    const listId = rows[0]!.list_id;
    const list = (await this.lists()).find((l) => l.id === listId);
    if (!list) return undefined;
    const byVersion = new Map(rows.map((r) => [r.version_id, r]));
    let previous: string | undefined;
    const versions = list.versions.map((v) => {
      const row = byVersion.get(v.id);
      const change: EntityHistory['versions'][number]['change'] = !row
        ? previous === undefined
          ? 'absent'
          : 'removed'
        : previous === undefined || previous === 'gone'
          ? 'added'
          : previous === row.content_hash
            ? 'unchanged'
            : 'amended';
      previous = row ? row.content_hash : previous === undefined ? undefined : 'gone';
      return { version: v, change };
    });
    const current = byVersion.get(list.active?.id ?? -1) ?? rows.at(-1)!;
    return {
      entity: JSON.parse(current.data) as Entity,
      inActiveVersion: byVersion.has(list.active?.id ?? -1),
      versions,
    };
  }

  async versionEntities(versionId: number): Promise<Entity[]> {
    const rows = await this.db
      .selectFrom('entity')
      .select('data')
      .where('version_id', '=', versionId)
      .orderBy('entity_id')
      .execute();
    return rows.map((r) => JSON.parse(r.data) as Entity);
  }

  /**
   * Finds a version by its number (`2`, `v2`), by a prefix of its label (`2025-08-02`), or as
   * `active`/`previous`. A number names only a version: "2" is never read as the start of a
   * label such as 2025-08-02, or a mistyped number would silently pick another version.
   */
  async findVersion(listId: string, ref: string): Promise<VersionSummary> {
    const list = (await this.lists()).find((l) => l.id === listId);
    if (!list) throw new SanadError('not_found', `no list "${listId}"; see \`sanad lists\``);
    const r = ref.trim();
    let found: VersionSummary | undefined;
    if (r === 'active' || r === 'latest')
      found = r === 'active' ? list.active : list.versions.at(-1);
    else if (r === 'previous') found = list.versions.filter((v) => !v.active).at(-1);
    else if (/^v?\d+$/i.test(r))
      found = list.versions.find((v) => v.seq === Number(r.replace(/^v/i, '')));
    else if (r !== '') {
      const byLabel = list.versions.filter((v) => v.label.startsWith(r));
      if (byLabel.length > 1 && !byLabel.every((v) => v.sha256 === byLabel[0]!.sha256)) {
        throw new SanadError(
          'invalid_input',
          `version "${r}" of ${listId} is ambiguous: ${byLabel.map(versionName).join(', ')}`,
        );
      }
      found = byLabel.at(-1);
    }
    if (!found) {
      const known = list.versions.map(versionName).join(', ');
      throw new SanadError(
        'not_found',
        `no version "${r}" of list ${listId}; known: ${known || 'none'}`,
      );
    }
    return found;
  }

  async diff(listId: string, fromRef: string, toRef: string): Promise<ListDiff> {
    const from = await this.findVersion(listId, fromRef);
    const to = await this.findVersion(listId, toRef);
    const rows = (versionId: number) =>
      this.db.selectFrom('entity').selectAll().where('version_id', '=', versionId).execute();
    const [a, b] = await Promise.all([rows(from.id), rows(to.id)]);
    const before = new Map(a.map((r) => [r.entity_id, r]));
    const after = new Map(b.map((r) => [r.entity_id, r]));
    const ref = (r: (typeof a)[number]): EntityRef => ({
      id: r.entity_id,
      ref: r.ref,
      caption: r.caption,
      schema: r.schema,
    });
    const diff: ListDiff = { listId, from, to, added: [], removed: [], amended: [], unchanged: 0 };
    for (const [id, r] of after) {
      const old = before.get(id);
      if (!old) diff.added.push(ref(r));
      else if (old.content_hash !== r.content_hash)
        diff.amended.push({ ...ref(r), changed: changedFields(old.data, r.data) });
      else diff.unchanged++;
    }
    for (const [id, r] of before) if (!after.has(id)) diff.removed.push(ref(r));
    const byRef = (x: EntityRef, y: EntityRef) =>
      x.ref.localeCompare(y.ref, 'en', { numeric: true });
    diff.added.sort(byRef);
    diff.removed.sort(byRef);
    diff.amended.sort(byRef);
    return diff;
  }
}

/**
 * Opens the file in WAL mode, or says in words why it cannot, naming it. The file is made (or
 * kept) 0600 before SQLite opens it, whatever the umask, and SQLite gives its -wal and -shm
 * files the database file's mode: it holds the node's key, API key hashes and what was screened.
 */
function openSqliteFile(file: string): SqliteDatabase.Database {
  let sqlite: SqliteDatabase.Database | undefined;
  try {
    if (file !== ':memory:' && file !== '') privateFile(file);
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    return sqlite;
  } catch (error) {
    sqlite?.close();
    const code = (error as { code?: string }).code ?? '';
    // The codes of SQLite, and of the file system when privateFile meets the file first.
    const why = /^SQLITE_(CANTOPEN|READONLY|PERM|AUTH)|^(EACCES|EPERM|EROFS|EISDIR)$/.test(code)
      ? 'it cannot be created or written here (check the permissions of the file and its directory)'
      : code === 'SQLITE_FULL' || code === 'ENOSPC'
        ? 'no space left on the device'
        : code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
          ? 'it is not a sanad database'
          : (error as Error).message;
    throw new SanadError('unavailable', `cannot open the store ${file}: ${why}`, {
      cause: error,
    });
  }
}

const FILE_MODE = 0o600;

/** Creates the file owner-only, or narrows an existing one (with its -wal and -shm) we own. */
function privateFile(file: string): void {
  fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_RDWR, FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((fs.statSync(f).mode & 0o777) !== FILE_MODE) fs.chmodSync(f, FILE_MODE);
    } catch (error) {
      // A -wal or -shm that is not there yet; a file of another owner is left as it is.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw error;
    }
  }
}

async function migrate(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error } = await migrator.migrateToLatest();
  if (error)
    throw new SanadError('unavailable', `store migration failed: ${String(error)}`, {
      cause: error,
    });
}

const BATCH = 200;

async function insertEntities(
  trx: Kysely<Database>,
  versionId: number,
  entities: Entity[],
): Promise<void> {
  const seen = new Set<string>();
  for (const e of entities) {
    if (seen.has(e.id))
      throw new SanadError(
        'invalid_list',
        `entity id ${e.id} (ref ${e.provenance.ref}) appears twice`,
      );
    seen.add(e.id);
  }
  for (let i = 0; i < entities.length; i += BATCH) {
    const rows = entities.slice(i, i + BATCH).map((e) => ({
      version_id: versionId,
      entity_id: e.id,
      ref: e.provenance.ref,
      schema: e.schema,
      caption: e.caption,
      data: JSON.stringify(e),
      content_hash: entityContentHash(e),
    }));
    await trx.insertInto('entity').values(rows).execute();
  }
}

type VersionRow = Selectable<ListVersionTable>;

function toSummary(v: VersionRow, activeId: number | null): VersionSummary {
  return {
    id: v.id,
    listId: v.list_id,
    seq: v.seq,
    label: v.label,
    source: v.source,
    sha256: v.sha256,
    entityCount: v.entity_count,
    loadedAt: v.loaded_at,
    active: v.id === activeId,
  };
}

async function versionById(
  trx: Kysely<Database>,
  id: number,
  activeId: number,
): Promise<VersionSummary | undefined> {
  const v = await trx
    .selectFrom('list_version')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return v ? toSummary(v, activeId) : undefined;
}

/** Which properties (and provenance fields) differ between two stored entities. */
function changedFields(before: string, after: string): string[] {
  const a = JSON.parse(before) as Entity;
  const b = JSON.parse(after) as Entity;
  const out: string[] = [];
  if (a.schema !== b.schema) out.push('schema');
  if (a.caption !== b.caption) out.push('caption');
  const keys = new Set([...Object.keys(a.properties), ...Object.keys(b.properties)]);
  for (const k of [...keys].sort()) {
    const x = JSON.stringify((a.properties as Record<string, unknown>)[k] ?? []);
    const y = JSON.stringify((b.properties as Record<string, unknown>)[k] ?? []);
    if (x !== y) out.push(k);
  }
  for (const k of ['ref', 'listedOn', 'programme', 'updatedOn'] as const) {
    if (JSON.stringify(a.provenance[k]) !== JSON.stringify(b.provenance[k])) out.push(k);
  }
  if (JSON.stringify(a.identifiers ?? []) !== JSON.stringify(b.identifiers ?? []))
    out.push('identifiers');
  return out;
}
