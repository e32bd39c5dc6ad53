/** Migrations in Kysely's dialect-neutral schema builder, provided in code (no files to find). */
import type { Kysely, Migration, MigrationProvider } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect): Record<string, Migration> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    '0001_lists': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('list')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('active_version', 'integer')
          .execute();
        await db.schema
          .createTable('list_version')
          .addColumn('id', serial, (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('list_id', 'text', (c) => c.notNull().references('list.id'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('entity_count', 'integer', (c) => c.notNull())
          .addColumn('loaded_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('list_version_seq', ['list_id', 'seq'])
          .execute();
        await db.schema
          .createTable('entity')
          .addColumn('version_id', 'integer', (c) => c.notNull().references('list_version.id'))
          .addColumn('entity_id', 'text', (c) => c.notNull())
          .addColumn('ref', 'text', (c) => c.notNull())
          .addColumn('schema', 'text', (c) => c.notNull())
          .addColumn('caption', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('entity_pk', ['version_id', 'entity_id'])
          .execute();
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      return migrations(dialect);
    },
  };
}
