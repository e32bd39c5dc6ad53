/** Lists over the API: the catalogue, diffs between versions, and uploads of new versions. */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importCsvBuffer, loadUnList, UN_LIST_ID } from '../../screening/list-loader.js';
import { monitorRun } from '../../screening/monitor.js';
import { requireNodeAdmin } from '../auth.js';
import type { ServerContext } from '../context.js';
import { ListCatalogue, ListDiff, ListLoad } from '../response-schemas.js';
import { HttpError } from '../errors.js';

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
      return {
        lists: lists.map((l) => ({
          id: l.id,
          kind: l.kind,
          active: l.active ?? null,
          lastLoad: l.versions.at(-1)?.loadedAt ?? null,
          versions: l.versions,
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
        summary: 'Upload a new version of a list (admin): UN XML for un-sc, CSV for local lists',
        tags: ['lists'],
        params: z.object({ id: z.string() }),
        // A CSV's encoding is detected (see core/text-encoding.ts) unless named here.
        querystring: z.object({ encoding: z.string().max(50).optional() }),
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
      const { filename, data } = await readUpload(req, ctx.limits.uploadBytes);
      const id = req.params.id;
      const csv =
        id === UN_LIST_ID
          ? undefined
          : await importCsvBuffer(
              ctx.store,
              id,
              filename,
              data,
              `key:${key.id}`,
              req.query.encoding,
            );
      const outcome =
        csv ?? (await loadUnList(ctx.store, `upload:${filename}`, data, `key:${key.id}`));
      const swapped = await ctx.service.refresh();
      // A new version: every monitored subject is screened again, in the background.
      if (outcome.created) {
        void monitorRun(ctx.store, ctx.service.screener, {
          actor: `key:${key.id}`,
          match: {},
          webhook: ctx.webhook !== undefined,
        }).catch((e: unknown) => req.log.error({ err: e }, 'monitoring after a list load failed'));
      }
      reply.code(outcome.created ? 201 : 200);
      const encoding = csv?.encoding?.name;
      return {
        version: outcome.version,
        created: outcome.created,
        indexSwapped: swapped,
        ...(encoding && encoding !== 'utf-8' ? { encoding } : {}),
      };
    },
  );
}

/** The one uploaded file; a malformed multipart body is the client's error, not the server's. */
export async function readUpload(
  req: FastifyRequest,
  limit: number,
): Promise<{ filename: string; data: Buffer }> {
  try {
    const file = await req.file();
    if (!file) throw new HttpError('bad_request', 'send the list as a multipart file field');
    return { filename: file.filename, data: await file.toBuffer() };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new HttpError('too_large', `the upload exceeds ${limit} bytes`);
    }
    throw new HttpError(
      'bad_request',
      `the multipart body could not be read: ${(error as Error).message}`,
    );
  }
}
