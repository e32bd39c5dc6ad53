/**
 * What each route answers, declared on the route (`schema.response`) so that the OpenAPI
 * document states it and the web client's types are generated from it (scripts/gen-web-types.mjs).
 * The serializer checks every answer against its schema and drops any field the schema does not
 * name, so a field reaches a client only once it is declared here (and a route's handler is
 * type-checked against its schema). Ids that may become opaque strings (issue 12 item 6) take
 * both forms.
 */
import { z } from 'zod';

const Id = z.union([z.number().int(), z.string()]);
const Time = z.string();
const Properties = z.record(z.string(), z.array(z.string()));
/** A scope as the API writes it (sharing/scope.ts scopeJson): "private", "coalition" or {partners: [ids]}. */
const ScopeJson = z.union([
  z.enum(['private', 'coalition']),
  z.object({ partners: z.array(z.string()) }),
]);
/** A scope inside an entity's provenance (core/entity.ts Scope). */
const Scope = z.union([
  z.object({ kind: z.enum(['private', 'coalition']) }),
  z.object({ kind: z.literal('partners'), partners: z.array(z.string()) }),
]);

export const Provenance = z.object({
  listId: z.string(),
  listVersion: z.string(),
  ref: z.string(),
  listedOn: z.string().optional(),
  programme: z.string().optional(),
  updatedOn: z.array(z.string()).optional(),
  sharing: z
    .object({
      partner: z.string(),
      scope: Scope,
      basis: z.string(),
      sharedAt: Time,
      via: z.string().optional(),
    })
    .optional(),
});

const EntityFields = {
  id: z.string(),
  caption: z.string(),
  schema: z.string(),
  properties: Properties,
  datasets: z.array(z.string()),
  provenance: Provenance,
};

/** One record of a cluster: the same person or organisation on a list (index/clusters.ts). */
const ClusterMember = z.object({ list: z.string(), ref: z.string(), entity_id: z.string() });

/** What every /match and /search result says of its cluster (http/api-result.ts). */
const ClusterFields = {
  datasets: z.array(z.string()).describe("every list that carries the cluster, the result's first"),
  cluster: z
    .string()
    .describe(
      'id of the cluster: shared by every record of the same person or organisation across lists',
    ),
  cluster_members: z
    .array(ClusterMember)
    .describe('every record of the cluster, whatever lists the query named'),
};

/**
 * One /match result, shaped like yente's (http/api-result.ts). Loose: yente clients may read a
 * field this schema does not name.
 */
export const ApiMatchResult = z.looseObject({
  ...EntityFields,
  ...ClusterFields,
  score: z.number(),
  match: z.boolean(),
  schemaMismatch: z
    .literal(true)
    .optional()
    .describe(
      'present on a result of another kind than the query (a Person query, an Organization listed) that would have matched had the kinds agreed: shown for review, held under the threshold, never a match',
    ),
  features: z.record(z.string(), z.number()),
  explanations: z.object({
    summary: z.string(),
    matchedName: z.string(),
    nameScore: z.number(),
    tokens: z.array(
      z.object({
        query: z.string(),
        listed: z.string(),
        evidence: z.string(),
        similarity: z.number(),
        weight: z.number(),
      }),
    ),
    unmatchedQuery: z.array(z.string()),
    unmatchedListed: z.array(z.string()),
    qualifiers: z.array(z.object({ kind: z.string(), delta: z.number(), text: z.string() })),
  }),
});

/** An identifier with what the list says of it (core/entity.ts EntityIdentifier). */
export const Identifier = z.object({
  kind: z.string(),
  number: z.string(),
  country: z.string().optional(),
  label: z.string().optional(),
  note: z.string().optional(),
});

/** A cluster's record with its own data: names, dates, where and since when it is listed. */
const ClusterRecord = ClusterMember.extend({
  caption: z.string(),
  schema: z.string(),
  properties: Properties,
  identifiers: z.array(Identifier).optional(),
  provenance: Provenance,
});

/** GET /entities/{id}: the entity, where it is listed and its history. */
export const EntityDocument = z.object({
  ...EntityFields,
  identifiers: z
    .array(Identifier)
    .optional()
    .describe(
      'identifiers with their kind, issuing country and the list’s note, when it gives any',
    ),
  listed: z.boolean(),
  cluster: z
    .object({ id: z.string(), members: z.array(ClusterRecord) })
    .describe(
      'every record of the same person or organisation across lists, each with its own data',
    ),
  shared: z
    .object({
      by: z.string(),
      at: Time,
      basis: z.string(),
      scope: ScopeJson,
      version: z.number().int(),
      via: z.string().optional(),
    })
    .optional(),
  history: z.array(
    z.object({
      version: z.number().int(),
      label: z.string(),
      loadedAt: Time,
      change: z.string(),
      scope: ScopeJson.optional(),
    }),
  ),
});

const Facet = z.object({
  label: z.string(),
  values: z.array(z.object({ name: z.string(), count: z.number().int() })),
});

export const SearchResponse = z.object({
  results: z.array(
    z.object({
      ...EntityFields,
      ...ClusterFields,
      score: z.number(),
      schemaMismatch: z.boolean().optional(),
    }),
  ),
  total: z.object({ value: z.number().int(), relation: z.string() }),
  limit: z.number().int(),
  offset: z.number().int(),
  facets: z.record(z.string(), Facet),
});

/** The W3C reconciliation API's own documents (manifest, results, suggestions). */
export const ReconcileDocument = z.record(z.string(), z.unknown());
export const Html = z.string().describe('an HTML page');

export const VersionSummary = z.object({
  id: z.number().int(),
  listId: z.string(),
  seq: z.number().int(),
  label: z.string(),
  source: z.string(),
  sha256: z.string(),
  entityCount: z.number().int(),
  loadedAt: Time,
  active: z.boolean(),
});

/** How an official list's refresh from its URL last went (null: the list is not refreshed). */
export const ListRefresh = z.object({
  url: z.string(),
  checkedAt: Time.nullable(),
  status: z.enum(['loaded', 'reactivated', 'not_modified', 'refused', 'failed']).nullable(),
  error: z.string().nullable(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
});

export const ListCatalogue = z.object({
  lists: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      active: VersionSummary.nullable(),
      lastLoad: Time.nullable(),
      versions: z.array(VersionSummary),
      refresh: ListRefresh.nullable(),
    }),
  ),
});

const EntityRef = z.object({
  id: z.string(),
  ref: z.string(),
  caption: z.string(),
  schema: z.string(),
});

export const ListDiff = z.object({
  listId: z.string(),
  from: VersionSummary,
  to: VersionSummary,
  added: z.array(EntityRef),
  removed: z.array(EntityRef),
  amended: z.array(EntityRef.extend({ changed: z.array(z.string()) })),
  unchanged: z.number().int(),
});

export const ListLoad = z.object({
  version: VersionSummary,
  created: z.boolean(),
  indexSwapped: z.boolean(),
  encoding: z.string().optional(),
  format: z.string().optional().describe('official lists: the format read, e.g. sdn-xml'),
  warnings: z
    .array(z.string())
    .optional()
    .describe('official lists: parts of the file read but not mapped, each naming where'),
});

export const NodeKey = z.object({ publicKey: z.string(), algorithm: z.string() });

export const SignedBatch = z.object({
  payload: z.string().describe('base64 of the batch document (JSON)'),
  signature: z.string().describe('Ed25519 signature of the payload, base64'),
});

export const Feed = z.object({
  id: z.string(),
  url: z.string(),
  publicKey: z.string(),
  recipient: z.string().nullable(),
  scope: ScopeJson,
  createdAt: Time,
  lastPullAt: Time.nullable(),
  lastOkAt: Time.nullable(),
  lastError: z.string().nullable(),
  batches: z.number().int(),
  refused: z.number().int(),
});

export const Feeds = z.object({ feeds: z.array(Feed) });

/** A feed removed; `records` it had brought stay on the node. */
export const FeedRemoval = z.object({ id: z.string(), records: z.number().int() });

export const PullReport = z.object({
  feed: z.string(),
  batches: z.number().int(),
  created: z.number().int(),
  amended: z.number().int(),
  restored: z.number().int(),
  unchanged: z.number().int(),
  withdrawn: z.number().int(),
  refused: z.string().optional(),
  error: z.string().optional(),
});

export const Me = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'analyst', 'client']),
  partner: z.string(),
  person: z.string().nullable(),
});

export const Partner = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  createdAt: Time,
});

export const Partners = z.object({ partners: z.array(Partner) });

export const RecordView = z.object({
  id: z.string(),
  ref: z.string(),
  schema: z.string(),
  caption: z.string(),
  properties: Properties,
  sharedBy: z.string(),
  basis: z.string(),
  scope: ScopeJson,
  version: z.number().int(),
  createdAt: Time,
  updatedAt: Time,
  withdrawnAt: Time.nullable().optional(),
  via: z.string().optional(),
});

export const RecordChange = z.object({ action: z.string(), record: RecordView });

export const RecordList = z.object({
  records: z.array(RecordView),
  total: z.number().int(),
});

export const RecordHistory = z.object({
  versions: z.array(
    z.object({
      version: z.number().int(),
      action: z.string(),
      schema: z.string(),
      properties: Properties,
      basis: z.string(),
      scope: ScopeJson,
      at: Time,
      actor: z.string(),
    }),
  ),
});

export const RecordImportReport = z.object({
  encoding: z.string().optional(),
  rows: z.number().int(),
  created: z.number().int(),
  amended: z.number().int(),
  restored: z.number().int(),
  unchanged: z.number().int(),
  failed: z.array(
    z.object({ line: z.number().int(), ref: z.string().optional(), error: z.string() }),
  ),
  records: z.array(
    z.object({ line: z.number().int(), id: z.string(), ref: z.string(), action: z.string() }),
  ),
});

/** Records as a file: CSV or JSON lines. */
export const RecordExport = z.unknown().describe('CSV, or JSON lines of records (streamed)');

export const Table = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  truncated: z.boolean(),
  encoding: z.string().optional(),
  problems: z.array(z.object({ row: z.number().int(), error: z.string() })).optional(),
});

export const RunSummary = z.object({
  runId: z.string(),
  resumed: z.boolean(),
  rows: z.number().int(),
  skipped: z.number().int(),
  screened: z.number().int(),
  replayed: z.number().int(),
  failed: z.number().int(),
  alerts: z.number().int(),
  withHits: z.number().int(),
  unscreened: z.number().int(),
  unscreenedLines: z.array(z.number().int()),
  encoding: z.string().optional(),
});

export const Runs = z.object({
  runs: z.array(
    z.object({
      id: z.string(),
      source: z.string(),
      status: z.string(),
      /** Why a `failed` run stopped; null otherwise. */
      error: z.string().nullable(),
      createdAt: Time,
      createdBy: z.string(),
      finishedAt: Time.nullable(),
      monitor: z.boolean(),
    }),
  ),
});

const AlertEntity = z.object({
  id: z.string(),
  list: z.string(),
  ref: z.string(),
  caption: z.string(),
  cluster: z
    .string()
    .optional()
    .describe('the cluster the alert stands for (one person across lists); absent on older alerts'),
});

const Decision = z.object({
  action: z.string(),
  reason: z.string(),
  decidedBy: z.string(),
  decidedAt: Time,
  status: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: Time.nullable(),
});

/** A run report as JSON; as CSV or HTML with `format`. */
export const RunReport = z.union([
  z.object({
    run: z.object({
      id: z.string(),
      source: z.string(),
      sha256: z.string(),
      createdAt: Time,
      createdBy: z.string(),
      status: z.string(),
      error: z.string().nullable(),
      finishedAt: Time.nullable(),
      threshold: z.number(),
      monitor: z.boolean(),
      modelVersion: z.string().nullable(),
    }),
    listVersions: z.array(
      z.object({
        list: z.string(),
        version: z.number().int(),
        label: z.string(),
        sha256: z.string(),
      }),
    ),
    counts: z.object({
      rows: z.number().int(),
      screened: z.number().int(),
      unreadable: z.number().int(),
      unscreened: z.number().int(),
      withHits: z.number().int(),
      alerts: z.number().int(),
      alertsByState: z.record(z.string(), z.number().int()),
      decisions: z.number().int(),
    }),
    alerts: z.array(
      z.object({
        id: Id,
        state: z.string(),
        score: z.number(),
        subject: z.object({ id: z.string(), name: z.string() }),
        entity: AlertEntity,
        modelVersion: z.string().nullable(),
        decisions: z.array(Decision),
      }),
    ),
  }),
  z.string().describe('the report as CSV or HTML'),
]);

export const Subjects = z.object({
  subjects: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      schema: z.string().nullable(),
      birthDate: z.string().nullable(),
      nationality: z.string().nullable(),
      monitored: z.boolean(),
      updatedAt: Time,
    }),
  ),
});

const AlertFields = {
  id: Id,
  state: z.string(),
  score: z.number(),
  entity: AlertEntity,
  assignee: z.string().nullable(),
  run: z.string().nullable(),
  previousAlert: Id.nullable(),
  createdAt: Time,
  updatedAt: Time,
  modelVersion: z.string().nullable(),
};

export const Alerts = z.object({
  alerts: z.array(
    z.object({
      ...AlertFields,
      subject: z.object({ id: z.string(), name: z.string() }),
      pending: z
        .object({
          decision: Id,
          action: z.string(),
          decidedBy: z.string(),
          decidedByName: z.string().describe('the person or key name behind decidedBy'),
          decidedAt: Time,
          mine: z.boolean().describe('made by the caller, who may not approve it (four-eyes)'),
        })
        .nullable()
        .describe('the decision waiting for approval (four-eyes), if any'),
    }),
  ),
  total: z.number().int().describe('how many alerts pass the filters, on every page'),
  offset: z.number().int(),
  limit: z.number().int(),
});

/** The queue grouped by what was listed: the cluster, or the entity for an alert without one. */
export const AlertGroups = z.object({
  groups: z.array(
    z.object({
      key: z.string(),
      entity: z.string(),
      cluster: z.string().optional(),
      caption: z.string(),
      list: z.string(),
      count: z.number().int(),
      maxScore: z.number(),
      alerts: z.array(Id).describe("the group's alert ids, highest score first (at most 500)"),
    }),
  ),
  total: z.number().int().describe('how many groups pass the filters'),
  offset: z.number().int(),
  limit: z.number().int(),
});

/** A decision on many alerts: one outcome per alert, in the order asked. */
export const BulkDecisionOutcomes = z.object({
  outcomes: z.array(
    z.union([
      z.object({
        alert: Id,
        ok: z.literal(true),
        decision: Id,
        status: z.string(),
        state: z.string(),
      }),
      z.object({ alert: Id, ok: z.literal(false), code: z.string(), message: z.string() }),
    ]),
  ),
});

export const Alert = z.object({
  ...AlertFields,
  explanation: z.string(),
  subject: z.object({
    id: z.string(),
    name: z.string(),
    birthDate: z.string().nullable(),
    nationality: z.string().nullable(),
  }),
  decisions: z.array(z.object({ id: Id, ...Decision.shape })),
  comments: z.array(z.object({ id: Id, author: z.string(), at: Time, text: z.string() })),
});

export const DecisionOutcome = z.object({
  decision: Id,
  status: z.string(),
  state: z.string(),
});

export const Created = z.object({ id: Id });

export const Settings = z.object({ fourEyes: z.boolean() });

export const MonitorSummary = z.object({
  subjects: z.number().int(),
  hits: z.number().int(),
  alerts: z.number().int(),
});

/** A page of the audit trail, newest first; `next` is the cursor of the older page. */
const AuditRecord = z.object({
  seq: z.number().int().optional(),
  chain: z.string().optional(),
  chainSeq: z.number().int().optional(),
  format: z.number().int().optional(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  data: z.unknown(),
  prevHash: z.string().optional(),
  hash: z.string().optional(),
  partner: z.string().optional(),
});

export const AuditRecords = z.object({
  records: z.array(AuditRecord),
  next: z.string().nullish(),
});

const ChainHead = z.object({ chain: z.string(), seq: z.number().int(), hash: z.string() });

export const AuditVerification = z.object({
  ok: z.boolean(),
  records: z.number().int().optional(),
  broken: z
    .object({ chain: z.string().optional(), seq: z.number().int(), reason: z.string() })
    .optional(),
  heads: z.array(ChainHead).optional(),
  reread: z.number().int().optional(),
});

/** The chains' heads, signed with the node's key, and the anchor line to keep. */
export const AuditHead = z.object({
  at: z.string(),
  node: z.string(),
  chains: z.array(ChainHead),
  anchor: z.string(),
});

export const Health = z.object({ status: z.string() });

export const Readiness = z.object({
  status: z.string(),
  versions: z
    .array(z.object({ list: z.string(), version: z.number().int(), label: z.string() }))
    .optional(),
});

/**
 * One hit of POST /scan (scan/types.ts ScanHit): the `screen` record's fields (cli/result-record.ts)
 * and where in the text the name was found.
 */
export const ScanHitSchema = z.object({
  entity_id: z.string(),
  list: z.string(),
  ref: z.string(),
  caption: z.string(),
  schema: z.string(),
  score: z.number(),
  match: z.boolean(),
  explanation: z.string().describe('why the hit scored as it did, in words'),
  model: z.string().describe('version id of the scoring model that made the score'),
  schemaMismatch: z.literal(true).optional(),
  cluster: ClusterFields.cluster,
  cluster_members: ClusterFields.cluster_members,
  text: z.string().describe('the text as written at the span'),
  start: z.number().int().describe('offset of the span in the document’s text, UTF-16 code units'),
  end: z.number().int().describe('offset just after the span, UTF-16 code units'),
  line: z.number().int().describe('1-based line of `start`'),
  field: z
    .string()
    .nullable()
    .describe(
      'the message field or document part (`59`, `RmtInf/Ustrd`, `page 2`); null for plain text',
    ),
  document: z
    .string()
    .optional()
    .describe('the document the hit is in, when a file holds several (`payments.txt#3`)'),
});

/** A document of an upload that could not be read, so was not screened. */
export const ScanProblem = z.object({
  document: z.string().describe('the document, as the file names it (`payments.txt#3`)'),
  field: z.string().optional().describe('the field that could not be read, when known'),
  message: z.string(),
});

/** POST /scan?include=text: each document with its text and hits, and those not screened. */
export const ScanPage = z.object({
  documents: z.array(
    z.object({
      name: z.string().describe('the file’s name (`-` for JSON text); a message of it adds `#n`'),
      kind: z.string().describe('text, pdf, docx, eml, mt103, mt202, pacs.008 or pacs.009'),
      id: z.string().optional().describe('the message reference, when there is one'),
      text: z.string().describe('the document’s text: what the hits’ offsets point into'),
      hits: z.array(ScanHitSchema),
    }),
  ),
  errors: z
    .array(ScanProblem)
    .describe('documents that could not be read and were not screened: never read as clean'),
});

/** POST /scan (without include=text) when a document of the upload could not be read. */
export const ScanUnscreened = z.object({
  code: z.literal('unprocessable'),
  message: z.string(),
  unscreened: z.array(ScanProblem),
  hits: z.array(ScanHitSchema).describe('the hits of the documents that were read'),
});
