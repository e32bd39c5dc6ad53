/**
 * The store's tables, as Kysely sees them. One schema for SQLite (the embedded default) and,
 * later, PostgreSQL: timestamps are ISO text and JSON is text, behind the repository.
 */
import type { Generated } from 'kysely';

export interface ListTable {
  id: string;
  /** Source format: `un-sc` or `csv`. */
  kind: string;
  created_at: string;
  active_version: number | null;
}

export interface ListVersionTable {
  id: Generated<number>;
  list_id: string;
  /** 1, 2, 3… per list. */
  seq: number;
  /** The list's own version label (UN: dateGenerated); the load time for CSV lists. */
  label: string;
  source: string;
  sha256: string;
  entity_count: number;
  loaded_at: string;
}

export interface EntityRowTable {
  version_id: number;
  entity_id: string;
  ref: string;
  schema: string;
  caption: string;
  /** The Entity as JSON. */
  data: string;
  /** Hash of the entity's content without the version label, to tell amended entries. */
  content_hash: string;
}

export type Role = 'admin' | 'analyst' | 'client';

export interface ApiKeyTable {
  /** The public part of the key, shown in lists and logs. */
  id: string;
  name: string;
  role: Role;
  /** SHA-256 of the whole key; the key itself is never stored. */
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** One screening request: who asked, when, what, what came back, against which versions. */
export interface ScreeningTable {
  id: Generated<number>;
  at: string;
  key_id: string | null;
  endpoint: string;
  dataset: string;
  /** JSON. */
  query: string;
  /** JSON: entity ids, scores and match flags. */
  results: string;
  /** JSON: `{listId: versionId}`. */
  list_versions: string;
}

/** One record of the hash-chained audit trail. */
export interface AuditTable {
  seq: number;
  at: string;
  /** `key:<id>`, `cli:<user>` or `system`. */
  actor: string;
  /** e.g. `list.load`, `key.create`, `screening`, `audit.export`. */
  action: string;
  object_type: string;
  object_id: string;
  /** JSON. */
  data: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface Database {
  list: ListTable;
  list_version: ListVersionTable;
  entity: EntityRowTable;
  api_key: ApiKeyTable;
  screening: ScreeningTable;
  audit: AuditTable;
  audit_head: AuditHeadTable;
}
