import { useState } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n.js';
import { useLoad } from './useLoad.js';
import { ErrorText } from './ErrorText.js';

interface AuditRecord {
  seq?: number;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  data: unknown;
}

export function AuditPage() {
  const { t } = useI18n();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState('');
  const [query, setQuery] = useState({ from: '', to: '' });
  const verify = useLoad(() => api<{ ok: boolean; records?: number }>('GET', '/audit/verify'), []);
  const trail = useLoad(() => {
    const p = new URLSearchParams({ limit: '1000' });
    if (query.from) p.set('from', query.from);
    if (query.to) p.set('to', query.to);
    return api<{ records: AuditRecord[] }>('GET', `/audit?${p}`);
  }, [query]);
  // Newest first, as the server serves them.
  const records = (trail.data?.records ?? []).filter((r) => !action || r.action.includes(action));
  return (
    <section className="card" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('navAudit')}</h1>
      <p role="status" data-chain={verify.data ? (verify.data.ok ? 'ok' : 'broken') : 'checking'}>
        {verify.error
          ? verify.error
          : !verify.data
            ? t('loading')
            : verify.data.ok
              ? t('chainOk')
              : t('chainBroken')}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ from, to });
        }}
      >
        <div className="grid">
          <div>
            <label htmlFor="a-from">{t('from')}</label>
            <input id="a-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div>
            <label htmlFor="a-to">{t('to')}</label>
            <input id="a-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div>
            <label htmlFor="a-action">{t('actionFilter')}</label>
            <input
              id="a-action"
              dir="ltr"
              value={action}
              onChange={(e) => setAction(e.target.value)}
            />
          </div>
        </div>
        <button type="submit">{t('apply')}</button>
      </form>
      <ErrorText>{trail.error}</ErrorText>
      {/* Busy until the trail asked for is shown: the chain check above answers separately. */}
      <table className="queue" aria-busy={trail.loading}>
        <thead>
          <tr>
            <th scope="col">{t('at')}</th>
            <th scope="col">{t('actor')}</th>
            <th scope="col">{t('auditAction')}</th>
            <th scope="col">{t('object')}</th>
          </tr>
        </thead>
        <tbody>
          {records.slice(0, 500).map((r, i) => (
            <tr key={i}>
              <td>
                <bdi>{r.at.slice(0, 19).replace('T', ' ')}</bdi>
              </td>
              <td>
                <bdi>{r.actor}</bdi>
              </td>
              <td>
                <bdi>{r.action}</bdi>
              </td>
              <td>
                <bdi>
                  {r.objectType} {r.objectId}
                </bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
