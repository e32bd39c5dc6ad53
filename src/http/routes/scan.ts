/**
 * POST /scan: free text screened for listed names (issue 16), every hit located in the text.
 * The text comes as JSON (`{text, lists?, threshold?}`) or as one uploaded file (a text, PDF,
 * .docx or e-mail, or a file of payment messages), read into documents by src/scan/extract (in
 * a worker thread: documents-in-worker.ts) and scanned by src/scan/scanner; this route only
 * adapts HTTP to them, as /match does the matcher.
 *
 * A document of an upload that could not be read is never passed over in silence: the plain
 * answer (an array of hits) becomes a 422 that carries the hits of the documents that were read
 * and names the ones that were not; `?include=text` (the web page) answers 200 with them in
 * `errors`, beside each document's text. Alerts are not raised here: an alert's subject is a
 * name that the evidence page and monitoring score again, which a document is not, and a scan
 * names no subject of the caller's as /match's `subject_id` does. `sanad scan --run` records
 * each hit as a subject with its alert.
 */
import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SanadError } from '../../core/errors.js';
import { readDocumentsInWorker } from '../../scan/extract/documents-in-worker.js';
import { scannerOf, type ScanOptions } from '../../scan/scanner.js';
import type { ScanDocument, ScanHit, ScanInputError } from '../../scan/types.js';
import { DEFAULT_DATASET, resolveDatasets } from '../../screening/collections.js';
import type { Screener } from '../../screening/screener.js';
import type { ApiKeyInfo } from '../../store/api-keys.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { ScanHitSchema, ScanPage, ScanUnscreened } from '../response-schemas.js';
import { thresholdParam } from '../threshold-param.js';
import { withUpload } from '../uploads/with-upload.js';

/** Lists one request may name; every list there is loaded is far fewer. */
const MAX_LISTS = 50;

const ListName = z.string().min(1).max(100);

/**
 * The JSON body; null on a multipart upload (whose options are query parameters), which the
 * multipart plugin leaves to the handler to read.
 */
const ScanBody = z
  .object({
    text: z
      .string()
      .min(1)
      .describe('the text to scan, in any mix of Arabic and Latin script; offsets count into it'),
    lists: z
      .array(ListName)
      .max(MAX_LISTS)
      .optional()
      .describe('lists to scan against (a list id, `sanctions`, `partners`); all when absent'),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'score at or above which a hit is reported; when absent, 0.7 in free text and the scoring model’s own for the parties of payment messages',
      ),
  })
  .nullish();

const ScanQuerystring = z.object({
  lists: z
    .union([ListName, z.array(ListName).max(MAX_LISTS)])
    .optional()
    .describe('lists to scan against, repeated (`lists=un-sc&lists=partners`); all when absent'),
  threshold: thresholdParam(),
  include: z
    .enum(['text'])
    .optional()
    .describe(
      '`text`: answer each document with its text and hits, and the documents that could not be read, instead of the array of hits',
    ),
});

type Body = z.infer<typeof ScanBody>;
type Querystring = z.infer<typeof ScanQuerystring>;

/** What was handed in: the documents read, those that could not be, and where they came from. */
interface ScanInput {
  source: 'text' | 'upload';
  /** The file's name as the client gave it; `-` for JSON text. */
  name: string;
  documents: ScanDocument[];
  errors: ScanInputError[];
}

interface Scanned {
  doc: ScanDocument;
  hits: ScanHit[];
}

/** The JSON text as the one document it is: plain text, one segment, no party fields. */
function textInput(body: NonNullable<Body>, maxChars: number): ScanInput {
  const { text } = body;
  if (text.trim() === '') throw new HttpError('bad_request', 'text is empty', 'text');
  if (text.length > maxChars)
    throw new HttpError(
      'too_large',
      `text is ${text.length} characters; at most ${maxChars} are scanned in one request`,
      'text',
    );
  const doc: ScanDocument = {
    kind: 'text',
    name: '-',
    text,
    segments: [{ field: null, start: 0, end: text.length }],
    parties: [],
  };
  return { source: 'text', name: '-', documents: [doc], errors: [] };
}

/**
 * The uploaded file's documents. A file that cannot be read at all (binary, encrypted PDF) is a
 * ScanInputError, answered 400 with its message, which names the file and the field.
 */
async function uploadInput(req: FastifyRequest, ctx: ServerContext): Promise<ScanInput> {
  const maxChars = ctx.limits.scanChars;
  return withUpload(req, ctx.limits, async (upload) => {
    const bytes = await fs.readFile(upload.path);
    // In a worker thread, under the upload budget's time: a hostile PDF stalls no request.
    const { documents, errors } = await readDocumentsInWorker(bytes, upload.filename, {
      timeMs: ctx.limits.uploadBudget.timeMs,
    });
    const chars = documents.reduce((n, d) => n + d.text.length, 0);
    if (chars > maxChars)
      throw new HttpError(
        'too_large',
        `${upload.filename} holds ${chars} characters of text; at most ${maxChars} are scanned in one request`,
        'file',
      );
    if (errors.length === 0 && documents.every((d) => d.text.trim() === ''))
      throw new HttpError('bad_request', `${upload.filename} holds no text`, 'file');
    return { source: 'upload', name: upload.filename, documents, errors };
  });
}

/**
 * The lists the request names (body first, then query), as /match resolves a dataset: an
 * unknown name is answered 404, naming the known ones.
 */
function scanLists(screener: Screener, body: Body, query: Querystring): string[] | undefined {
  const names = body?.lists ?? (query.lists === undefined ? undefined : [query.lists].flat());
  try {
    return resolveDatasets(names, screener.listIds);
  } catch (error) {
    if (error instanceof SanadError) throw new HttpError('not_found', error.message, 'lists');
    throw error;
  }
}

/** The problems of the documents that could not be read, as the answers name them. */
function unscreened(errors: readonly ScanInputError[]) {
  return errors.map((e) => ({
    document: e.file,
    ...(e.field === undefined ? {} : { field: e.field }),
    message: e.message,
  }));
}

/**
 * Each document's hits; a hit names its document when the file held several. Long text is
 * scanned in stretches with the event loop given a turn between them (scanWithResultsAsync).
 */
async function scanAll(
  screener: Screener,
  input: ScanInput,
  options: ScanOptions,
): Promise<Scanned[]> {
  const several = input.documents.length + input.errors.length > 1;
  const scanner = scannerOf(screener);
  const out: Scanned[] = [];
  for (const doc of input.documents) {
    const hits = (await scanner.scanWithResultsAsync(doc, options)).map((f) => f.hit);
    out.push({ doc, hits: several ? hits.map((h) => ({ ...h, document: doc.name })) : hits });
  }
  return out;
}

/**
 * The screening record of the request, as /match writes one per query: who, against what, the
 * hits' entities and scores. Never the text, nor the file's name (it may be a person's): its
 * size, its documents and a digest by which the trail can be matched to a kept copy.
 */
function record(
  ctx: ServerContext,
  key: ApiKeyInfo,
  screener: Screener,
  input: ScanInput,
  lists: string[] | undefined,
  hits: readonly ScanHit[],
): void {
  const digest = createHash('sha256');
  for (const d of input.documents) digest.update(d.text);
  ctx.log.record({
    keyId: key.id,
    actor: keyActor(key),
    partner: key.partner,
    endpoint: 'scan',
    dataset: lists?.join(',') ?? DEFAULT_DATASET,
    query: {
      source: input.source,
      documents: input.documents.length,
      unscreened: input.errors.length,
      characters: input.documents.reduce((n, d) => n + d.text.length, 0),
      sha256: digest.digest('hex').slice(0, 12),
    },
    results: hits.map((h) => ({ entityId: h.entity_id, score: h.score, match: h.match })),
    listVersions: Object.fromEntries(screener.versions.map((v) => [v.listId, v.id])),
    model: hits[0]?.model ?? screener.modelVersion(),
  });
}

export function registerScan(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/scan',
    {
      config: { role: 'client' },
      // Room for the longest text scanned as JSON, escaped (server limits: scanChars).
      bodyLimit: Math.max(ctx.limits.bodyBytes, ctx.limits.scanChars * 4),
      schema: {
        summary: 'Scan free text or a document for listed names, each hit located in the text',
        description: [
          'JSON `{text, lists?, threshold?}`, or a multipart upload with one file field (text, PDF, .docx, .eml, SWIFT MT103/MT202 or ISO 20022 pacs.008/pacs.009), options as query parameters.',
          'Answers the array of hits: `start`/`end` are UTF-16 offsets into the document’s text, `line` is 1-based, `field` names the message field or document part (null for plain text), `document` names the message when a file holds several.',
          'If any document of an upload could not be read, the answer is 422 with the hits of the others and the documents left unscreened: never read it as clean.',
          'With `include=text` the answer is instead `{documents, errors}`: each document with its text (what the offsets point into) and its hits, and the documents that could not be read (200).',
        ].join(' '),
        tags: ['matching'],
        querystring: ScanQuerystring,
        body: ScanBody,
        response: {
          200: z.union([z.array(ScanHitSchema), ScanPage]),
          422: ScanUnscreened,
        },
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      const body = req.isMultipart() ? undefined : (req.body ?? undefined);
      if (!req.isMultipart() && body === undefined)
        throw new HttpError(
          'bad_request',
          'send JSON {"text": …} or a multipart/form-data upload with one file field',
        );
      const screener = ctx.service.screener;
      const lists = scanLists(screener, body, req.query);
      const input = body ? textInput(body, ctx.limits.scanChars) : await uploadInput(req, ctx);
      const options: ScanOptions = {
        lists,
        threshold: body?.threshold ?? req.query.threshold,
        partner: key.partner,
      };
      const scanned = await scanAll(screener, input, options);
      const hits = scanned.flatMap((s) => s.hits);
      ctx.metrics.recordScreening(hits.some((h) => h.match));
      record(ctx, key, screener, input, lists, hits);

      const errors = unscreened(input.errors);
      if (req.query.include === 'text')
        return {
          documents: scanned.map(({ doc, hits: found }) => ({
            name: doc.name,
            kind: doc.kind,
            ...(doc.id === undefined ? {} : { id: doc.id }),
            text: doc.text,
            hits: found,
          })),
          errors,
        };
      if (errors.length > 0)
        return reply.code(422).send({
          code: 'unprocessable' as const,
          message: `${errors.length} of ${errors.length + input.documents.length} documents of ${input.name} could not be read and were not screened; the hits of the others are in "hits"`,
          unscreened: errors,
          hits,
        });
      return hits;
    },
  );
}
