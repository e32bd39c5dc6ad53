/**
 * The audit trail over HTTP, for admins: the records newest first (a cursor pages back),
 * verification, and the signed heads of the chains. The node's admin reads the whole node's
 * trail, every chain; a partner's admin reads its own partner's chain only, whose numbers and
 * hashes depend on nothing but that partner's records (see store/audit.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readAnchor, takeAnchor } from '../../sharing/audit-anchor.js';
import { keyActor } from '../../store/persons.js';
import {
  appendAudit,
  auditPage,
  verifyAudit,
  NODE_PARTNER,
  type AuditRecord,
} from '../../store/audit.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { AuditHead, AuditRecords, AuditVerification } from '../response-schemas.js';

export function registerAudit(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { role: 'admin' as const };

  r.get(
    '/audit',
    {
      config,
      schema: {
        response: { 200: AuditRecords },
        summary: 'Audit records, newest first (admin); `next` is the cursor of the older page',
        description:
          "The node's admin reads every chain, each record with its node-wide `seq`, its `chain` and `chainSeq`; a partner's admin reads its own chain, `seq` being the record's number on that chain. A partner's records from before per-partner chains come last, without chain fields.",
        tags: ['audit'],
        querystring: z.object({
          from: z.string().optional(),
          to: z.string().optional(),
          cursor: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(10000).default(1000),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const node = key.partner === NODE_PARTNER;
      const page = await auditPage(ctx.store.db, {
        partner: node ? undefined : key.partner,
        cursor: req.query.cursor,
        limit: req.query.limit,
        from: iso(req.query.from),
        to: iso(req.query.to),
      });
      await ctx.store.write((trx) =>
        appendAudit(trx, [
          {
            actor: keyActor(key),
            partner: key.partner,
            action: 'audit.export',
            objectType: 'audit',
            objectId: `${req.query.from ?? ''}..${req.query.to ?? ''}`,
            data: { records: page.records.length, via: 'api' },
          },
        ]),
      );
      return {
        records: page.records.map((rec) => (node ? rec : partnerView(rec, key.partner))),
        next: page.next,
      };
    },
  );

  r.get(
    '/audit/verify',
    {
      config,
      schema: {
        response: { 200: AuditVerification },
        summary: 'Verify the audit chains (admin)',
        description:
          "The node's admin verifies every chain, a partner's admin its own. `full` rereads every record instead of resuming from the last verified heads; `anchor` (from `GET /audit/head` or `sanad audit head`) proves that nothing up to it changed.",
        tags: ['audit'],
        querystring: z.object({
          full: z.stringbool().default(false),
          anchor: z.string().max(100_000).optional(),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const node = key.partner === NODE_PARTNER;
      const chain = node ? undefined : key.partner;
      const anchor = req.query.anchor ? await readAnchor(ctx.store, req.query.anchor) : undefined;
      const v = await verifyAudit(ctx.store.db, {
        chain,
        full: req.query.full,
        anchor: anchor?.chains.filter((c) => chain === undefined || c.chain === chain),
      });
      if (node) return v;
      // How much was reread depends on when the node last verified; a partner needn't know.
      const { reread: _reread, ...own } = v;
      return own;
    },
  );

  r.get(
    '/audit/head',
    {
      config,
      schema: {
        response: { 200: AuditHead },
        summary: "The chains' heads, signed with the node's key (admin)",
        description:
          "To keep away from the node, and give back to `GET /audit/verify?anchor=` later. A partner's admin gets its own chain's head.",
        tags: ['audit'],
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      const { anchor, text } = await takeAnchor(
        ctx.store,
        key.partner === NODE_PARTNER ? undefined : key.partner,
      );
      return { ...anchor, anchor: text };
    },
  );
}

/** A partner's record: numbered on its own chain; a record from before chains, without links. */
/** What a partner's admin reads of a record: no node-wide number, no other chain's links. */
type PartnerAuditRecord = Pick<
  AuditRecord,
  'at' | 'actor' | 'action' | 'objectType' | 'objectId' | 'data'
> &
  Partial<Pick<AuditRecord, 'seq' | 'prevHash' | 'hash'>>;

function partnerView(rec: AuditRecord, partner: string): PartnerAuditRecord {
  const { at, actor, action, objectType, objectId, data } = rec;
  if (rec.chain !== partner) return { at, actor, action, objectType, objectId, data };
  return {
    seq: rec.chainSeq,
    at,
    actor,
    action,
    objectType,
    objectId,
    data,
    prevHash: rec.prevHash,
    hash: rec.hash,
  };
}

function iso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new HttpError('bad_request', `"${value}" is not a date`);
  return d.toISOString();
}
