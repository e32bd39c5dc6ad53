import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n.js';
import { ScoreBar } from './Explanation.js';
import { useLoad } from './useLoad.js';
import { ErrorText } from './ErrorText.js';

interface AlertRow {
  /** The alert's public id (al_…). */
  id: string;
  state: string;
  score: number;
  entity: { id: string; list: string; ref: string; caption: string };
  subject: { id: string; name: string };
  assignee: string | null;
}

interface Decision {
  id: string;
  action: string;
  reason: string;
  decidedBy: string;
  status: string;
  approvedBy: string | null;
}

interface AlertDetail extends AlertRow {
  explanation: string;
  subject: { id: string; name: string; birthDate: string | null; nationality: string | null };
  decisions: Decision[];
}

const STATES = ['open', 'escalated', 'confirmed', 'dismissed'];

export function AlertsPage({ subject }: { subject?: string }) {
  const { t, tx } = useI18n();
  const [state, setState] = useState(subject ? '' : 'open');
  const [minScore, setMinScore] = useState('');
  const [assignee, setAssignee] = useState('');
  const [list, setList] = useState('');
  const [filters, setFilters] = useState({ minScore: '', assignee: '', list: '' });
  const { data, error } = useLoad(() => {
    const q = new URLSearchParams({ limit: '200' });
    if (state) q.set('state', state);
    if (subject) q.set('subject', subject);
    if (filters.minScore) q.set('minScore', String(Number(filters.minScore) / 100));
    if (filters.assignee) q.set('assignee', filters.assignee);
    if (filters.list) q.set('list', filters.list);
    return api<{ alerts: AlertRow[] }>('GET', `/alerts?${q}`);
  }, [state, subject, filters]);
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h1 id="alerts-title">
        {t('alerts')}
        {subject && (
          <>
            {' '}
            · {t('subject')} <bdi>{subject}</bdi>
          </>
        )}
      </h1>
      <form
        className="grid"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ minScore, assignee, list });
        }}
      >
        <div>
          <label htmlFor="alert-state">{t('state')}</label>
          <select id="alert-state" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('allStates')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {tx('st', s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="alert-min">{t('minScore')}</label>
          <input
            id="alert-min"
            type="number"
            min={0}
            max={100}
            dir="ltr"
            value={minScore}
            onChange={(e) => setMinScore(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="alert-assignee">{t('assignee')}</label>
          <input
            id="alert-assignee"
            dir="auto"
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="alert-list">{t('list')}</label>
          <input id="alert-list" dir="ltr" value={list} onChange={(e) => setList(e.target.value)} />
        </div>
        <div>
          <button type="submit">{t('filter')}</button>
        </div>
      </form>
      <ErrorText>{error}</ErrorText>
      {!data ? (
        <p>{t('loading')}</p>
      ) : data.alerts.length === 0 ? (
        <p>{t('noAlerts')}</p>
      ) : (
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('alert')}</th>
              <th scope="col">{t('subject')}</th>
              <th scope="col">{t('entity')}</th>
              <th scope="col">{t('score')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('assignee')}</th>
            </tr>
          </thead>
          <tbody>
            {data.alerts.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`#/alerts/${a.id}`}>{a.id}</a>
                </td>
                <td>
                  <a href={`#/subjects/${encodeURIComponent(a.subject.id)}`}>
                    <bdi>{a.subject.name}</bdi>
                  </a>
                </td>
                <td>
                  <a href={`#/entity/${encodeURIComponent(a.entity.id)}`}>
                    <bdi>{a.entity.caption}</bdi>
                  </a>
                </td>
                <td>
                  <ScoreBar score={a.score} match />
                </td>
                <td>{tx('st', a.state)}</td>
                <td>
                  <bdi>{a.assignee ?? ''}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function AlertPage({ id }: { id: string }) {
  const { t, tx } = useI18n();
  const {
    data: a,
    error,
    reload,
  } = useLoad(() => api<AlertDetail>('GET', `/alerts/${encodeURIComponent(id)}`), [id]);
  const [action, setAction] = useState('dismiss');
  const [reason, setReason] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const decide = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setFormError(t('reasonRequired'));
      return;
    }
    setFormError(null);
    try {
      await api('POST', `/alerts/${id}/decision`, { action, reason });
      setReason('');
      reload();
    } catch (err) {
      setFormError(err instanceof Error ? err.message : t('error'));
    }
  };
  const assignMe = async () => {
    try {
      const me = await api<{ name: string }>('GET', '/me');
      await api('POST', `/alerts/${id}/assign`, { assignee: me.name });
      reload();
    } catch (err) {
      setFormError(err instanceof Error ? err.message : t('error'));
    }
  };
  const review = async (decision: string, verdict: 'approve' | 'reject') => {
    try {
      await api('POST', `/alerts/${id}/decisions/${decision}/${verdict}`);
      reload();
    } catch (err) {
      setFormError(err instanceof Error ? err.message : t('error'));
    }
  };

  if (error) return <ErrorText>{error}</ErrorText>;
  if (!a) return <p>{t('loading')}</p>;
  return (
    <article className="card" aria-labelledby="alert-title">
      <p>
        <a href="#/alerts">{t('back')}</a>
      </p>
      <h1 id="alert-title">
        {t('alert')} {a.id} · <span data-state={a.state}>{tx('st', a.state)}</span>
      </h1>
      <dl>
        <dt>{t('subject')}</dt>
        <dd>
          <a href={`#/subjects/${encodeURIComponent(a.subject.id)}`}>
            <bdi>{a.subject.name}</bdi> (<bdi>{a.subject.id}</bdi>)
          </a>
          {a.subject.birthDate && (
            <>
              {' '}
              · {t('birthDate')} <bdi>{a.subject.birthDate}</bdi>
            </>
          )}
          {a.subject.nationality && (
            <>
              {' '}
              · {t('nationality')} <bdi>{a.subject.nationality}</bdi>
            </>
          )}
        </dd>
        <dt>{t('assignee')}</dt>
        <dd>
          <bdi>{a.assignee ?? '—'}</bdi>{' '}
          <button type="button" className="secondary small" onClick={() => void assignMe()}>
            {t('assignToMe')}
          </button>
        </dd>
        <dt>{t('entity')}</dt>
        <dd>
          <a href={`#/entity/${encodeURIComponent(a.entity.id)}`}>
            <bdi>{a.entity.caption}</bdi>
          </a>{' '}
          · <bdi>{a.entity.list}</bdi> <bdi>{a.entity.ref}</bdi>
        </dd>
        <dt>{t('score')}</dt>
        <dd>
          <ScoreBar score={a.score} match />
        </dd>
        <dt>{t('why')}</dt>
        <dd>
          <bdi>{a.explanation}</bdi>
        </dd>
      </dl>
      <h2>{t('decisions')}</h2>
      <ul className="decisions">
        {a.decisions.map((d) => (
          <li key={d.id} data-status={d.status}>
            <strong>{tx('act', d.action)}</strong> — <bdi>{d.reason}</bdi> ({t('decidedBy')}{' '}
            <bdi>{d.decidedBy}</bdi>;{' '}
            {t(
              d.status === 'pending'
                ? 'pending'
                : d.status === 'rejected'
                  ? 'rejected'
                  : d.approvedBy
                    ? 'approved'
                    : 'effective',
            )}
            )
            {d.status === 'pending' && (
              <>
                {' '}
                <button type="button" onClick={() => review(d.id, 'approve')}>
                  {t('approve')}
                </button>{' '}
                <button type="button" className="secondary" onClick={() => review(d.id, 'reject')}>
                  {t('reject')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={decide} aria-labelledby="decide-title" noValidate>
        <h2 id="decide-title">{t('decide')}</h2>
        <label htmlFor="d-action">{t('action')}</label>
        <select id="d-action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="dismiss">{t('act_dismiss')}</option>
          <option value="confirm">{t('act_confirm')}</option>
          <option value="escalate">{t('act_escalate')}</option>
        </select>
        <label htmlFor="d-reason">{t('reason')}</label>
        <textarea
          id="d-reason"
          dir="auto"
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={formError ? true : undefined}
        />
        <ErrorText>{formError}</ErrorText>
        <button type="submit">{t('submit')}</button>
      </form>
    </article>
  );
}
