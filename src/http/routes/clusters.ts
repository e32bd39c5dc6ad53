/**
 * Clusters over HTTP: a cluster with every member's own names, dates and nationalities side by
 * side and the links that join them (analysts), and the link proposals by name, date of birth
 * and nationality, computed, accepted and rejected by admins. A decision is in the audit trail,
 * and the service rebuilds its clusters before the answer, so the next screening shows it.
 * Clusters are over the public lists only: partner records are never in one.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  clusterView,
  computeProposals,
  decideProposal,
  findCluster,
  proposalView,
} from '../../screening/cluster-links.js';
import { LINK_STATES, listClusterLinks, type LinkState } from '../../store/cluster-links.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import { requireNodeAdmin } from '../auth.js';
import { HttpError } from '../errors.js';

const Member = z.object({
  entity_id: z.string(),
  list: z.string(),
  ref: z.string(),
  caption: z.string(),
  schema: z.string(),
  names: z.array(z.string()),
  weakAliases: z.array(z.string()),
  birthDates: z.array(z.string()),
  nationalities: z.array(z.string()),
  listedOn: z.string().nullable(),
  programme: z.string().nullable(),
});

const Link = z.object({ a: z.string(), b: z.string(), basis: z.string() });

export const ClusterDocument = z.object({
  id: z.string(),
  members: z.array(Member),
  links: z.array(Link),
});

const State = z.enum(LINK_STATES as [LinkState, ...LinkState[]]);

export const LinkProposal = z.object({
  id: z.string(),
  a: z.string(),
  b: z.string(),
  captionA: z.string().nullable(),
  captionB: z.string().nullable(),
  basis: z.string(),
  score: z.number(),
  state: State,
  /** A record of the pair is no longer listed: it can be rejected, not accepted. */
  stale: z.boolean(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});

const ProposalId = z.object({ id: z.string().min(1).max(100) });

export function registerClusters(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  let running: ReturnType<typeof computeProposals> | undefined;

  r.get(
    '/clusters/proposals',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Link proposals between records of different lists, newest first',
        tags: ['clusters'],
        querystring: z.object({ state: State.optional() }),
        response: { 200: z.object({ proposals: z.array(LinkProposal) }) },
      },
    },
    async (req) => {
      const screener = ctx.service.screener;
      const links = await listClusterLinks(ctx.store, req.query.state);
      return { proposals: links.map((l) => proposalView(screener, l)) };
    },
  );

  r.post(
    '/clusters/proposals',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Compute link proposals by name, date of birth and nationality; store new ones',
        description:
          'Screens every public record against the other lists. A pair proposed before, accepted or rejected is not proposed again.',
        tags: ['clusters'],
        response: { 200: z.object({ found: z.number().int(), created: z.array(LinkProposal) }) },
      },
    },
    async (req) => {
      // Clusters are node-wide: only the node's own admins change them, not a partner's.
      requireNodeAdmin(ctx.keyOf(req));
      const screener = ctx.service.screener;
      // Seconds of matching over every list: a second call meanwhile joins the one running
      // instead of doing the work twice.
      running ??= computeProposals(ctx.store, screener).finally(() => (running = undefined));
      const { found, stored } = await running;
      return { found, created: stored.map((l) => proposalView(screener, l)) };
    },
  );

  for (const [verb, state] of [
    ['accept', 'accepted'],
    ['reject', 'rejected'],
  ] as const) {
    r.post(
      `/clusters/proposals/:id/${verb}`,
      {
        config: { role: 'admin' },
        schema: {
          summary:
            state === 'accepted'
              ? 'Accept a link proposal: the two records become one cluster'
              : 'Reject a link proposal (or undo an accepted link): never proposed again',
          tags: ['clusters'],
          params: ProposalId,
          body: z
            .object({ reason: z.string().trim().max(500).optional() })
            .strict()
            .nullish(),
          response: { 200: LinkProposal },
        },
      },
      async (req) => {
        requireNodeAdmin(ctx.keyOf(req));
        const link = await decideProposal(ctx.store, ctx.service.screener, req.params.id, {
          state,
          actor: keyActor(ctx.keyOf(req)),
          reason: req.body?.reason,
        });
        await ctx.service.refresh();
        return proposalView(ctx.service.screener, link);
      },
    );
  }

  r.get(
    '/clusters/:id',
    {
      config: { role: 'analyst' },
      schema: {
        summary: 'A cluster (by its id, or by a member record’s entity id), members side by side',
        tags: ['clusters'],
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: ClusterDocument },
      },
    },
    async (req) => {
      const screener = ctx.service.screener;
      const cluster = findCluster(screener, req.params.id);
      if (!cluster) throw new HttpError('not_found', `no cluster ${req.params.id}`);
      return clusterView(screener, cluster);
    },
  );
}
