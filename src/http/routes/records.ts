/**
 * Partners and their records over the API. A partner's analysts and admins contribute records
 * (one by one or as a CSV/XLSX upload), amend, re-scope and withdraw them; every partner reads
 * what is in its scope. A record out of scope answers exactly as one that does not exist.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvLine, csvLines } from '../../core/csv-cell.js';
import { createPartner, listPartners, PARTNER_KINDS } from '../../store/partners.js';
import { checkRecord } from '../../sharing/record-input.js';
import { importRecordFile } from '../../sharing/record-import.js';
import {
  amendRecord,
  getVisibleRecord,
  listVisibleRecords,
  putRecords,
  recordHistory,
  rescopeRecord,
  withdrawRecord,
  type PartnerRecord,
  type RecordChange,
} from '../../sharing/records.js';
import { scopeJson, scopeText } from '../../sharing/scope.js';
import { requireNodeAdmin } from '../auth.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import {
  Me,
  Partner,
  Partners,
  RecordChange as RecordChangeSchema,
  RecordExport,
  RecordHistory,
  RecordImportReport,
  RecordList,
  RecordView,
} from '../response-schemas.js';
import { HttpError } from '../errors.js';
import { withUpload } from '../uploads/with-upload.js';

const actorOf = keyActor;
const RecordId = z.object({ id: z.string().min(1).max(100) });

/** A record as a partner sees it; the owner also sees when it was withdrawn. */
export function recordView(r: PartnerRecord, partner: string) {
  return {
    id: r.id,
    ref: r.ref,
    schema: r.schema,
    caption: r.properties.name?.[0] ?? r.ref,
    properties: r.properties,
    sharedBy: r.owner,
    basis: r.basis,
    scope: scopeJson(r.scope),
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(r.owner === partner ? { withdrawnAt: r.withdrawnAt } : {}),
    ...(r.via ? { via: r.via } : {}),
  };
}

function changeView(c: RecordChange, partner: string) {
  return { action: c.action, record: recordView(c.record, partner) };
}

export function registerRecords(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** After a change: the next screening here sees it, and monitored subjects meet it. */
  const changed = async () => {
    await ctx.service.syncPartners();
    ctx.onRecordsChanged?.();
  };

  r.get(
    '/me',
    {
      config: { role: 'client' },
      schema: {
        response: { 200: Me },
        summary: 'The calling key: its name, role and partner (never its secret)',
        tags: ['sharing'],
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return {
        id: key.id,
        name: key.name,
        role: key.role,
        partner: key.partner,
        person: key.person,
      };
    },
  );

  r.get(
    '/partners',
    {
      config: { role: 'client' },
      schema: {
        response: { 200: Partners },
        summary: 'The partners on this node (for scopes)',
        tags: ['sharing'],
      },
    },
    async () => {
      return { partners: await listPartners(ctx.store) };
    },
  );

  r.post(
    '/partners',
    {
      config: { role: 'admin' },
      schema: {
        response: { 201: Partner },
        summary: "Add a partner (the node's own admins)",
        tags: ['sharing'],
        body: z.object({
          id: z.string().min(1).max(63),
          name: z.string().min(1).max(200),
          kind: z.enum(PARTNER_KINDS),
        }),
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      requireNodeAdmin(key);
      reply.code(201);
      return createPartner(ctx.store, req.body, actorOf(key));
    },
  );

  r.post(
    '/records',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 201: RecordChangeSchema },
        summary: 'Share a record: a person or organisation, its basis and its scope',
        description:
          'Body: {ref, schema, properties: {name: [...], alias, birthDate, nationality, passportNumber, idNumber, address, notes, ...}, basis, scope}. Scope is "private", "coalition" or {"partners": [ids]}. A withdrawn record with the same ref is restored.',
        tags: ['sharing'],
        body: z.object({
          ref: z.union([z.string(), z.number()]),
          schema: z.string().optional(),
          properties: z.record(z.string(), z.unknown()),
          basis: z.string(),
          scope: z.unknown(),
        }),
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      const checked = checkRecord(req.body, key.partner);
      const existing = await listVisibleRecords(ctx.store, key.partner, {
        mine: true,
        withdrawn: true,
        ref: checked.ref,
      });
      const live = existing.records.find((x) => !x.withdrawnAt);
      if (live)
        throw new HttpError(
          'conflict',
          `you already shared ref "${checked.ref}" as record ${live.id}; amend it with PATCH /records/${live.id}`,
        );
      const [change] = await putRecords(ctx.store, key.partner, [checked], actorOf(key));
      await changed();
      reply.code(201);
      return changeView(change!, key.partner);
    },
  );

  r.post(
    '/records/upload',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: RecordImportReport },
        summary: 'Share records from a CSV, TSV or XLSX file (multipart field "file")',
        description:
          'Columns: id, name, schema, aliases, birth_date, nationality, passport_number, id_number, address, notes, basis, scope (several values separated by ";"). Rows are matched to your records by id: new ones are created, changed ones amended. Bad rows are reported by line; the good ones are stored together.',
        tags: ['sharing'],
        querystring: z.object({
          basis: z.string().max(2000).optional(),
          scope: z.string().max(20_000).optional(),
          encoding: z.string().max(50).optional(),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      if (!req.isMultipart())
        throw new HttpError('bad_request', 'send the file as multipart/form-data');
      return withUpload(req, ctx.limits, async (upload) => {
        const ext = path.extname(upload.filename).toLowerCase();
        if (!['.csv', '.tsv', '.xlsx'].includes(ext))
          throw new HttpError('bad_request', 'the file must be .csv, .tsv or .xlsx');
        // Every row is read (in a worker, under the upload budget) before any is stored, so a
        // file refused half-way stores nothing.
        const report = await importRecordFile(
          ctx.store,
          key.partner,
          upload.path,
          { basis: req.query.basis, scope: req.query.scope },
          actorOf(key),
          { ...upload.read, encoding: req.query.encoding },
        );
        await changed();
        return report;
      });
    },
  );

  r.get(
    '/records',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: RecordList },
        summary: 'Records in your scope: your own and those shared with you',
        tags: ['sharing'],
        querystring: z.object({
          mine: z.stringbool().default(false),
          withdrawn: z.stringbool().default(false),
          ref: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const { records, total } = await listVisibleRecords(ctx.store, key.partner, req.query);
      return { records: records.map((x) => recordView(x, key.partner)), total };
    },
  );

  r.get(
    '/records/export',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: RecordExport },
        summary: 'Export the records in your scope: CSV or JSONL',
        tags: ['sharing'],
        querystring: z.object({
          format: z.enum(['csv', 'jsonl']).default('jsonl'),
          mine: z.stringbool().default(false),
        }),
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      const { format, mine } = req.query;
      const pages = async function* () {
        if (format === 'csv') yield csvLine(EXPORT_COLUMNS);
        for (let offset = 0; ; offset += EXPORT_PAGE) {
          const { records } = await listVisibleRecords(ctx.store, key.partner, {
            mine,
            limit: EXPORT_PAGE,
            offset,
          });
          yield format === 'csv'
            ? csvLines(records.map(csvRow))
            : records.map((x) => JSON.stringify(recordView(x, key.partner)) + '\n').join('');
          if (records.length < EXPORT_PAGE) return;
        }
      };
      reply.header('content-disposition', `attachment; filename="records.${format}"`);
      reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
      return reply.send(Readable.from(pages()));
    },
  );

  r.get(
    '/records/:id',
    {
      config: { role: 'client' },
      schema: {
        response: { 200: RecordView },
        summary: 'One record in your scope',
        tags: ['sharing'],
        params: RecordId,
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const rec = await getVisibleRecord(ctx.store, key.partner, req.params.id);
      if (!rec || (rec.withdrawnAt && rec.owner !== key.partner))
        throw new HttpError('not_found', `no record ${req.params.id}`);
      return recordView(rec, key.partner);
    },
  );

  r.get(
    '/records/:id/history',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: RecordHistory },
        summary: 'Every version of your record',
        tags: ['sharing'],
        params: RecordId,
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const versions = await recordHistory(ctx.store, key.partner, req.params.id);
      return {
        versions: versions.map((v) => ({ ...v, scope: scopeJson(v.scope) })),
      };
    },
  );

  r.patch(
    '/records/:id',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: RecordChangeSchema },
        summary: 'Amend your record: schema, properties (replaced whole) or basis',
        tags: ['sharing'],
        params: RecordId,
        body: z.object({
          schema: z.string().optional(),
          properties: z.record(z.string(), z.unknown()).optional(),
          basis: z.string().optional(),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const c = await amendRecord(ctx.store, key.partner, req.params.id, req.body, actorOf(key));
      await changed();
      return changeView(c, key.partner);
    },
  );

  r.put(
    '/records/:id/scope',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: RecordChangeSchema },
        summary: 'Re-scope your record',
        tags: ['sharing'],
        params: RecordId,
        body: z.object({ scope: z.unknown() }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const c = await rescopeRecord(
        ctx.store,
        key.partner,
        req.params.id,
        req.body.scope,
        actorOf(key),
      );
      await changed();
      return changeView(c, key.partner);
    },
  );

  r.post(
    '/records/:id/withdraw',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: RecordChangeSchema },
        summary: 'Withdraw your record (its history stays)',
        tags: ['sharing'],
        params: RecordId,
        body: z.object({ reason: z.string().max(2000) }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const c = await withdrawRecord(
        ctx.store,
        key.partner,
        req.params.id,
        req.body.reason,
        actorOf(key),
      );
      await changed();
      return changeView(c, key.partner);
    },
  );
}

const EXPORT_PAGE = 1000;
const EXPORT_COLUMNS = [
  'id',
  'ref',
  'schema',
  'name',
  'aliases',
  'birth_date',
  'nationality',
  'passport_number',
  'id_number',
  'shared_by',
  'basis',
  'scope',
  'version',
  'updated_at',
];

function csvRow(r: PartnerRecord): string[] {
  const p = r.properties;
  const join = (v: string[] | undefined) => (v ?? []).join('; ');
  return [
    r.id,
    r.ref,
    r.schema,
    p.name?.[0] ?? '',
    join([...(p.name ?? []).slice(1), ...(p.alias ?? [])]),
    join(p.birthDate),
    join(p.nationality),
    join(p.passportNumber),
    join(p.idNumber),
    r.owner,
    r.basis,
    scopeText(r.scope),
    String(r.version),
    r.updatedAt,
  ];
}
