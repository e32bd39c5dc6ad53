/**
 * GET /alerts/{id}/evidence: the evidence behind one alert, side by side (screening/evidence.ts),
 * for the analyst deciding it. Another partner's alert is "not found".
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SanadError } from '../../core/errors.js';
import { alertEvidence } from '../../screening/evidence.js';
import type { ServerContext } from '../context.js';
import { Identifier } from '../response-schemas.js';

const Agreement = z.enum(['agree', 'disagree', 'partial', 'unknown']);
const ActorName = z.object({
  actor: z.string(),
  name: z.string(),
  kind: z.enum(['person', 'key', 'other']),
  key: z.string().optional(),
});
const Qualifier = z.object({
  kind: z.enum(['birthDate', 'nationality', 'commonName', 'weakAlias', 'schema']),
  delta: z.number(),
  text: z.string(),
});

export const AlertEvidenceSchema = z.object({
  alert: z.object({
    id: z.string(),
    state: z.enum(['open', 'escalated', 'confirmed', 'dismissed']),
    awaitingApproval: z.boolean(),
    pendingDecision: z.string().nullable(),
    score: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    run: z.string().nullable(),
    modelVersion: z.string().nullable(),
    cluster: z.string().nullable(),
    assignee: z.string().nullable(),
    previousAlert: z.string().nullable(),
    storedExplanation: z.string(),
  }),
  subject: z.object({
    id: z.string(),
    name: z.string(),
    schema: z.string().nullable(),
    birthDate: z.string().nullable(),
    nationality: z.string().nullable(),
    stored: z.array(z.string()),
  }),
  entity: z.object({
    id: z.string(),
    ref: z.string(),
    schema: z.string(),
    caption: z.string(),
    names: z.array(z.object({ value: z.string(), kind: z.string(), script: z.string() })),
    birthDates: z.array(z.string()),
    birthPlaces: z.array(z.string()),
    nationalities: z.array(z.string()),
    countries: z.array(z.string()),
    identifiers: z.array(Identifier),
    addresses: z.array(z.string()),
    programme: z.string().nullable(),
    listedOn: z.string().nullable(),
    updatedOn: z.array(z.string()),
    notes: z.array(z.string()),
    deathDates: z.array(z.string()),
    gender: z.array(z.string()),
    positions: z.array(z.string()),
    list: z.object({
      id: z.string(),
      version: z
        .object({
          number: z.number().int(),
          label: z.string(),
          sha256: z.string(),
          loadedAt: z.string(),
          active: z.boolean(),
        })
        .nullable(),
      source: z.enum(['raised', 'current', 'partner-record']),
    }),
    sharing: z.object({ partner: z.string(), basis: z.string(), sharedAt: z.string() }).nullable(),
    inCurrentLists: z.boolean(),
  }),
  rows: z.array(
    z.object({
      field: z.string(),
      subject: z.array(z.string()),
      entity: z.array(z.string()),
      agreement: Agreement,
    }),
  ),
  explanation: z
    .object({
      score: z.number(),
      storedScore: z.number(),
      scoreChanged: z.boolean(),
      model: z.string(),
      storedModel: z.string().nullable(),
      matchedName: z.string(),
      nameScore: z.number(),
      tokens: z.array(
        z.object({
          query: z.string(),
          listed: z.string(),
          evidence: z.enum([
            'exact',
            'variant',
            'cross-script',
            'spelling',
            'fuzzy',
            'initial',
            'joined',
          ]),
          score: z.number(),
          weight: z.number(),
        }),
      ),
      unmatchedQuery: z.array(z.string()),
      unmatchedListed: z.array(z.string()),
      qualifiers: z.array(Qualifier),
      arithmetic: z.object({
        bias: z.number(),
        contributions: z.array(
          z.object({
            feature: z.string(),
            value: z.number(),
            weight: z.number(),
            contribution: z.number(),
            text: z.string(),
          }),
        ),
        total: z.number(),
        probability: z.number(),
        score: z.number(),
      }),
    })
    .nullable(),
  whatIf: z.array(
    z.object({
      field: z.enum(['birthDate', 'nationality']),
      listed: z.array(z.string()),
      agreeValue: z.string(),
      ifAgrees: z.number(),
      differValue: z.string(),
      ifDiffers: z.number(),
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.string(),
      action: z.enum(['confirm', 'dismiss', 'escalate']),
      reason: z.string(),
      status: z.enum(['pending', 'effective', 'rejected']),
      decidedBy: ActorName,
      decidedAt: z.string(),
      approvedBy: ActorName.nullable(),
      approvedAt: z.string().nullable(),
    }),
  ),
  comments: z.array(
    z.object({ id: z.string(), author: ActorName, at: z.string(), text: z.string() }),
  ),
});

export function registerEvidence(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/alerts/:id/evidence',
    {
      config: { role: 'analyst' },
      schema: {
        summary: 'The evidence behind an alert, side by side',
        description:
          'The customer and the listed entity field by field (the entity from the list version the alert was raised against where stored), the match explained by the current screener (tokens, qualifiers, feature contributions), what a missing date of birth or nationality would do to the score, and the decisions, approvals and comments with the names of the people behind them.',
        tags: ['workflow'],
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: AlertEvidenceSchema },
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      // The evidence is explained by the screener, which a starting server is still loading.
      if (!ctx.service.ready)
        throw new SanadError('unavailable', 'the lists are still loading: try again shortly');
      return alertEvidence(ctx.store, ctx.service.screener, key.partner, req.params.id);
    },
  );
}
