/**
 * Case files over HTTP, for analysts: everything about one alert, or one subject's alerts, with
 * the audit records behind it and what it takes to check them offline (screening/case-file.ts;
 * `sanad audit verify --case`). Another partner's alert or subject is not found. Making a case
 * file is itself recorded on the partner's trail, and the file includes that record.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SanadError } from '../../core/errors.js';
import { caseFile, casePreview, CASE_FORMAT, type CaseKind } from '../../screening/case-file.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import { AlertEvidenceSchema } from './evidence.js';

const Nullable = z.string().nullable();
const Subject = z.object({
  id: z.string(),
  name: z.string(),
  schema: Nullable,
  birthDate: Nullable,
  nationality: Nullable,
  monitored: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const Decision = z.object({
  id: z.string(),
  action: z.string(),
  reason: z.string(),
  decidedBy: z.string(),
  decidedByName: z.string(),
  decidedAt: z.string(),
  status: z.string(),
  approvedBy: Nullable,
  approvedByName: Nullable,
  approvedAt: Nullable,
});
const Comment = z.object({
  id: z.string(),
  author: z.string(),
  authorName: z.string(),
  at: z.string(),
  text: z.string(),
});
const AuditRecord = z.object({
  chain: z.string(),
  chainSeq: z.number().int(),
  format: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  data: z.string().describe("the record's data as hashed: JSON text"),
  partner: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  link: z.literal(false),
});
const LinkRecord = z
  .object({
    chain: z.string(),
    chainSeq: z.number().int(),
    prevHash: z.string(),
    hash: z.string(),
    link: z.literal(true),
  })
  .describe(
    "a record carried only to link the case's records to each other or the head: redacted to its place and hashes",
  );

/** The case file (every field is sealed: the answer must carry all of them, as made). */
const CaseBody = z.object({
  format: z.literal(CASE_FORMAT),
  kind: z.enum(['alert', 'subject']),
  id: z.string(),
  made: z.object({
    at: z.string(),
    by: z.string(),
    byName: z.string(),
    node: z.string().describe("the node's public key (base64), as `sanad node key` prints it"),
    partner: z.string(),
  }),
  subject: Subject,
  query: z.object({
    name: z.string(),
    schema: Nullable,
    birthDate: Nullable,
    nationality: Nullable,
  }),
  alerts: z.array(
    z.object({
      id: z.string(),
      state: z.string(),
      score: z.number(),
      explanation: z.string(),
      entity: z.object({
        id: z.string(),
        list: z.string(),
        ref: z.string(),
        caption: z.string(),
        cluster: Nullable,
      }),
      run: Nullable,
      previousAlert: Nullable,
      assignee: Nullable,
      createdAt: z.string(),
      updatedAt: z.string(),
      modelVersion: Nullable,
      threshold: z.number().nullable(),
      listVersions: z.array(z.number().int()),
      evidence: AlertEvidenceSchema,
      decisions: z.array(Decision),
      comments: z.array(Comment),
    }),
  ),
  runs: z.array(
    z.object({
      id: z.string(),
      source: z.string(),
      sha256: z.string(),
      createdAt: z.string(),
      createdBy: z.string(),
      status: z.string(),
      threshold: z.number(),
      monitor: z.boolean(),
      finishedAt: Nullable,
      modelVersion: Nullable,
      listVersions: z.record(z.string(), z.number()),
    }),
  ),
  listVersions: z.array(
    z.object({
      id: z.number().int(),
      list: z.string(),
      version: z.number().int(),
      label: z.string(),
      sha256: z.string(),
      source: z.string(),
      loadedAt: z.string(),
    }),
  ),
  trail: z.object({
    chain: z.string(),
    head: z.string().describe('the chain head signed by the node (`sanad-audit-head.1.…`)'),
    headSeq: z.number().int(),
    headHash: z.string(),
    waypoints: z.array(z.string()),
    records: z.array(z.discriminatedUnion('link', [AuditRecord, LinkRecord])),
  }),
});
export const CaseFileSchema = CaseBody.extend({
  seal: z.string().describe("the node's Ed25519 signature over the file's canonical JSON"),
});
const CasePreviewSchema = CaseBody.extend({
  preview: z.literal(true).describe('a preview: neither recorded on the trail nor sealed'),
});

export function registerCases(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const route = (kind: CaseKind) =>
    r.get(
      `/${kind === 'alert' ? 'alerts' : 'subjects'}/:id/case`,
      {
        config: { role: 'analyst' },
        schema: {
          response: { 200: z.union([CaseFileSchema, CasePreviewSchema]) },
          summary: `The case file of ${kind === 'alert' ? 'an alert' : "a subject's alerts"}, verifiable offline`,
          description:
            'The screening, the list versions, the evidence, decisions, approvals and comments with names and times, and the audit records behind them with their hashes, linked to the chain head signed by the node (the records linking them redacted to their hashes), the whole sealed with its key: `sanad audit verify --case FILE --key KEY` checks it without the database. Each export is recorded on the trail; `?preview=true` answers the same file to read, neither recorded nor sealed.',
          tags: ['workflow'],
          params: z.object({ id: z.string().min(1).max(200) }),
          querystring: z.object({
            preview: z
              .enum(['true', 'false'])
              .optional()
              .describe('true: a preview to read, not recorded and not sealed'),
          }),
        },
      },
      async (req) => {
        const key = ctx.keyOf(req);
        // The evidence is explained by the screener, which a starting server is still loading.
        if (!ctx.service.ready)
          throw new SanadError('unavailable', 'the lists are still loading: try again shortly');
        return (req.query.preview === 'true' ? casePreview : caseFile)(
          ctx.store,
          ctx.service.screener,
          key.partner,
          kind,
          req.params.id,
          keyActor(key),
        );
      },
    );
  route('alert');
  route('subject');
}
