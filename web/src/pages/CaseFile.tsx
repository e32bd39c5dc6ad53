/**
 * The case file of an alert or a subject, as a printable page in the reader's language: the
 * screening, the list versions, the evidence side by side, decisions and approvals by name,
 * comments, and the audit records behind them with the signed chain head.
 *
 * Opening the page reads a preview (`?preview=true`): neither recorded on the audit trail nor
 * sealed, so viewing or reloading a case does not grow the trail. "Download JSON" and
 * "Download PDF" export: the first of them fetches the sealed file (recorded as `case.export`),
 * which the page then shows in place of the preview; "Download PDF" prints it (the browser's
 * "Save as PDF"; print CSS in CaseFile.css); "Download JSON" saves it exactly as the API
 * answered it, which `sanad audit verify --case` checks offline. One export per visit.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { api, type Answer } from '../api.js';
import { errorText } from '../errors.js';
import { useI18n, type Key } from '../i18n.js';
import { ErrorText } from './ErrorText.js';
import { useLoad } from './useLoad.js';
import { EvidenceTable } from './alert/EvidenceTable.js';
import { Alignment, Arithmetic } from './alert/ScoreWhy.js';
import './AlertPage.css';
import './CaseFile.css';
import { download } from './download.js';

type CaseFile = Answer<'GET /alerts/{id}/case'>;
type Sealed = Extract<CaseFile, { seal: string }>;
type CaseAlert = CaseFile['alerts'][number];
type Subject = CaseFile['subject'];

/** Customer fields shown beside the listed entry's property of the same meaning. */
const SUBJECT_FIELDS: [keyof Subject, string][] = [
  ['name', 'name'],
  ['birthDate', 'birthDate'],
  ['nationality', 'nationality'],
];
const STATUS: Record<string, Key> = {
  pending: 'pending',
  effective: 'effective',
  rejected: 'rejected',
};

export function CaseFilePage({ kind, id }: { kind: 'alert' | 'subject'; id: string }) {
  const { t, fill, date } = useI18n();
  const path = `/${kind === 'alert' ? 'alerts' : 'subjects'}/${encodeURIComponent(id)}/case`;
  const preview = useLoad(() => api<CaseFile>('GET', `${path}?preview=true`), [path]);
  const [exported, setExported] = useState<Sealed | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const data = exported ?? preview.data;
  const { loading } = preview;
  const error = exportError ?? preview.error;
  const [status, setStatus] = useState('');
  useEffect(() => {
    setExported(null);
    setExportError(null);
  }, [path]);
  const title = fill(kind === 'alert' ? 'caseOfAlert' : 'caseOfSubject', { id });
  // The title names the case: a PDF saved from the print dialog carries it as its title.
  useEffect(() => {
    if (!data) return;
    const before = document.title;
    document.title = `${title} · ${t('appName')}`;
    return () => {
      document.title = before;
    };
  }, [data, title, t]);
  // Printed once the sealed file is on the page (after React has rendered it).
  useEffect(() => {
    if (!printing || !exported) return;
    setPrinting(false);
    window.print();
  }, [printing, exported]);

  /** The sealed, recorded export: fetched once per visit, then shown instead of the preview. */
  const exportFile = async (): Promise<Sealed | null> => {
    if (exported) return exported;
    setExporting(true);
    setExportError(null);
    try {
      const file = await api<CaseFile>('GET', path);
      if (!('seal' in file)) throw new Error('not sealed');
      setExported(file);
      setStatus(t('caseExported'));
      return file;
    } catch (err) {
      setExportError(errorText(err, t));
      return null;
    } finally {
      setExporting(false);
    }
  };

  const downloadJson = async () => {
    const file = await exportFile();
    if (!file) return;
    download(
      JSON.stringify(file, null, 2),
      `case-${file.kind}-${file.id}.json`,
      'application/json',
    );
    setStatus(t('caseJsonSaved'));
  };

  const downloadPdf = async () => {
    if (await exportFile()) setPrinting(true);
  };

  return (
    <section
      className="case-file"
      aria-busy={loading || exporting}
      data-state={loading ? 'loading' : data ? 'ready' : 'error'}
      data-exported={exported ? 'true' : 'false'}
      aria-labelledby="case-title"
    >
      <h1 id="case-title">{fill(kind === 'alert' ? 'caseOfAlert' : 'caseOfSubject', { id })}</h1>
      <ErrorText>{error}</ErrorText>
      {loading && <p>{t('loading')}</p>}
      {data && (
        <>
          <div className="case-actions no-print">
            <button
              type="button"
              onClick={() => void downloadPdf()}
              disabled={exporting}
              aria-describedby="case-pdf-help"
            >
              {t('caseDownloadPdf')}
            </button>
            <button type="button" onClick={() => void downloadJson()} disabled={exporting}>
              {t('caseDownloadJson')}
            </button>
            <span id="case-pdf-help" className="hint">
              {t('casePdfHelp')}
            </span>
          </div>
          <p role="status" className="no-print case-status">
            {status}
          </p>
          <p className="case-mode">
            <strong>{t(exported ? 'caseExportedNote' : 'casePreviewNote')}</strong>
          </p>
          <p>{fill('caseMade', { at: date(data.made.at, true), by: data.made.byName })}</p>
          <dl className="case-facts">
            <dt>{t('casePartner')}</dt>
            <dd>
              <bdi>{data.made.partner}</bdi>
            </dd>
            <dt>{t('caseNodeKey')}</dt>
            <dd className="mono" dir="ltr">
              {data.made.node}
            </dd>
          </dl>
          <Screening file={data} />
          <ListVersions file={data} />
          {data.alerts.map((a) => (
            <AlertSection key={a.id} alert={a} />
          ))}
          <Trail file={data} />
        </>
      )}
    </section>
  );
}

function Screening({ file }: { file: CaseFile }) {
  const { t, date, num } = useI18n();
  const thresholds = [...new Set(file.alerts.map((a) => a.threshold))];
  return (
    <section aria-labelledby="case-screening" className="case-section">
      <h2 id="case-screening">{t('caseScreening')}</h2>
      <h3>{t('caseQuery')}</h3>
      <dl className="case-facts">
        <dt>{t('subject')}</dt>
        <dd>
          <bdi>{file.subject.id}</bdi>
        </dd>
        {SUBJECT_FIELDS.map(([field, label]) => (
          <Fact key={field} label={t(label as Key)} value={file.subject[field] as string | null} />
        ))}
        <Fact label={t('schema')} value={file.subject.schema} />
        <dt>{t('caseThreshold')}</dt>
        <dd>
          {thresholds.map((x) => (x === null ? t('caseDefaultThreshold') : num(x))).join(' · ')}
        </dd>
      </dl>
      {file.runs.length === 0 ? (
        <p>{t('caseNoRun')}</p>
      ) : (
        file.runs.map((r) => (
          <div key={r.id}>
            <h3>
              {t('caseRun')} <bdi>{r.id}</bdi>
            </h3>
            <dl className="case-facts">
              <Fact label={t('caseSource')} value={r.source} />
              <dt>{t('caseCreated')}</dt>
              <dd>{date(r.createdAt, true)}</dd>
              <Fact label={t('caseCreatedBy')} value={r.createdBy} />
              <dt>{t('caseThreshold')}</dt>
              <dd>{num(r.threshold)}</dd>
              <Fact label={t('caseModel')} value={r.modelVersion} />
              <dt>SHA-256</dt>
              <dd className="mono" dir="ltr">
                {r.sha256}
              </dd>
            </dl>
          </div>
        ))
      )}
    </section>
  );
}

/** A table that scrolls sideways inside its box on a narrow screen; focusable for the keyboard. */
function Scroll({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div
      className="table-wrap"
      role="region"
      aria-label={`${label}: ${t('caseTableRegion')}`}
      tabIndex={0}
    >
      {children}
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string | null | undefined }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <bdi>{value}</bdi>
      </dd>
    </>
  );
}

function ListVersions({ file }: { file: CaseFile }) {
  const { t, date, num } = useI18n();
  return (
    <section aria-labelledby="case-versions" className="case-section">
      <h2 id="case-versions">{t('caseListVersions')}</h2>
      <Scroll label={t('caseListVersions')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('list')}</th>
              <th scope="col">{t('version')}</th>
              <th scope="col">{t('caseLabel')}</th>
              <th scope="col">{t('caseLoaded')}</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {file.listVersions.map((v) => (
              <tr key={v.id}>
                <td>
                  <bdi>{v.list}</bdi>
                </td>
                <td>{num(v.version)}</td>
                <td>
                  <bdi>{v.label}</bdi>
                </td>
                <td>{date(v.loadedAt, true)}</td>
                <td className="mono" dir="ltr">
                  {v.sha256}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}

function AlertSection({ alert: a }: { alert: CaseAlert }) {
  const { t, fill, date, pct, tx } = useI18n();
  const ev = a.evidence;
  const e = ev.entity;
  const heading = `case-alert-${a.id}`;
  return (
    <section aria-labelledby={heading} className="case-section case-alert">
      <h2 id={heading}>{fill('caseAlert', { id: a.id })}</h2>
      <dl className="case-facts">
        <dt>{t('state')}</dt>
        <dd>{tx('st', a.state)}</dd>
        <dt>{t('score')}</dt>
        <dd>{pct(a.score)}</dd>
        <dt>{t('list')}</dt>
        <dd>
          <bdi>{a.entity.list}</bdi> · <bdi>{a.entity.ref}</bdi>
        </dd>
        <Fact label={t('caseRun')} value={a.run} />
        <dt>{t('caseCreated')}</dt>
        <dd>{date(a.createdAt, true)}</dd>
        <Fact label={t('listedOn')} value={e.listedOn} />
        <Fact label={t('caseProgramme')} value={e.programme} />
      </dl>
      <h3>{t('caseSideBySide')}</h3>
      <Scroll label={t('caseSideBySide')}>
        <EvidenceTable ev={ev} />
      </Scroll>
      <h3>{t('caseExplanation')}</h3>
      {ev.explanation ? (
        <>
          <Alignment x={ev.explanation} />
          <Arithmetic x={ev.explanation} />
        </>
      ) : (
        <p className="case-explanation" dir="auto">
          {a.explanation}
        </p>
      )}
      <h3>{t('decisions')}</h3>
      {a.decisions.length === 0 ? (
        <p>{t('caseNoDecision')}</p>
      ) : (
        <ol className="case-list">
          {a.decisions.map((d) => (
            <li key={d.id}>
              <p>
                <strong>
                  {fill('caseDecided', {
                    action: tx('act', d.action),
                    by: d.decidedByName,
                    at: date(d.decidedAt, true),
                  })}
                </strong>{' '}
                ({t(STATUS[d.status] ?? 'effective')})
              </p>
              <p>
                {t('reason')}: <bdi>{d.reason}</bdi>
              </p>
              {d.approvedByName && d.approvedAt && (
                <p>
                  {fill(d.status === 'rejected' ? 'caseRejectedBy' : 'caseApprovedBy', {
                    by: d.approvedByName,
                    at: date(d.approvedAt, true),
                  })}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <h3>{t('caseComments')}</h3>
      {a.comments.length === 0 ? (
        <p>{t('caseNoComments')}</p>
      ) : (
        <ol className="case-list">
          {a.comments.map((c) => (
            <li key={c.id}>
              <p>
                <strong>
                  <bdi>{c.authorName}</bdi>
                </strong>{' '}
                · {date(c.at, true)}
              </p>
              <p>
                <bdi>{c.text}</bdi>
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Trail({ file }: { file: CaseFile }) {
  const { t, fill, count, date, num } = useI18n();
  const about = file.trail.records.flatMap((r) => (r.link ? [] : [r]));
  return (
    <section aria-labelledby="case-trail" className="case-section">
      <h2 id="case-trail">{t('caseRecords')}</h2>
      <p>
        {fill('caseRecordsSummary', {
          about: about.length,
          chain: file.trail.chain,
          links: file.trail.records.length - about.length,
          head: file.trail.headSeq,
        })}{' '}
        {count(file.trail.waypoints.length, 'caseWaypoints')}
      </p>
      <Scroll label={t('caseRecords')}>
        <table className="case-records">
          <thead>
            <tr>
              <th scope="col">{t('caseNo')}</th>
              <th scope="col">{t('at')}</th>
              <th scope="col">{t('actor')}</th>
              <th scope="col">{t('auditAction')}</th>
              <th scope="col">{t('caseHash')}</th>
            </tr>
          </thead>
          <tbody>
            {about.map((r) => (
              <tr key={r.chainSeq}>
                <td>{num(r.chainSeq)}</td>
                <td>{date(r.at, true)}</td>
                <td>
                  <bdi>{r.actor}</bdi>
                </td>
                <td>
                  <bdi>{r.action}</bdi>
                </td>
                <td className="mono" dir="ltr">
                  {r.hash}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <dl className="case-facts">
        <dt>{t('caseHead')}</dt>
        <dd className="mono" dir="ltr">
          {file.trail.headSeq} · {file.trail.headHash}
        </dd>
      </dl>
      <h3>{t('caseVerify')}</h3>
      <p>{t('caseVerifyText')}</p>
    </section>
  );
}
