/**
 * The workflow over HTTP: runs (uploaded batches), subjects, the alert queue, decisions and
 * approvals, assignment and comments, reports and settings (the audit trail: routes/audit.ts).
 * Roles: clients screen (upload runs), analysts work alerts, admins configure.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assign,
  comment,
  decide,
  getAlert,
  review,
  setFourEyes,
  fourEyes,
  STATES,
} from '../../screening/alerts.js';
import {
  alertGroups,
  alertQueue,
  decideMany,
  MAX_BULK,
  MAX_PAGE,
  type Caller,
  type QueueFilter,
} from '../../screening/alert-queue.js';
import type { AlertState } from '../../store/schema.js';
import { runBatch, runName, type RunInput } from '../../screening/batch-run.js';
import { monitorRun } from '../../screening/monitor.js';
import { reportCsv, reportHtml, runReport } from '../../screening/run-report.js';
import { readScreeningRows, screeningInput } from '../../screening/read-rows.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import {
  Alert,
  AlertGroups,
  Alerts,
  BulkDecisionOutcomes,
  Created,
  DecisionOutcome,
  MonitorSummary,
  RunReport,
  RunSummary,
  Runs,
  Settings,
  Subjects,
} from '../response-schemas.js';
import { HttpError } from '../errors.js';
import { withUpload } from '../uploads/with-upload.js';
import { thresholdParam } from '../threshold-param.js';
import { forPartner } from '../../store/for-partner.js';

const actorOf = keyActor;
/** Alerts, decisions and comments by their public ids (store/public-id.ts). */
const PublicId = z.string().min(1).max(100);
const Id = z.object({ id: PublicId });
const QUEUE_STATES: [string, ...string[]] = ['awaiting', ...STATES];

export function registerWorkflow(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/runs',
    {
      config: { role: 'client' },
      schema: {
        response: { 201: RunSummary },
        summary:
          'Upload a batch (CSV, TSV, XLSX or JSONL, multipart field "file") as a screening run',
        description:
          'Text is decoded from UTF-8, UTF-16 (with a byte-order mark), Windows-1256, Windows-1252 or ISO-8859-6, detected from the bytes unless `encoding` names one; the answer names the encoding when it is not UTF-8.',
        tags: ['workflow'],
        querystring: z.object({
          name: z.string().min(1).max(100),
          encoding: z.string().max(50).optional(),
          monitor: z.stringbool().default(false),
          threshold: thresholdParam(),
        }),
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      if (!req.isMultipart())
        throw new HttpError(
          'bad_request',
          'send the batch as multipart/form-data with one file field',
        );
      const summary = await withUpload(req, ctx.limits, async (upload) => {
        const ext = path.extname(upload.filename).toLowerCase();
        if (!['.csv', '.tsv', '.xlsx', '.jsonl', '.ndjson'].includes(ext))
          throw new HttpError(
            'bad_request',
            'the file must be .csv, .tsv, .xlsx, .jsonl or .ndjson',
          );
        const input = await screeningInput(upload.path, {
          encoding: req.query.encoding,
          name: upload.filename,
        });
        const encoding = input.encoding?.name;
        const done = await runBatch(
          ctx.store,
          ctx.service.screener,
          upload.path,
          // Parsed in a worker thread under the upload budget (core/read-budget.ts).
          readScreeningRows(upload.path, {
            ...upload.read,
            encoding,
          }) as AsyncIterable<RunInput>,
          {
            runId: req.query.name,
            partner: key.partner,
            monitor: req.query.monitor,
            actor: actorOf(key),
            match: { threshold: req.query.threshold },
            webhook: ctx.webhook !== undefined,
            // On PostgreSQL the run's chunks go to the workers, this server's own among them.
            queue: ctx.queue.kind === 'pg-boss' ? ctx.queue : undefined,
            // The run, its report and the trail name the client's file, never the temporary one.
            sourceName: `upload:${upload.filename}`,
          },
        );
        return { ...done, ...(encoding && encoding !== 'utf-8' ? { encoding } : {}) };
      });
      reply.code(201);
      return summary;
    },
  );

  r.get(
    '/runs',
    {
      config: { role: 'analyst' },
      schema: { response: { 200: Runs }, summary: 'Screening runs', tags: ['workflow'] },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const runs = await forPartner(ctx.store.db, 'run', key.partner)
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(500)
        .execute();
      return {
        runs: runs.map((x) => ({
          id: runName(x.id),
          source: x.source,
          status: x.status,
          error: x.error ?? null,
          createdAt: x.created_at,
          createdBy: x.created_by,
          finishedAt: x.finished_at,
          monitor: Boolean(x.monitor),
        })),
      };
    },
  );

  r.get(
    '/runs/:run/report',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: RunReport },
        summary: 'A run report: JSON, CSV or printable HTML',
        tags: ['workflow'],
        params: z.object({ run: z.string() }),
        querystring: z.object({ format: z.enum(['json', 'csv', 'html']).default('json') }),
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      const report = await runReport(ctx.store, key.partner, req.params.run);
      if (req.query.format === 'csv')
        return reply.type('text/csv; charset=utf-8').send(reportCsv(report));
      if (req.query.format === 'html')
        return reply.type('text/html; charset=utf-8').send(reportHtml(report));
      return report;
    },
  );

  r.get(
    '/subjects',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: Subjects },
        summary: 'Subjects (customers, counterparties)',
        tags: ['workflow'],
        querystring: z.object({
          monitored: z.stringbool().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      let q = forPartner(ctx.store.db, 'subject', key.partner).selectAll();
      if (req.query.monitored !== undefined)
        q = q.where('monitor', '=', req.query.monitored ? 1 : 0);
      const rows = await q.orderBy('id').limit(req.query.limit).offset(req.query.offset).execute();
      return {
        subjects: rows.map((s) => ({
          id: s.external_id,
          name: s.name,
          schema: s.schema,
          birthDate: s.birth_date,
          nationality: s.nationality,
          monitored: Boolean(s.monitor),
          updatedAt: s.updated_at,
        })),
      };
    },
  );

  const queueQuery = z.object({
    state: z
      .union([z.enum(QUEUE_STATES), z.array(z.enum(QUEUE_STATES))])
      .optional()
      .describe('alert states, any of them; `awaiting`: with a decision waiting for approval'),
    list: z.string().max(200).optional(),
    minScore: z.coerce.number().min(0).max(1).optional(),
    assignee: z
      .string()
      .max(200)
      .optional()
      .describe("a name, `unassigned` or `me` (the calling key's name or person)"),
    run: z.string().max(200).optional(),
    subject: z.string().max(200).optional(),
    awaiting: z
      .enum(['any', 'me', 'none'])
      .optional()
      .describe(
        '`any`: with a pending decision; `me`: pending decisions made by someone else (the caller may approve them); `none`: without one',
      ),
    sort: z.enum(['age', 'score']).default('age'),
    order: z
      .enum(['asc', 'desc'])
      .default('asc')
      .describe('age ascending is newest first; score descending is highest first'),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  });
  /** The query as the queue's filter: `state=awaiting` is the pending-decision filter. */
  const queueFilter = (
    q: Omit<z.infer<typeof queueQuery>, 'sort' | 'order'> & Partial<z.infer<typeof queueQuery>>,
  ): QueueFilter => {
    const states = q.state === undefined ? [] : [q.state].flat();
    const state = states.filter((s): s is AlertState => s !== 'awaiting');
    const awaiting = q.awaiting ?? (states.includes('awaiting') ? 'any' : undefined);
    return { ...q, state, awaiting };
  };
  const callerOf = (key: ReturnType<ServerContext['keyOf']>): Caller => ({
    actor: actorOf(key),
    names: [key.name, ...(key.person ? [key.person] : [])],
  });

  r.get(
    '/alerts',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: Alerts },
        summary: 'The alert queue: filtered, sorted, paged, with pending decisions',
        tags: ['workflow'],
        querystring: queueQuery,
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return alertQueue(ctx.store, key.partner, queueFilter(req.query), callerOf(key));
    },
  );

  r.get(
    '/alerts/groups',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: AlertGroups },
        summary: 'The alert queue grouped by the listed entity (its cluster across lists)',
        tags: ['workflow'],
        querystring: queueQuery.omit({ sort: true, order: true }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return alertGroups(ctx.store, key.partner, queueFilter(req.query), callerOf(key));
    },
  );

  r.post(
    '/alerts/decisions',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: BulkDecisionOutcomes },
        summary: 'One decision on many alerts, recorded per alert; an outcome per alert',
        description:
          'Each alert gets its own decision and audit record with the reason (four-eyes applies to each). An alert that cannot take the decision (already decided, a decision pending, not found) is reported in its outcome and the others go on.',
        tags: ['workflow'],
        body: z.object({
          alerts: z.array(PublicId).min(1).max(MAX_BULK),
          action: z.enum(['confirm', 'dismiss', 'escalate']),
          reason: z.string().max(4000),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const { alerts, action, reason } = req.body;
      return {
        outcomes: await decideMany(ctx.store, key.partner, alerts, action, reason, actorOf(key)),
      };
    },
  );

  r.get(
    '/alerts/:id',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: Alert },
        summary: 'One alert with decisions and comments',
        tags: ['workflow'],
        params: Id,
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return getAlert(ctx.store, key.partner, req.params.id);
    },
  );

  r.post(
    '/alerts/:id/decision',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: DecisionOutcome },
        summary: 'Decide: confirm, dismiss or escalate, with a reason',
        tags: ['workflow'],
        params: Id,
        body: z.object({
          action: z.enum(['confirm', 'dismiss', 'escalate']),
          reason: z.string().max(4000),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return decide(
        ctx.store,
        key.partner,
        req.params.id,
        req.body.action,
        req.body.reason,
        actorOf(key),
      );
    },
  );

  r.post(
    '/alerts/:id/decisions/:decision/:verdict',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: DecisionOutcome },
        summary: 'Approve or reject a pending decision (four-eyes)',
        tags: ['workflow'],
        params: z.object({
          id: PublicId,
          decision: PublicId,
          verdict: z.enum(['approve', 'reject']),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return review(
        ctx.store,
        key.partner,
        req.params.id,
        req.params.decision,
        req.params.verdict === 'approve',
        actorOf(key),
      );
    },
  );

  r.post(
    '/alerts/:id/assign',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: Alert },
        summary: 'Assign an alert (null to unassign)',
        tags: ['workflow'],
        params: Id,
        body: z.object({ assignee: z.string().min(1).max(200).nullable() }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      await assign(ctx.store, key.partner, req.params.id, req.body.assignee, actorOf(key));
      return getAlert(ctx.store, key.partner, req.params.id);
    },
  );

  r.post(
    '/alerts/:id/comments',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 201: Created },
        summary: 'Comment on an alert',
        tags: ['workflow'],
        params: Id,
        body: z.object({ text: z.string().max(4000) }),
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      const id = await comment(ctx.store, key.partner, req.params.id, req.body.text, actorOf(key));
      reply.code(201);
      return { id };
    },
  );

  r.get(
    '/settings',
    {
      config: { role: 'analyst' },
      schema: { response: { 200: Settings }, summary: 'Workflow settings', tags: ['workflow'] },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return { fourEyes: await fourEyes(ctx.store, key.partner) };
    },
  );

  r.put(
    '/settings',
    {
      config: { role: 'admin' },
      schema: {
        response: { 200: Settings },
        summary: 'Change workflow settings (admin)',
        tags: ['workflow'],
        body: z.object({ fourEyes: z.boolean() }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      await setFourEyes(ctx.store, key.partner, req.body.fourEyes, actorOf(key));
      return { fourEyes: req.body.fourEyes };
    },
  );

  r.post(
    '/monitor/run',
    {
      config: { role: 'admin' },
      schema: {
        response: { 200: MonitorSummary },
        summary: 'Re-screen every monitored subject now (admin)',
        tags: ['workflow'],
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return monitorRun(ctx.store, ctx.service.screener, {
        actor: actorOf(key),
        partner: key.partner,
        match: {},
        webhook: ctx.webhook !== undefined,
        queue: ctx.queue,
      });
    },
  );
}
