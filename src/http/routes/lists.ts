/** Lists over the API: the catalogue, diffs between versions, and uploads of new versions. */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importCsvList, loadFromSource } from '../../screening/list-loader.js';
import { removalGuard } from '../../screening/list-refresh.js';
import { findListSource } from '../../sources/registry.js';
import { monitorInBackground } from '../../screening/monitor.js';
import { refreshRows, refreshState } from '../../screening/refresh-state.js';
import { requireNodeAdmin } from '../auth.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import { ListCatalogue, ListDiff, ListLoad } from '../response-schemas.js';
import { HttpError } from '../errors.js';
import { withUpload } from '../uploads/with-upload.js';

export async function registerLists(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: ctx.limits.uploadBytes, files: 1, fields: 5 },
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/lists',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: ListCatalogue },
        summary: 'List catalogue: versions, counts, last load',
        tags: ['lists'],
      },
    },
    async () => {
      const lists = await ctx.store.lists();
      const refresh = await refreshRows(ctx.store.db);
      return {
        lists: lists.map((l) => ({
          id: l.id,
          kind: l.kind,
          active: l.active ?? null,
          lastLoad: l.versions.at(-1)?.loadedAt ?? null,
          versions: l.versions,
          refresh: refreshState(refresh.get(l.id), findListSource(l.id)?.url),
        })),
      };
    },
  );

  r.get(
    '/lists/:id/diff',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: ListDiff },
        summary: 'Entries added, removed and amended between two versions',
        tags: ['lists'],
        params: z.object({ id: z.string() }),
        querystring: z.object({
          from: z.string().default('previous'),
          to: z.string().default('active'),
        }),
      },
    },
    async (req) => {
      return ctx.store.diff(req.params.id, req.query.from, req.query.to);
    },
  );

  r.post(
    '/lists/:id/versions',
    {
      config: { role: 'admin' },
      schema: {
        response: { 200: ListLoad, 201: ListLoad },
        summary:
          "Upload a new version of a list (admin): an official list in its publisher's format (un-sc, us-ofac-sdn, …; detected), CSV for local lists",
        tags: ['lists'],
        params: z.object({ id: z.string() }),
        // A CSV's encoding is detected (see core/text-encoding.ts) unless named here.
        querystring: z.object({
          encoding: z.string().max(50).optional(),
          maxRemoved: z.coerce
            .number()
            .min(0)
            .max(1)
            .default(0.5)
            .describe(
              "official lists: refuse a file that removes more than this share of the active version's entries",
            ),
        }),
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      requireNodeAdmin(key);
      if (!req.isMultipart())
        throw new HttpError(
          'bad_request',
          'send the list as multipart/form-data with one file field',
        );
      const id = req.params.id;
      const actor = keyActor(key);
      const { csv, outcome, official } = await withUpload(req, ctx.limits, async (upload) => {
        if (findListSource(id)) {
          const official = await loadFromSource(ctx.store, id, upload.path, {
            actor,
            encoding: req.query.encoding,
            name: upload.filename,
            read: upload.read,
            source: `upload:${upload.filename}`,
            check: removalGuard(ctx.store, id, req.query.maxRemoved, upload.filename),
          });
          return { csv: undefined, outcome: official, official };
        }
        const csv = await importCsvList(ctx.store, id, upload.path, {
          actor,
          encoding: req.query.encoding,
          fileName: upload.filename,
          read: upload.read,
          source: `upload:${upload.filename}`,
        });
        return { csv, outcome: csv, official: undefined };
      });
      const swapped = await ctx.service.refresh();
      // A new version: every monitored subject is screened again, in the background (on
      // PostgreSQL by the workers, range by range).
      if (outcome.created) {
        void monitorInBackground(ctx.store, ctx.service.screener, {
          actor: keyActor(key),
          match: {},
          webhook: ctx.webhook !== undefined,
          queue: ctx.queue,
        }).catch((e: unknown) => req.log.error({ err: e }, 'monitoring after a list load failed'));
      }
      reply.code(outcome.created ? 201 : 200);
      const encoding = csv?.encoding?.name;
      return {
        version: outcome.version,
        created: outcome.created,
        indexSwapped: swapped,
        ...(encoding && encoding !== 'utf-8' ? { encoding } : {}),
        // An official list: the format read, and what was read but could not be mapped.
        ...(official ? { format: official.format, warnings: official.warnings } : {}),
      };
    },
  );
}
