/**
 * Monitoring: every monitored subject is screened again against the active lists; only new or
 * changed hits alert (an unchanged subject/entity pair already has its alert, whatever its
 * state). Run after each new list version and on demand (`sanad monitor run`).
 */
import type { MatchResult } from '../core/query.js';
import type { MatchOptions } from '../match/matcher.js';
import { appendAudit, type AuditEvent } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { raiseAlerts } from './alerting.js';
import type { Screener } from './screener.js';
import { ownedBy } from '../store/for-partner.js';

const PAGE = 1000;

export interface MonitorSummary {
  subjects: number;
  hits: number;
  alerts: number;
}

type SubjectRow = Awaited<ReturnType<typeof fetchPage>>[number];

function fetchPage(store: Store, after: number, partner?: string) {
  let q = store.db
    .selectFrom('subject')
    .selectAll()
    .where('monitor', '=', 1)
    .where('id', '>', after);
  if (partner !== undefined) q = q.$call(ownedBy(partner));
  return q.orderBy('id').limit(PAGE).execute();
}

/** Pages written per transaction (with one audit record for them). */
const PAGES_PER_WRITE = 10;

export async function monitorRun(
  store: Store,
  screener: Screener,
  opts: {
    actor: string;
    match: Partial<MatchOptions>;
    webhook: boolean;
    /** Only this partner's subjects; every partner's (each screened as itself) when absent. */
    partner?: string;
  },
): Promise<MonitorSummary> {
  const summary: MonitorSummary = { subjects: 0, hits: 0, alerts: 0 };
  const versions = Object.fromEntries(screener.versions.map((v) => [v.listId, v.id]));
  let pending: { s: SubjectRow; results: MatchResult[] }[] = [];
  // Named by the subjects' public ids: their row ids would count other partners' subjects.
  let span = { first: '', last: '', subjects: 0, hits: 0 };
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending;
    const done = span;
    pending = [];
    span = { first: '', last: '', subjects: 0, hits: 0 };
    // Writes run one after another, while the next pages are being screened.
    writing = writing.then(() =>
      store.write(async (trx) => {
        const audit: AuditEvent[] = [];
        for (const { s, results } of batch) {
          const raised = await raiseAlerts(
            trx,
            {
              id: Number(s.id),
              hash: s.data_hash,
              externalId: s.external_id,
              name: s.name,
              partner: s.partner_id,
            },
            results,
            { runId: null, actor: opts.actor, webhook: opts.webhook },
            audit,
          );
          summary.alerts += raised.length;
        }
        audit.push({
          actor: opts.actor,
          partner: opts.partner,
          action: 'monitor.screening',
          objectType: 'subjects',
          objectId: `${done.first}-${done.last}`,
          data: {
            subjects: done.subjects,
            hits: done.hits,
            listVersions: versions,
            model: screener.modelVersion(),
          },
        });
        await appendAudit(trx, audit);
      }),
    );
  };
  let page = 0;
  let next = fetchPage(store, 0, opts.partner);
  for (;;) {
    const subjects = await next;
    if (subjects.length === 0) break;
    const last = Number(subjects.at(-1)!.id);
    // Fetch the next page while this one is screened.
    next = fetchPage(store, last, opts.partner);
    if (span.subjects === 0) span.first = subjects[0]!.public_id;
    span.last = subjects.at(-1)!.public_id;
    for (const s of subjects) {
      const results = screener.screen(
        {
          name: s.name,
          schema: (s.schema ?? undefined) as never,
          birthDate: s.birth_date ?? undefined,
          nationality: s.nationality ?? undefined,
        },
        {
          ...opts.match,
          ...(s.threshold === null ? {} : { threshold: Number(s.threshold) }),
          partner: s.partner_id,
        },
      );
      if (results.some((r) => r.match)) {
        pending.push({ s, results });
        span.hits++;
        summary.hits++;
      }
    }
    span.subjects += subjects.length;
    summary.subjects += subjects.length;
    if (++page % PAGES_PER_WRITE === 0) flush();
  }
  if (span.subjects > 0) flush();
  await writing;
  return summary;
}
