/**
 * Monitoring: every monitored subject is screened again against the active lists; only new or
 * changed hits alert (an unchanged subject/entity pair already has its alert, whatever its
 * state). Run after each new list version and on demand (`sanad monitor run`).
 */
import type { MatchOptions } from '../match/matcher.js';
import { appendAudit, type AuditEvent } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { raiseAlerts } from './alerting.js';
import type { Screener } from './screener.js';

const PAGE = 1000;

export interface MonitorSummary {
  subjects: number;
  hits: number;
  alerts: number;
}

export async function monitorRun(
  store: Store,
  screener: Screener,
  opts: { actor: string; match: Partial<MatchOptions>; webhook: boolean },
): Promise<MonitorSummary> {
  const summary: MonitorSummary = { subjects: 0, hits: 0, alerts: 0 };
  const versions = Object.fromEntries(screener.versions.map((v) => [v.listId, v.id]));
  let after = 0;
  for (;;) {
    const subjects = await store.db
      .selectFrom('subject')
      .selectAll()
      .where('monitor', '=', 1)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (subjects.length === 0) break;
    after = Number(subjects.at(-1)!.id);
    const screened = subjects.map((s) =>
      screener.screen(
        {
          name: s.name,
          schema: (s.schema ?? undefined) as never,
          birthDate: s.birth_date ?? undefined,
          nationality: s.nationality ?? undefined,
        },
        s.threshold === null ? opts.match : { ...opts.match, threshold: Number(s.threshold) },
      ),
    );
    const withHits = subjects
      .map((s, i) => ({ s, results: screened[i]! }))
      .filter((x) => x.results.some((r) => r.match));
    summary.subjects += subjects.length;
    summary.hits += withHits.length;
    await store.write(async (trx) => {
      const audit: AuditEvent[] = [];
      for (const { s, results } of withHits) {
        const raised = await raiseAlerts(
          trx,
          { id: Number(s.id), hash: s.data_hash, externalId: s.external_id, name: s.name },
          results,
          { runId: null, actor: opts.actor, webhook: opts.webhook },
          audit,
        );
        summary.alerts += raised.length;
      }
      audit.push({
        actor: opts.actor,
        action: 'monitor.screening',
        objectType: 'subjects',
        objectId: `${subjects[0]!.id}-${after}`,
        data: { subjects: subjects.length, hits: withHits.length, listVersions: versions },
      });
      await appendAudit(trx, audit);
    });
  }
  return summary;
}
