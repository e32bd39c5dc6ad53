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
  /** The partner organisation the key belongs to. */
  partner_id: Generated<string>;
  /** The person the key belongs to; null: the key is its own person. */
  person: Generated<string | null>;
}

/** One screening request: who asked, when, what, what came back, against which versions. */
export interface ScreeningTable {
  id: Generated<number>;
  /** The id partners see (store/public-id.ts); `id` never leaves the store. */
  public_id: string;
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
  partner_id: Generated<string>;
  /** Version id of the scoring model that scored it; null for records older than the model. */
  model_version: string | null;
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
  /** Whose trail the record is on: the acting partner (`node` for the node's own). */
  partner_id: string;
  /** The hash chain the record is linked into: its partner's (records from before per-partner
   * chains are all on `node`'s). */
  chain: string;
  /** The record's number on its chain; `seq` is the node-wide order. */
  chain_seq: number;
  /** How the hash is computed: 1 = fields joined with newlines, 2 = canonical JSON. */
  format: number;
}

/** The head of one partner's chain. */
export interface AuditChainHeadTable {
  chain: string;
  seq: number;
  hash: string;
  /** The node-wide `seq` of the chain's last record. */
  row: number;
}

/** The last head verified of one chain; verification resumes from it. */
export interface AuditCheckpointTable {
  chain: string;
  seq: number;
  hash: string;
  row: number;
  at: string;
}

export interface RunTable {
  id: string;
  source: string;
  source_sha256: string;
  created_at: string;
  created_by: string;
  /** `failed` when it stopped on an error (see `error`); a failed run can be resumed. */
  status: 'running' | 'done' | 'failed';
  threshold: number;
  monitor: number;
  /** JSON `{listId: versionId}` when the run started. */
  list_versions: string;
  finished_at: string | null;
  partner_id: Generated<string>;
  /** The scoring model the run started with; null for runs older than the model. */
  model_version: string | null;
  /** Why the run stopped, when it failed; null otherwise. */
  error: Generated<string | null>;
}

export interface SubjectTable {
  id: Generated<number>;
  /** The id partners see (store/public-id.ts); `id` never leaves the store. */
  public_id: string;
  /** `<partner>:<external id>`, unique: each partner's ids are its own. */
  subject_key: string;
  external_id: string;
  partner_id: string;
  name: string;
  schema: string | null;
  birth_date: string | null;
  nationality: string | null;
  /** Hash of what is screened (name, schema, birth date, nationality). */
  data_hash: string;
  monitor: number;
  /** The match threshold monitoring uses for this subject (its run's); null: the default. */
  threshold: number | null;
  created_at: string;
  updated_at: string;
}

export interface RunRowTable {
  run_id: string;
  line: number;
  subject_id: number | null;
  error: string | null;
  hits: number;
}

export type AlertState = 'open' | 'escalated' | 'confirmed' | 'dismissed';

export interface AlertTable {
  id: Generated<number>;
  /** The id partners see (store/public-id.ts); `id` never leaves the store. */
  public_id: string;
  subject_id: number;
  entity_id: string;
  list_id: string;
  ref: string;
  caption: string;
  score: number;
  explanation: string;
  state: AlertState;
  /** The listed entry's and the subject's content when the alert opened: a change reopens. */
  entity_hash: string;
  subject_hash: string;
  run_id: string | null;
  previous_alert_id: number | null;
  assignee: string | null;
  created_at: string;
  updated_at: string;
  partner_id: string;
  /** The scoring model that made the score and explanation; null for older alerts. */
  model_version: string | null;
  /** The cluster the entity was in when the alert opened (index/clusters.ts); null for older alerts. */
  cluster_id: string | null;
}

export interface DecisionTable {
  id: Generated<number>;
  /** The id partners see (store/public-id.ts); `id` never leaves the store. */
  public_id: string;
  alert_id: number;
  action: 'confirm' | 'dismiss' | 'escalate';
  reason: string;
  decided_by: string;
  decided_at: string;
  /** `pending` waits for a second analyst (four-eyes); `effective` has taken effect; `rejected`. */
  status: 'pending' | 'effective' | 'rejected';
  approved_by: string | null;
  approved_at: string | null;
}

export interface CommentTable {
  id: Generated<number>;
  /** The id partners see (store/public-id.ts); `id` never leaves the store. */
  public_id: string;
  alert_id: number;
  author: string;
  at: string;
  text: string;
}

export interface WebhookOutboxTable {
  id: Generated<number>;
  alert_id: number;
  payload: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
  /** Until when a delivery pass holds the message (null: free); see screening/webhooks.ts. */
  claimed_until: string | null;
  /** The token of the pass that holds it. */
  claimed_by: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface PartnerTable {
  id: string;
  name: string;
  /** ministry, fiu, bank, mto, ngo, node (another sanad node), organisation… */
  kind: string;
  created_at: string;
}

/** A record a partner contributed (or one received from another node's feed). */
export interface PartnerRecordTable {
  /** The entity id. */
  id: string;
  /** The contributing partner; for a received record `<partner>@<feed>`. */
  owner: string;
  /** The owner's own reference for the record. */
  external_id: string;
  /** The Entity as JSON (without sharing, which the columns hold). */
  data: string;
  /** JSON Scope. */
  scope: string;
  /** private, partners or coalition (partner_record_reader holds the named partners). */
  scope_kind: string;
  basis: string;
  version: number;
  created_at: string;
  updated_at: string;
  withdrawn_at: string | null;
  /** The feed a received record came through. */
  via: string | null;
  /** Node-wide order of changes: the partner index and feeds read deltas by it. */
  change_seq: number;
}

export interface PartnerRecordHistoryTable {
  record_id: string;
  version: number;
  action: 'create' | 'amend' | 'rescope' | 'withdraw' | 'restore';
  data: string;
  scope: string;
  basis: string;
  at: string;
  actor: string;
}

export interface PartnerRecordReaderTable {
  record_id: string;
  partner_id: string;
}

export interface FeedTable {
  id: string;
  url: string;
  /** The publishing node's Ed25519 public key (base64, raw 32 bytes). */
  public_key: string;
  /** This node's API key on the publishing node. */
  api_key: string;
  /** JSON Scope: who on this node sees what the feed brings. */
  scope: string;
  /** The partner id the publisher serves this node as (fixed by the first batch). */
  recipient: string | null;
  /** The publisher's opaque cursor after the last batch applied. */
  cursor: string | null;
  created_at: string;
  last_pull_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  batches: number;
  refused: number;
}

/**
 * The refresh of one official list from its publisher's URL (screening/list-refresh.ts): the
 * operator's URL, the validators of the last file taken, and how the last check went.
 */
export interface ListRefreshTable {
  list_id: string;
  /** The operator's URL (`lists refresh ID --url`); null: the source's own. */
  url: string | null;
  /** The URL `etag` and `last_modified` came from: sent only back to it. */
  fetched_url: string | null;
  etag: string | null;
  last_modified: string | null;
  /** The version active when the validators were taken: sent only while it still is. */
  version_id: number | null;
  checked_at: string | null;
  /** loaded, reactivated, not_modified, refused or failed. */
  status: string | null;
  /** Why the last check was refused or failed, in words. */
  error: string | null;
}

/** A proposed link between two records of different lists, and an admin's decision on it. */
export interface ClusterLinkTable {
  /** `lk_…` (store/public-id.ts). */
  id: string;
  /** The pair's entity ids, `entity_a` < `entity_b`. */
  entity_a: string;
  entity_b: string;
  /** Why, in words: the names, dates and nationalities that agree. */
  basis: string;
  /** The name score of the pair in [0, 1]. */
  score: number;
  state: 'proposed' | 'accepted' | 'rejected';
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** Why it was rejected (or accepted), when the admin said. */
  reason: string | null;
}

export interface Database {
  partner: PartnerTable;
  partner_record: PartnerRecordTable;
  partner_record_history: PartnerRecordHistoryTable;
  partner_record_reader: PartnerRecordReaderTable;
  feed: FeedTable;
  list: ListTable;
  list_version: ListVersionTable;
  entity: EntityRowTable;
  api_key: ApiKeyTable;
  screening: ScreeningTable;
  audit: AuditTable;
  audit_chain_head: AuditChainHeadTable;
  audit_checkpoint: AuditCheckpointTable;
  run: RunTable;
  subject: SubjectTable;
  run_row: RunRowTable;
  alert: AlertTable;
  decision: DecisionTable;
  comment: CommentTable;
  webhook_outbox: WebhookOutboxTable;
  setting: SettingTable;
  list_refresh: ListRefreshTable;
  cluster_link: ClusterLinkTable;
}
