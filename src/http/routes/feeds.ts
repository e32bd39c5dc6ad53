/**
 * Node-to-node feeds. As a publisher, this node serves `GET /feed`: what it shares with the
 * caller's partner, as signed batches after a cursor, and its public key at `GET /node/key`.
 * As a subscriber, the node's own admins add feeds of other nodes and pull them.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_BATCH, MAX_BATCH, publishBatch } from '../../sharing/feed-publish.js';
import { removeFeed } from '../../sharing/feed-remove.js';
import { addFeed, listFeeds, pullFeed, type PullReport } from '../../sharing/feed-subscribe.js';
import { nodeKey } from '../../sharing/node-key.js';
import { scopeJson } from '../../sharing/scope.js';
import { requireNodeAdmin } from '../auth.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import {
  Feed,
  FeedRemoval,
  Feeds,
  NodeKey,
  PullReport as PullReportSchema,
  SignedBatch,
} from '../response-schemas.js';

export function feedChanged(r: PullReport): boolean {
  return r.created + r.amended + r.restored + r.withdrawn > 0;
}

export function registerFeeds(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/node/key',
    {
      config: { role: 'client' },
      schema: {
        response: { 200: NodeKey },
        summary: "This node's Ed25519 public key: subscribers verify its feed batches with it",
        tags: ['feeds'],
      },
    },
    async () => {
      return { publicKey: (await nodeKey(ctx.store)).publicKey, algorithm: 'Ed25519' };
    },
  );

  r.get(
    '/feed',
    {
      config: { role: 'analyst' },
      schema: {
        response: { 200: SignedBatch },
        summary: 'The next signed batch of records this node shares with your partner',
        description:
          'Analysts and admins (a feed is a bulk export of the records in your scope, as GET /records/export is). A batch is {payload, signature}: payload is base64 of a JSON document {format, publisher, recipient, issuedAt, from, to, more, changes}, signed with the node key (Ed25519). Pass the previous batch\'s "to" as after. Changes are upserts of records in your scope and withdrawals of records that have left it.',
        tags: ['feeds'],
        querystring: z.object({
          after: z.string().max(2000).default(''),
          limit: z.coerce.number().int().min(1).max(MAX_BATCH).default(DEFAULT_BATCH),
        }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      return publishBatch(ctx.store, key.partner, req.query.after, req.query.limit);
    },
  );

  const feedView = (f: Awaited<ReturnType<typeof listFeeds>>[number]) => ({
    ...f,
    scope: scopeJson(f.scope),
  });

  r.get(
    '/feeds',
    {
      config: { role: 'admin' },
      schema: {
        response: { 200: Feeds },
        summary: "The feeds this node pulls (the node's own admins)",
        tags: ['feeds'],
      },
    },
    async (req) => {
      requireNodeAdmin(ctx.keyOf(req));
      return { feeds: (await listFeeds(ctx.store)).map(feedView) };
    },
  );

  r.post(
    '/feeds',
    {
      config: { role: 'admin' },
      schema: {
        response: { 201: Feed },
        summary: "Subscribe to another node's feed (the node's own admins)",
        tags: ['feeds'],
        body: z.object({
          id: z.string().min(1).max(63),
          url: z.string().min(1).max(2000),
          publicKey: z.string().min(1).max(200),
          apiKey: z.string().min(1).max(400),
          scope: z.unknown().optional(),
        }),
      },
    },
    async (req, reply) => {
      const key = ctx.keyOf(req);
      requireNodeAdmin(key);
      const feed = await addFeed(ctx.store, req.body, keyActor(key));
      reply.code(201);
      return feedView(feed);
    },
  );

  r.post(
    '/feeds/:id/pull',
    {
      config: { role: 'admin' },
      schema: {
        response: { 200: PullReportSchema },
        summary:
          'Pull a feed now: every batch after its cursor, each verified before it is applied',
        tags: ['feeds'],
        params: z.object({ id: z.string().min(1).max(63) }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      requireNodeAdmin(key);
      const report = await pullFeed(ctx.store, req.params.id, keyActor(key));
      if (feedChanged(report)) {
        await ctx.service.syncPartners();
        ctx.onRecordsChanged?.();
      }
      return report;
    },
  );

  r.delete(
    '/feeds/:id',
    {
      config: { role: 'admin' },
      schema: {
        response: { 200: FeedRemoval },
        summary: "Unsubscribe from a feed (the node's own admins)",
        description:
          'The subscription and its sealed API key go; the records the feed already brought stay on this node, counted in the answer and in the audit record.',
        tags: ['feeds'],
        params: z.object({ id: z.string().min(1).max(63) }),
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      requireNodeAdmin(key);
      return removeFeed(ctx.store, req.params.id, keyActor(key));
    },
  );
}
