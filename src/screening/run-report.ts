/**
 * Per-run reports: subjects screened, hits, alerts, decisions and who made them, list versions
 * and the scoring model, so that a report read years later names what produced its scores.
 */
import { csvLines, type CsvValue } from '../core/csv-cell.js';
import { SanadError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { versionName } from '../store/version-name.js';
import { runKey, runName } from './batch-run.js';
import { forPartner } from '../store/for-partner.js';

/** A run of `partner`'s, by the name it gave; another partner's run is "not found". */
export async function runReport(store: Store, partner: string, name: string) {
  const runId = runKey(partner, name);
  const run = await forPartner(store.db, 'run', partner)
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!run) throw new SanadError('not_found', `no run "${name}"`);
  const rows = await store.db
    .selectFrom('run_row')
    .select(['error', 'hits'])
    .where('run_id', '=', runId)
    .execute();
  const alerts = await store.db
    .selectFrom('alert')
    .innerJoin('subject', 'subject.id', 'alert.subject_id')
    .select([
      'alert.id',
      'alert.public_id',
      'alert.state',
      'alert.score',
      'alert.entity_id',
      'alert.list_id',
      'alert.ref',
      'alert.caption',
      'alert.model_version',
      'subject.external_id',
      'subject.name',
    ])
    .where('alert.run_id', '=', runId)
    .orderBy('alert.id')
    .execute();
  // By join, not by a list of ids: a run may have more alerts than SQL allows parameters.
  const decisions = await store.db
    .selectFrom('decision')
    .innerJoin('alert', 'alert.id', 'decision.alert_id')
    .selectAll('decision')
    .where('alert.run_id', '=', runId)
    .orderBy('decision.id')
    .execute();
  const versionIds = Object.entries(JSON.parse(run.list_versions) as Record<string, number>);
  const versionRows = versionIds.length
    ? await store.db
        .selectFrom('list_version')
        .selectAll()
        .where(
          'id',
          'in',
          versionIds.map(([, id]) => id),
        )
        .execute()
    : [];
  const byState: Record<string, number> = {};
  for (const a of alerts) byState[a.state] = (byState[a.state] ?? 0) + 1;
  return {
    run: {
      id: runName(run.id),
      source: run.source,
      sha256: run.source_sha256,
      createdAt: run.created_at,
      createdBy: run.created_by,
      status: run.status,
      /** Why a `failed` run stopped; null otherwise. */
      error: run.error ?? null,
      finishedAt: run.finished_at,
      threshold: Number(run.threshold),
      monitor: Boolean(run.monitor),
      modelVersion: run.model_version,
    },
    listVersions: versionRows.map((v) => ({
      list: v.list_id,
      version: v.seq,
      label: v.label,
      sha256: v.sha256,
    })),
    counts: {
      rows: rows.length,
      screened: rows.filter((r) => r.error === null).length,
      unreadable: rows.filter((r) => r.error !== null).length,
      /** Rows NOT screened (today: the unreadable ones); a run with any is not clean. */
      unscreened: rows.filter((r) => r.error !== null).length,
      withHits: rows.filter((r) => Number(r.hits) > 0).length,
      alerts: alerts.length,
      alertsByState: byState,
      decisions: decisions.length,
    },
    alerts: alerts.map((a) => ({
      id: a.public_id,
      state: a.state,
      score: Number(a.score),
      subject: { id: a.external_id, name: a.name },
      entity: { id: a.entity_id, list: a.list_id, ref: a.ref, caption: a.caption },
      // A run resumed after the model changed has alerts scored by either model.
      modelVersion: a.model_version,
      decisions: decisions
        .filter((d) => Number(d.alert_id) === Number(a.id))
        .map((d) => ({
          action: d.action,
          reason: d.reason,
          decidedBy: d.decided_by,
          decidedAt: d.decided_at,
          status: d.status,
          approvedBy: d.approved_by,
          approvedAt: d.approved_at,
        })),
    })),
  };
}

export type RunReport = Awaited<ReturnType<typeof runReport>>;

export function reportCsv(r: RunReport): string {
  const header = [
    'run',
    'alert',
    'state',
    'score',
    'subject_id',
    'subject_name',
    'list',
    'ref',
    'caption',
    'decision',
    'reason',
    'decided_by',
    'decided_at',
    'status',
    'approved_by',
    'model_version',
  ];
  const lines: CsvValue[][] = [];
  for (const a of r.alerts) {
    const ds = a.decisions.length ? a.decisions : [undefined];
    for (const d of ds) {
      lines.push([
        r.run.id,
        a.id,
        a.state,
        a.score,
        a.subject.id,
        a.subject.name,
        a.entity.list,
        a.entity.ref,
        a.entity.caption,
        d?.action ?? '',
        d?.reason ?? '',
        d?.decidedBy ?? '',
        d?.decidedAt ?? '',
        d?.status ?? '',
        d?.approvedBy ?? '',
        a.modelVersion ?? r.run.modelVersion ?? '',
      ]);
    }
  }
  return csvLines([header, ...lines]);
}

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function reportHtml(r: RunReport): string {
  const c = r.counts;
  const rows = r.alerts
    .map((a) => {
      const d = a.decisions
        .map(
          (x) =>
            `${esc(x.action)} by ${esc(x.decidedBy)} (${esc(x.status)}${x.approvedBy ? `, approved by ${esc(x.approvedBy)}` : ''}): ${esc(x.reason)}`,
        )
        .join('<br>');
      const model =
        a.modelVersion !== null && a.modelVersion !== r.run.modelVersion
          ? `<br><small>model ${esc(a.modelVersion)}</small>`
          : '';
      return `<tr><td>${a.id}</td><td>${esc(a.state)}</td><td>${a.score.toFixed(2)}${model}</td><td><bdi>${esc(a.subject.name)}</bdi><br><small>${esc(a.subject.id)}</small></td><td><bdi>${esc(a.entity.caption)}</bdi><br><small>${esc(a.entity.list)} ${esc(a.entity.ref)}</small></td><td>${d}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Screening run ${esc(r.run.id)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;vertical-align:top;text-align:start}@media print{body{margin:0}}</style></head><body>
<h1>Screening run ${esc(r.run.id)}</h1>
<p>Source ${esc(r.run.source)} (sha256 ${esc(r.run.sha256.slice(0, 16))}…), started ${esc(r.run.createdAt)} by ${esc(r.run.createdBy)}, ${esc(r.run.status)}${r.run.finishedAt ? ` ${esc(r.run.finishedAt)}` : ''}${r.run.error ? ` (${esc(r.run.error)})` : ''}; threshold ${r.run.threshold}; scoring model ${esc(r.run.modelVersion ?? 'not recorded')}.</p>
<p>Lists: ${r.listVersions.map((v) => `${esc(v.list)} ${esc(versionName({ seq: v.version, label: v.label }))}`).join(', ')}.</p>
<p>${c.screened} subjects screened, ${c.unreadable} unreadable rows, ${c.withHits} with hits, ${c.alerts} alerts (${
    Object.entries(c.alertsByState)
      .map(([k, v]) => `${v} ${esc(k)}`)
      .join(', ') || 'none'
  }), ${c.decisions} decisions.</p>
${c.unscreened > 0 ? `<p style="color:#b00000"><strong>${c.unscreened} row${c.unscreened === 1 ? ' was' : 's were'} NOT screened</strong> (unreadable): this run is incomplete.</p>\n` : ''}<table><thead><tr><th>alert</th><th>state</th><th>score</th><th>subject</th><th>listed entry</th><th>decisions</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
