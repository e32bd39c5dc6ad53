/**
 * Screening runs (GET /runs) and a run's report (GET /runs/{run}/report): counts, with the rows
 * not screened never taken for clean; the list versions screened against; the alerts by state
 * with links to each; and the printable HTML and CSV reports, fetched with the key in a header
 * and saved from a Blob, so that the key never goes in a URL.
 */
import { useState } from 'react';
import { api, type Answer } from '../api.js';
import { useI18n, type Key } from '../i18n.js';
import { ErrorText } from './ErrorText.js';
import { useLoad } from './useLoad.js';
import { download, errorText, published, StatusLine, TableWrap } from './admin/admin-kit.js';
import './admin/admin.css';

type Run = Answer<'GET /runs'>['runs'][number];
type Report = Exclude<Answer<'GET /runs/{run}/report'>, string>;

export function RunsPage() {
  const { t, tx, date } = useI18n();
  const runs = useLoad(() => api<{ runs: Run[] }>('GET', '/runs'), []);
  const list = runs.data?.runs ?? [];
  return (
    <section className="card" aria-labelledby="runs-title">
      <h1 id="runs-title">{t('runsTitle')}</h1>
      <p className="help">{t('runsIntro')}</p>
      <ErrorText>{runs.error}</ErrorText>
      <TableWrap label={t('runsTitle')}>
        <table className="admin-table" aria-busy={runs.loading} data-testid="runs">
          <thead>
            <tr>
              <th scope="col">{t('run')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('runSource')}</th>
              <th scope="col">{t('runStarted')}</th>
              <th scope="col">{t('runFinished')}</th>
              <th scope="col">{t('actor')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id} data-run={r.id} data-status={r.status}>
                <td data-label={t('run')}>
                  <a href={`#/runs/${encodeURIComponent(r.id)}`}>
                    <bdi>{r.id}</bdi>
                  </a>
                  {r.monitor && <span className="badge">{t('runMonitor')}</span>}
                </td>
                <td data-label={t('state')}>
                  <span className={`badge run-${r.status}`}>{tx('rs', r.status)}</span>
                  {r.error && (
                    <span className="error block">
                      <bdi>{r.error}</bdi>
                    </span>
                  )}
                </td>
                <td data-label={t('runSource')}>
                  <bdi>{r.source}</bdi>
                </td>
                <td data-label={t('runStarted')}>{date(r.createdAt, true)}</td>
                <td data-label={t('runFinished')}>
                  {r.finishedAt ? date(r.finishedAt, true) : '—'}
                </td>
                <td data-label={t('actor')}>
                  <bdi>{r.createdBy}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {runs.data && list.length === 0 && <p>{t('noRuns')}</p>}
    </section>
  );
}

const COUNTS = ['rows', 'screened', 'unreadable', 'unscreened', 'withHits', 'alerts', 'decisions'];

export function RunReportPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, tx, num, pct, date, count, fill } = i18n;
  const report = useLoad(() => api<Report>('GET', `/runs/${encodeURIComponent(id)}/report`), [id]);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (format: 'html' | 'csv') => {
    setError(null);
    const name = `run-${id.replace(/[^\w.-]+/g, '_')}.${format}`;
    try {
      await download(`/runs/${encodeURIComponent(id)}/report?format=${format}`, name);
      setStatus(fill('runDownloaded', { name }));
    } catch (err) {
      setError(errorText(err, i18n));
    }
  };
  const r = report.data;
  const c = r?.counts;
  return (
    <>
      <p>
        <a href="#/runs">{t('allRuns')}</a>
      </p>
      <section className="card" aria-labelledby="run-title" aria-busy={report.loading}>
        <h1 id="run-title">
          {t('runReport')}: <bdi>{id}</bdi>
        </h1>
        <ErrorText>{report.error}</ErrorText>
        {r && c && (
          <>
            <dl className="facts">
              <dt>{t('state')}</dt>
              <dd>
                <span className={`badge run-${r.run.status}`} data-run-status={r.run.status}>
                  {tx('rs', r.run.status)}
                </span>
              </dd>
              {r.run.error && (
                <>
                  <dt>{t('runError')}</dt>
                  <dd className="error">
                    <bdi>{r.run.error}</bdi>
                  </dd>
                </>
              )}
              <dt>{t('runSource')}</dt>
              <dd>
                <bdi>{r.run.source}</bdi>
              </dd>
              <dt>{t('runFile')}</dt>
              <dd>
                <bdi dir="ltr" className="code">
                  {r.run.sha256}
                </bdi>
              </dd>
              <dt>{t('runStarted')}</dt>
              <dd>
                {date(r.run.createdAt, true)} · <bdi>{r.run.createdBy}</bdi>
              </dd>
              <dt>{t('runFinished')}</dt>
              <dd>{r.run.finishedAt ? date(r.run.finishedAt, true) : '—'}</dd>
              <dt>{t('runThreshold')}</dt>
              <dd>{pct(r.run.threshold, 0)}</dd>
              {r.run.modelVersion && (
                <>
                  <dt>{t('runModel')}</dt>
                  <dd>
                    <bdi dir="ltr">{r.run.modelVersion}</bdi>
                  </dd>
                </>
              )}
            </dl>
            <div className="row-actions">
              <button type="button" onClick={() => void save('html')}>
                {t('runDownloadHtml')}
              </button>
              <button type="button" className="secondary" onClick={() => void save('csv')}>
                {t('runDownloadCsv')}
              </button>
            </div>
            <ErrorText>{error}</ErrorText>
            <StatusLine text={status} />
          </>
        )}
      </section>
      {r && c && (
        <>
          <section className="card" aria-labelledby="run-counts">
            <h2 id="run-counts">{t('runCounts')}</h2>
            {/* Unreadable rows are among the unscreened ones (screening/run-report.ts). */}
            {c.unscreened > 0 ? (
              <p className="verdict unscreened" data-verdict="unscreened">
                {count(c.unscreened, 'runNotClear')}
              </p>
            ) : r.run.status === 'failed' ? (
              <p className="verdict unscreened" data-verdict="failed">
                {t('runFailedNotClear')}
              </p>
            ) : r.run.status === 'running' ? (
              <p className="verdict" data-verdict="running">
                {t('runStillRunning')}
              </p>
            ) : (
              <p className="verdict" data-verdict="screened">
                {t('runAllScreened')}
              </p>
            )}
            <dl className="counts">
              {COUNTS.map((k) => {
                const n = (c as Record<string, unknown>)[k] as number;
                const bad = (k === 'unscreened' || k === 'unreadable') && n > 0;
                return (
                  <div key={k} className={bad ? 'unscreened' : undefined} data-count={k}>
                    <dt>{t(`rc_${k}` as Key)}</dt>
                    <dd>{num(n)}</dd>
                  </div>
                );
              })}
            </dl>
          </section>
          <section className="card" aria-labelledby="run-lists">
            <h2 id="run-lists">{t('runListVersions')}</h2>
            <ul>
              {r.listVersions.map((v) => (
                <li key={`${v.list}-${v.version}`}>
                  <bdi>{v.list}</bdi> · {t('version')} {num(v.version)} ·{' '}
                  <bdi>{published(v.label, date)}</bdi>
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="run-alerts">
            <h2 id="run-alerts">{t('runAlertsByState')}</h2>
            {Object.keys(c.alertsByState).length > 0 && (
              <ul className="inline-list">
                {Object.entries(c.alertsByState).map(([state, n]) => (
                  <li key={state} data-state-count={state}>
                    {tx('st', state)}: {num(n)}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('runAlerts')}</h3>
            {r.alerts.length === 0 ? (
              <p>{t('noRunAlerts')}</p>
            ) : (
              <TableWrap label={t('runAlerts')}>
                <table className="admin-table" data-testid="run-alerts">
                  <thead>
                    <tr>
                      <th scope="col">{t('alert')}</th>
                      <th scope="col">{t('state')}</th>
                      <th scope="col">{t('score')}</th>
                      <th scope="col">{t('subject')}</th>
                      <th scope="col">{t('entity')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.alerts.map((a) => {
                      const pending = a.decisions.some((d) => d.status === 'pending');
                      return (
                        <tr key={a.id} data-alert={a.id}>
                          <td data-label={t('alert')}>
                            <a href={`#/alerts/${encodeURIComponent(a.id)}`}>
                              <bdi dir="ltr">{a.id}</bdi>
                            </a>
                          </td>
                          <td data-label={t('state')}>
                            {tx('st', a.state)}
                            {pending && <span className="badge">{t('pending')}</span>}
                          </td>
                          <td data-label={t('score')}>{pct(a.score, 0)}</td>
                          <td data-label={t('subject')}>
                            <bdi>{a.subject.name}</bdi> (<bdi>{a.subject.id}</bdi>)
                          </td>
                          <td data-label={t('entity')}>
                            <bdi>{a.entity.caption}</bdi> · <bdi>{a.entity.list}</bdi>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </section>
        </>
      )}
    </>
  );
}
