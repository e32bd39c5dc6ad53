/** Migrations in Kysely's dialect-neutral schema builder, provided in code (no files to find). */
import {
  sql,
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import { newPublicId, type PublicIdKind } from './public-id.js';

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
    '0004_workflow': {
      async up(db: Kysely<unknown>) {
        const float = dialect === 'postgres' ? 'double precision' : 'real';
        const id = (c: ColumnDefinitionBuilder) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement();
        await db.schema
          .createTable('run')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('source_sha256', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('threshold', float, (c) => c.notNull())
          .addColumn('monitor', 'integer', (c) => c.notNull())
          .addColumn('list_versions', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .execute();
        await db.schema
          .createTable('subject')
          .addColumn('id', serial, id)
          .addColumn('external_id', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('schema', 'text')
          .addColumn('birth_date', 'text')
          .addColumn('nationality', 'text')
          .addColumn('data_hash', 'text', (c) => c.notNull())
          .addColumn('monitor', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('subject_monitored').on('subject').column('monitor').execute();
        await db.schema
          .createTable('run_row')
          .addColumn('run_id', 'text', (c) => c.notNull().references('run.id'))
          .addColumn('line', 'integer', (c) => c.notNull())
          .addColumn('subject_id', 'integer')
          .addColumn('error', 'text')
          .addColumn('hits', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('run_row_pk', ['run_id', 'line'])
          .execute();
        await db.schema
          .createTable('alert')
          .addColumn('id', serial, id)
          .addColumn('subject_id', 'integer', (c) => c.notNull().references('subject.id'))
          .addColumn('entity_id', 'text', (c) => c.notNull())
          .addColumn('list_id', 'text', (c) => c.notNull())
          .addColumn('ref', 'text', (c) => c.notNull())
          .addColumn('caption', 'text', (c) => c.notNull())
          .addColumn('score', float, (c) => c.notNull())
          .addColumn('explanation', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('entity_hash', 'text', (c) => c.notNull())
          .addColumn('subject_hash', 'text', (c) => c.notNull())
          .addColumn('run_id', 'text')
          .addColumn('previous_alert_id', 'integer')
          .addColumn('assignee', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('alert_once', [
            'subject_id',
            'entity_id',
            'entity_hash',
            'subject_hash',
          ])
          .execute();
        await db.schema
          .createIndex('alert_by_state')
          .on('alert')
          .columns(['state', 'score'])
          .execute();
        await db.schema
          .createIndex('alert_by_pair')
          .on('alert')
          .columns(['subject_id', 'entity_id'])
          .execute();
        await db.schema.createIndex('alert_by_run').on('alert').column('run_id').execute();
        await db.schema
          .createTable('decision')
          .addColumn('id', serial, id)
          .addColumn('alert_id', 'integer', (c) => c.notNull().references('alert.id'))
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text', (c) => c.notNull())
          .addColumn('decided_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('approved_by', 'text')
          .addColumn('approved_at', 'text')
          .execute();
        await db.schema
          .createIndex('decision_by_alert')
          .on('decision')
          .column('alert_id')
          .execute();
        await db.schema
          .createTable('comment')
          .addColumn('id', serial, id)
          .addColumn('alert_id', 'integer', (c) => c.notNull().references('alert.id'))
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('webhook_outbox')
          .addColumn('id', serial, id)
          .addColumn('alert_id', 'integer', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('delivered_at', 'text')
          .addColumn('last_error', 'text')
          .execute();
        await db.schema
          .createIndex('outbox_due')
          .on('webhook_outbox')
          .columns(['delivered_at', 'next_attempt_at'])
          .execute();
        await db.schema
          .createTable('setting')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0005_subject_threshold': {
      async up(db: Kysely<unknown>) {
        const float = dialect === 'postgres' ? 'double precision' : 'real';
        // The threshold of the run that put the subject under monitoring, kept for monitoring.
        await db.schema.alterTable('subject').addColumn('threshold', float).execute();
      },
    },
    '0006_queue_indexes': {
      async up(db: Kysely<unknown>) {
        // The queue is read newest first within a state; monitoring pages through subjects by
        // id: both want the id inside the index, not a sort of everything the filter finds.
        await db.schema.dropIndex('alert_by_state').execute();
        await db.schema
          .createIndex('alert_by_state_id')
          .on('alert')
          .columns(['state', 'id'])
          .execute();
        await db.schema.dropIndex('subject_monitored').execute();
        await db.schema
          .createIndex('subject_monitored_id')
          .on('subject')
          .columns(['monitor', 'id'])
          .execute();
      },
    },
    '0007_partners': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('partner')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        // Everything made before partners existed belongs to the node's own organisation.
        await sql`insert into partner (id, name, kind, created_at) values ('node', 'This node', 'organisation', ${new Date().toISOString()})`.execute(
          db,
        );
        for (const table of ['api_key', 'run', 'alert', 'screening', 'audit', 'subject']) {
          await db.schema
            .alterTable(table)
            .addColumn('partner_id', 'text', (c) => c.notNull().defaultTo('node'))
            .execute();
        }
        // Subject ids are the partner's own (two banks both have a customer "1"). The unique
        // column becomes an internal key, partner and id together; external_id is plain.
        await db.schema.alterTable('subject').renameColumn('external_id', 'subject_key').execute();
        await db.schema.alterTable('subject').addColumn('external_id', 'text').execute();
        await sql`update subject set external_id = subject_key, subject_key = 'node:' || subject_key`.execute(
          db,
        );
        await db.schema
          .createIndex('alert_by_partner_state_id')
          .on('alert')
          .columns(['partner_id', 'state', 'id'])
          .execute();
        await db.schema
          .createIndex('subject_by_partner_external')
          .on('subject')
          .columns(['partner_id', 'external_id'])
          .execute();
        await db.schema
          .createIndex('audit_by_partner')
          .on('audit')
          .columns(['partner_id', 'at'])
          .execute();
        await db.schema
          .createIndex('run_by_partner')
          .on('run')
          .columns(['partner_id', 'created_at'])
          .execute();
        await db.schema
          .createTable('partner_record')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('external_id', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('scope_kind', 'text', (c) => c.notNull())
          .addColumn('basis', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('withdrawn_at', 'text')
          .addColumn('via', 'text')
          .addColumn('change_seq', 'integer', (c) => c.notNull())
          .addUniqueConstraint('partner_record_owner_ext', ['owner', 'external_id'])
          .execute();
        await db.schema
          .createIndex('partner_record_by_change')
          .on('partner_record')
          .column('change_seq')
          .execute();
        await db.schema
          .createIndex('partner_record_by_via')
          .on('partner_record')
          .columns(['via', 'external_id'])
          .execute();
        // The partners a `partners` scope names, one row each, so that reads filter in SQL.
        await db.schema
          .createTable('partner_record_reader')
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('partner_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('partner_record_reader_pk', ['partner_id', 'record_id'])
          .execute();
        await db.schema
          .createTable('partner_record_history')
          .addColumn('record_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('basis', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('partner_record_history_pk', ['record_id', 'version'])
          .execute();
        // Feeds this node pulls from other nodes.
        await db.schema
          .createTable('feed')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('api_key', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('recipient', 'text')
          .addColumn('cursor', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_pull_at', 'text')
          .addColumn('last_ok_at', 'text')
          .addColumn('last_error', 'text')
          .addColumn('batches', 'integer', (c) => c.notNull())
          .addColumn('refused', 'integer', (c) => c.notNull())
          .execute();
      },
    },
    '0008_model_version': {
      async up(db: Kysely<unknown>) {
        // A decision is reviewed by the model that made it: each screening, run and alert names
        // the scoring model's version. Rows from before have none and keep null.
        for (const table of ['screening', 'run', 'alert']) {
          await db.schema.alterTable(table).addColumn('model_version', 'text').execute();
        }
      },
    },
    '0009_outbox_claim': {
      async up(db: Kysely<unknown>) {
        // A delivery claims its outbox rows until a lease ends, with a token per pass, so that
        // two servers on one database never post the same message (screening/webhooks.ts).
        await db.schema.alterTable('webhook_outbox').addColumn('claimed_until', 'text').execute();
        await db.schema.alterTable('webhook_outbox').addColumn('claimed_by', 'text').execute();
      },
    },
    '0010_public_ids': {
      async up(db: Kysely<unknown>) {
        // Partners see opaque ids; the integer keys count every partner's work (issue 12, item 6).
        const tables: [string, PublicIdKind][] = [
          ['alert', 'alert'],
          ['decision', 'decision'],
          ['comment', 'comment'],
          ['subject', 'subject'],
          ['screening', 'screening'],
        ];
        for (const [table, kind] of tables) {
          await db.schema.alterTable(table).addColumn('public_id', 'text').execute();
          await backfillPublicIds(db, table, kind);
          await db.schema
            .createIndex(`${table}_by_public_id`)
            .on(table)
            .column('public_id')
            .unique()
            .execute();
        }
      },
    },
    '0011_audit_chains': {
      async up(db: Kysely<unknown>) {
        // One hash chain per partner. The records made before hold their place on the node's
        // chain (format 1, the newline join), verifiable as they were; new records are hashed
        // as canonical JSON (format 2) on their partner's chain. `seq` stays the node-wide order.
        await db.schema
          .alterTable('audit')
          .addColumn('chain', 'text', (c) => c.notNull().defaultTo('node'))
          .execute();
        await db.schema
          .alterTable('audit')
          .addColumn('chain_seq', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('audit')
          .addColumn('format', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await sql`update audit set chain_seq = seq`.execute(db);
        await db.schema
          .createIndex('audit_by_chain')
          .on('audit')
          .columns(['chain', 'chain_seq'])
          .unique()
          .execute();
        await db.schema
          .createIndex('audit_by_chain_row')
          .on('audit')
          .columns(['chain', 'seq'])
          .execute();
        // Each chain's head: its last sequence number and hash, and the node-wide row it is on.
        await db.schema
          .createTable('audit_chain_head')
          .addColumn('chain', 'text', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('row', 'integer', (c) => c.notNull())
          .execute();
        await sql`insert into audit_chain_head (chain, seq, hash, row)
          select 'node', seq, hash, seq from audit_head where id = 1 and seq > 0`.execute(db);
        // The node-wide head now stands in audit_chain_head: a second copy left behind would
        // go stale and could mislead whoever reads it.
        await db.schema.dropTable('audit_head').execute();
        // The last head each chain was verified up to: verification resumes from it.
        await db.schema
          .createTable('audit_checkpoint')
          .addColumn('chain', 'text', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('row', 'integer', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0012_key_person': {
      async up(db: Kysely<unknown>) {
        // The person a key belongs to, so that four-eyes counts people, not keys.
        await db.schema.alterTable('api_key').addColumn('person', 'text').execute();
      },
    },
    '0013_run_error': {
      async up(db: Kysely<unknown>) {
        // A run that stops on an error is marked `failed` with the error (status is text), so
        // that none stays `running` after it; resuming it sets it running again.
        await db.schema.alterTable('run').addColumn('error', 'text').execute();
      },
    },
    '0014_list_refresh': {
      async up(db: Kysely<unknown>) {
        // Each official list's refresh state (screening/list-refresh.ts): one row per list.
        await db.schema
          .createTable('list_refresh')
          .addColumn('list_id', 'text', (c) => c.primaryKey())
          .addColumn('url', 'text')
          .addColumn('fetched_url', 'text')
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('version_id', 'integer')
          .addColumn('checked_at', 'text')
          .addColumn('status', 'text')
          .addColumn('error', 'text')
          .execute();
      },
    },
    '0015_cluster_link': {
      async up(db: Kysely<unknown>) {
        // Links between records of different lists proposed by name, date of birth and
        // nationality (screening/link-proposals.ts), and an admin's decision on each.
        await db.schema
          .createTable('cluster_link')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('entity_a', 'text', (c) => c.notNull())
          .addColumn('entity_b', 'text', (c) => c.notNull())
          .addColumn('basis', 'text', (c) => c.notNull())
          .addColumn('score', dialect === 'postgres' ? 'double precision' : 'real', (c) =>
            c.notNull(),
          )
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('reason', 'text')
          // One row per pair, whatever its state: a rejected pair is never proposed again.
          .addUniqueConstraint('cluster_link_pair', ['entity_a', 'entity_b'])
          .execute();
        await db.schema
          .createIndex('cluster_link_by_state')
          .on('cluster_link')
          .columns(['state', 'created_at'])
          .execute();
      },
    },
    '0016_alert_cluster': {
      async up(db: Kysely<unknown>) {
        // An alert is per cluster (one person across lists), not per listed record: it names
        // the cluster, and a subject's alerts are looked up by it. Older alerts keep null and
        // are found by their entity among the cluster's members.
        await db.schema.alterTable('alert').addColumn('cluster_id', 'text').execute();
        await db.schema
          .createIndex('alert_by_subject_cluster')
          .on('alert')
          .columns(['subject_id', 'cluster_id'])
          .execute();
      },
    },
    '0017_queue_sorting': {
      async up(db: Kysely<unknown>) {
        // The queue (screening/alert-queue.ts) pages one partner's alerts by score or by age
        // with any filter; these keep a page of 10,000 alerts an index walk, not a sort.
        await db.schema
          .createIndex('alert_by_partner_score')
          .on('alert')
          .columns(['partner_id', 'score', 'id'])
          .execute();
        await db.schema
          .createIndex('alert_by_partner_id')
          .on('alert')
          .columns(['partner_id', 'id'])
          .execute();
        await db.schema
          .createIndex('decision_by_status_alert')
          .on('decision')
          .columns(['status', 'alert_id'])
          .execute();
      },
    },
    '0018_audit_by_object': {
      async up(db: Kysely<unknown>) {
        // A case file gathers the records about an alert, its run and its subject from a
        // partner's chain, which grows with all of that partner's work.
        await db.schema
          .createIndex('audit_by_object')
          .on('audit')
          .columns(['chain', 'object_type', 'object_id'])
          .execute();
      },
    },
    '0019_run_chunks': {
      async up(db: Kysely<unknown>) {
        // A run screened by workers (PostgreSQL, jobs/run-chunks.ts): its rows in chunks, each
        // a job. `done_at` is set in the transaction that writes the chunk's rows, alerts and
        // audit records, and only where it was null: a chunk delivered twice writes once.
        await db.schema
          .createTable('run_chunk')
          .addColumn('run_id', 'text', (c) => c.notNull().references('run.id'))
          .addColumn('chunk', 'integer', (c) => c.notNull())
          .addColumn('row_count', 'integer', (c) => c.notNull())
          // The chunk's input rows (RunInput[], JSON), and once done each row's results as the
          // output shows them (MatchRecord[][], JSON).
          .addColumn('rows', 'text', (c) => c.notNull())
          .addColumn('results', 'text')
          .addColumn('alerts', 'integer')
          // The list versions the chunk was screened with ({listId: versionId}, JSON).
          .addColumn('list_versions', 'text')
          .addColumn('done_at', 'text')
          .addColumn('done_by', 'text')
          // The error of the last delivery, once the queue gives up on the chunk.
          .addColumn('error', 'text')
          .addPrimaryKeyConstraint('run_chunk_pk', ['run_id', 'chunk'])
          .execute();
      },
    },
    '0020_monitor_ranges': {
      async up(db: Kysely<unknown>) {
        // Monitoring in ranges of subjects (screening/monitor.ts): one pass after a list
        // change, its subjects cut into ranges by id, each range a job any worker may take.
        // A range's alerts and audit record are written in the transaction that sets its
        // `done_at`, and only where it was null: a range done twice writes once.
        await db.schema
          .createTable('monitor_pass')
          .addColumn('id', 'text', (c) => c.primaryKey())
          // Only this partner's subjects; every partner's when null.
          .addColumn('partner_id', 'text')
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('webhook', 'integer', (c) => c.notNull())
          // The match options (JSON) and the list versions the pass was started with.
          .addColumn('match', 'text', (c) => c.notNull())
          .addColumn('list_versions', 'text', (c) => c.notNull())
          .addColumn('ranges', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .execute();
        await db.schema
          .createTable('monitor_range')
          .addColumn('pass_id', 'text', (c) => c.notNull().references('monitor_pass.id'))
          .addColumn('range_no', 'integer', (c) => c.notNull())
          // Subjects with after_id < id <= last_id.
          .addColumn('after_id', 'integer', (c) => c.notNull())
          .addColumn('last_id', 'integer', (c) => c.notNull())
          .addColumn('subjects', 'integer')
          .addColumn('hits', 'integer')
          .addColumn('alerts', 'integer')
          .addColumn('done_at', 'text')
          .addColumn('done_by', 'text')
          // The error of the last delivery, once the queue gives up on the range.
          .addColumn('error', 'text')
          .addPrimaryKeyConstraint('monitor_range_pk', ['pass_id', 'range_no'])
          .execute();
        // One pull of a feed at a time across every process on the database
        // (jobs/feed-pulls.ts): the pull's holder and until when, after which a holder that
        // died is presumed gone.
        await db.schema
          .createTable('feed_pull_lease')
          .addColumn('feed_id', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('until', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0021_monitor_pass_started': {
      async up(db: Kysely<unknown>) {
        // When a worker first took one of the pass's ranges (screening/monitor.ts): until then
        // a further trigger (a partner record written, a feed pull) is covered by the pass and
        // queues no other; from then on it plans a pass of its own.
        await db.schema.alterTable('monitor_pass').addColumn('started_at', 'text').execute();
      },
    },
  };
}

/** Gives every row of `table` a public id, 500 rows a statement. */
async function backfillPublicIds(
  db: Kysely<unknown>,
  table: string,
  kind: PublicIdKind,
): Promise<void> {
  // Paged by the key, so each page reads only its own rows (public_id has no index yet).
  let last = 0;
  for (;;) {
    const { rows } = await sql<{
      id: number;
    }>`select id from ${sql.table(table)} where id > ${last} and public_id is null order by id limit 500`.execute(
      db,
    );
    if (rows.length === 0) return;
    last = Number(rows.at(-1)!.id);
    const values = sql.join(
      rows.map((r) => sql`(cast(${Number(r.id)} as integer), ${newPublicId(kind)})`),
    );
    await sql`update ${sql.table(table)} set public_id = v.column2 from (values ${values}) as v where ${sql.ref(`${table}.id`)} = v.column1`.execute(
      db,
    );
  }
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      const all = migrations(dialect);
      if (dialect === 'postgres') return all;
      return Object.fromEntries(
        Object.entries(all).map(([name, m]) => [name, { up: (db) => atomically(db, m.up) }]),
      ) as Record<string, Migration>;
    },
  };
}

/**
 * One SQLite migration, all or nothing. Kysely runs SQLite migrations outside a transaction
 * (its adapter declares no transactional DDL, though SQLite has it), so a migration stopped
 * half-way (a crash during a long backfill) would leave a column added and the migration
 * unrecorded, and every later start would fail on the duplicate column. A savepoint, being the
 * outermost transaction here, makes the migration's changes commit together or not at all.
 */
async function atomically(
  db: Kysely<unknown>,
  up: (db: Kysely<unknown>) => Promise<void>,
): Promise<void> {
  await sql`savepoint sanad_migration`.execute(db);
  try {
    await up(db);
  } catch (error) {
    await sql`rollback to sanad_migration`.execute(db);
    await sql`release sanad_migration`.execute(db);
    throw error;
  }
  await sql`release sanad_migration`.execute(db);
}
