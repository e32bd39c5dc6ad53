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
    '0002_keys_screenings': {
      async up(db: Kysely<unknown>) {
        await db.schema.createIndex('entity_by_id').on('entity').column('entity_id').execute();
        await db.schema
          .createTable('api_key')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
        await db.schema
          .createTable('screening')
          .addColumn('id', serial, (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text')
          .addColumn('endpoint', 'text', (c) => c.notNull())
          .addColumn('dataset', 'text', (c) => c.notNull())
          .addColumn('query', 'text', (c) => c.notNull())
          .addColumn('results', 'text', (c) => c.notNull())
          .addColumn('list_versions', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('screening_by_key')
          .on('screening')
          .columns(['key_id', 'at'])
          .execute();
      },
    },
    '0003_audit': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('audit')
          .addColumn('seq', 'integer', (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('object_type', 'text', (c) => c.notNull())
          .addColumn('object_id', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_by_time').on('audit').column('at').execute();
        // The chain's head, kept beside it, so that cutting records off the end is detected too.
        await db.schema
          .createTable('audit_head')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
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
