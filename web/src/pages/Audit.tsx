/**
 * The audit trail, newest first as GET /audit serves it, a page at a time: "older" follows the
 * server's cursor, and the dates asked for are whole days in the reader's time zone (the "to"
 * day included). Actions are said in the reader's language; an action the page does not know
 * shows its code. The chain's verification is shown, and can be asked for again in full.
 */
import { useState, type FormEvent } from 'react';
import { api, type Answer } from '../api.js';
import { useI18n, type I18n } from '../i18n.js';
import { ErrorText } from './ErrorText.js';
import { TableWrap } from './admin/admin-kit.js';
import { useLoad } from './useLoad.js';
import './admin/admin.css';

type AuditPage = Answer<'GET /audit'>;
type AuditRecord = AuditPage['records'][number];
type Verification = Answer<'GET /audit/verify'>;

/** Records per page. */
const PAGE = 100;

/** The action in words (`decision.propose` → key `aa_decision_propose`), or its code. */
export function actionWords(i18n: Pick<I18n, 'tx'>, action: string): string {
  const words = i18n.tx('aa', action.replace(/\./g, '_'));
  return words === action.replace(/\./g, '_') ? action : words;
}

/** The start of a local calendar day as an instant; `next` gives the start of the day after. */
function dayStart(day: string, next = false): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + (next ? 1 : 0)).toISOString();
}

interface Query {
  from: string;
  to: string;
  /** The cursors of the pages shown before this one (newest first); the last is this page's. */
  cursors: string[];
}

export function AuditPage() {
  const i18n = useI18n();
  const { t, date, count } = i18n;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState('');
  const [full, setFull] = useState(false);
  const [query, setQuery] = useState<Query>({ from: '', to: '', cursors: [] });
  const verify = useLoad(
    () => api<Verification>('GET', `/audit/verify${full ? '?full=true' : ''}`),
    [full],
  );
  const cursor = query.cursors.at(-1);
  const trail = useLoad(() => {
    const p = new URLSearchParams({ limit: String(PAGE) });
    if (query.from) p.set('from', dayStart(query.from));
    if (query.to) p.set('to', dayStart(query.to, true));
    if (cursor) p.set('cursor', cursor);
    return api<AuditPage>('GET', `/audit?${p}`);
  }, [query]);
  const needle = action.trim().toLowerCase();
  const records = (trail.data?.records ?? []).filter(
    (r) =>
      !needle ||
      r.action.toLowerCase().includes(needle) ||
      actionWords(i18n, r.action).toLowerCase().includes(needle),
  );
  const chain = verify.loading
    ? 'checking'
    : verify.data
      ? verify.data.ok
        ? 'ok'
        : 'broken'
      : 'error';

  return (
    <section className="card" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('navAudit')}</h1>
      <p className="help">{t('auditIntro')}</p>
      <div className="chain-row">
        <p role="status" data-chain={chain} className={`chain chain-${chain}`}>
          {verify.error
            ? verify.error
            : chain === 'checking'
              ? t('auditChecking')
              : verify.data?.ok
                ? t('chainOk')
                : t('chainBroken')}
        </p>
        <button
          type="button"
          className="secondary"
          disabled={verify.loading}
          onClick={() => (full ? verify.reload() : setFull(true))}
        >
          {t('auditVerify')}
        </button>
      </div>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setQuery({ from, to, cursors: [] });
        }}
      >
        <div className="grid admin-grid">
          <div>
            <label htmlFor="a-from">{t('from')}</label>
            <input id="a-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div>
            <label htmlFor="a-to">{t('to')}</label>
            <input
              id="a-to"
              type="date"
              value={to}
              aria-describedby="a-to-help"
              onChange={(e) => setTo(e.target.value)}
            />
            <span id="a-to-help" className="help">
              {t('auditToHelp')}
            </span>
          </div>
          <div>
            <label htmlFor="a-action">{t('actionFilter')}</label>
            <input
              id="a-action"
              dir="auto"
              value={action}
              onChange={(e) => setAction(e.target.value)}
            />
          </div>
        </div>
        <button type="submit">{t('apply')}</button>
      </form>
      <ErrorText>{trail.error}</ErrorText>
      {trail.data && (
        <p className="help" aria-live="polite">
          {count(records.length, 'auditShownCount')}
        </p>
      )}
      {/* Busy until the trail asked for is shown: the chain check above answers separately. */}
      <TableWrap label={t('navAudit')}>
        <table className="queue admin-table audit-table" aria-busy={trail.loading}>
          <thead>
            <tr>
              <th scope="col">{t('at')}</th>
              <th scope="col">{t('actor')}</th>
              <th scope="col">{t('auditAction')}</th>
              <th scope="col">{t('object')}</th>
              <th scope="col">{t('auditDetails')}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r, i) => (
              <AuditRow key={`${r.seq ?? 'l'}-${i}`} r={r} at={date(r.at, true)} />
            ))}
          </tbody>
        </table>
      </TableWrap>
      {trail.data && records.length === 0 && <p>{t('auditNone')}</p>}
      <div className="row-actions">
        {query.cursors.length > 0 && (
          <button
            type="button"
            className="secondary"
            onClick={() => setQuery({ ...query, cursors: [] })}
          >
            {t('auditNewest')}
          </button>
        )}
        {trail.data?.next ? (
          <button
            type="button"
            onClick={() => setQuery({ ...query, cursors: [...query.cursors, trail.data!.next!] })}
          >
            {t('auditOlder')}
          </button>
        ) : (
          trail.data && records.length > 0 && <p className="help">{t('auditEnd')}</p>
        )}
      </div>
    </section>
  );
}

function AuditRow({ r, at }: { r: AuditRecord; at: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const words = actionWords(i18n, r.action);
  const data = r.data === null || r.data === undefined ? '' : JSON.stringify(r.data, null, 1);
  return (
    <tr data-action={r.action} data-seq={r.seq}>
      <td data-label={t('at')}>
        <time dateTime={r.at}>{at}</time>
      </td>
      <td data-label={t('actor')}>
        <bdi>{r.actor}</bdi>
      </td>
      <td data-label={t('auditAction')}>
        <span className="action-words">{words}</span>
        {words !== r.action && (
          <code dir="ltr" className="action-code">
            {r.action}
          </code>
        )}
      </td>
      <td data-label={t('object')}>
        {i18n.tx('ot', r.objectType)} <ObjectId type={r.objectType} id={r.objectId} />
      </td>
      <td data-label={t('auditDetails')}>
        {data && data !== '{}' && (
          <details>
            <summary>{t('auditDetails')}</summary>
            <pre dir="ltr">{data}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}

/** An alert or a run links to its page; anything else is shown as it is. */
function ObjectId({ type, id }: { type: string; id: string }) {
  const href =
    type === 'alert' && /^al_/.test(id)
      ? `#/alerts/${encodeURIComponent(id)}`
      : type === 'run'
        ? `#/runs/${encodeURIComponent(id.slice(id.indexOf('/') + 1))}`
        : null;
  const text = <bdi dir="ltr">{id}</bdi>;
  return href ? <a href={href}>{text}</a> : text;
}
