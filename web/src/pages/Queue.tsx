/**
 * The alert queue an analyst works at all day: filters as selects applied together, sorting by
 * score and age, paging; an "awaiting my approval" inbox (four-eyes: never one's own decision);
 * the queue grouped by the listed entity with one decision on a whole group, recorded per
 * alert; and keyboard triage (j/k, o, a, x, ?). The ids shown are kept in session storage so
 * the alert page can go to the next and previous alert.
 */
import { memo, useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import { api, type Answer } from '../api.js';
import { isolate, useI18n, type Key } from '../i18n.js';
import { ErrorText } from './ErrorText.js';
import { useLoad } from './useLoad.js';
import './Queue.css';
import { errorText } from '../errors.js';

type QueueAnswer = Answer<'GET /alerts'>;
/** Public ids are strings (the schema also allows numbers, for older servers). */
type Row = Omit<QueueAnswer['alerts'][number], 'id'> & { id: string };
type GroupsAnswer = Answer<'GET /alerts/groups'>;
type Group = GroupsAnswer['groups'][number];
type Outcome = Answer<'POST /alerts/decisions'>['outcomes'][number];

/** The ids shown, in order, for the alert page's next/previous. */
export const QUEUE_STORAGE = 'sanad.queue';
const PAGE = 50;
const STATES = ['open', 'awaiting', 'escalated', 'confirmed', 'dismissed'] as const;
const ACTIONS = ['dismiss', 'confirm', 'escalate'] as const;
const TEMPLATES: Key[] = ['qTplDob', 'qTplNat', 'qTplCommon', 'qTplId'];

type Sort = { by: 'age' | 'score'; order: 'asc' | 'desc' };
interface Filters {
  state: string;
  list: string;
  run: string;
  assignee: string;
}

/** Keys typed into a field are the field's, never a shortcut. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) ||
    target.closest('dialog[open], .bulk') !== null
  );
}

/** "3 hours ago" in the reader's language and digits. */
function useAge() {
  const { lang, prefs } = useI18n();
  return useMemo(() => {
    const rtf = new Intl.RelativeTimeFormat(
      `${lang === 'ar' ? 'ar' : 'en-GB'}-u-nu-${prefs.digits}`,
      {
        numeric: 'auto',
      },
    );
    return (iso: string, now: number) => {
      const s = Math.max(0, (now - Date.parse(iso)) / 1000);
      if (s < 60) return rtf.format(-Math.round(s), 'second');
      if (s < 3600) return rtf.format(-Math.floor(s / 60), 'minute');
      if (s < 86400) return rtf.format(-Math.floor(s / 3600), 'hour');
      if (s < 86400 * 60) return rtf.format(-Math.floor(s / 86400), 'day');
      return rtf.format(-Math.floor(s / (86400 * 30)), 'month');
    };
  }, [lang, prefs.digits]);
}

function queryOf(
  f: Filters,
  inbox: boolean,
  subject: string | undefined,
  offset: number,
  sort?: Sort,
): URLSearchParams {
  const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (subject) q.set('subject', subject);
  if (f.list) q.set('list', f.list);
  if (f.run) q.set('run', f.run);
  if (f.assignee) q.set('assignee', f.assignee);
  // "Awaiting approval" is a decision pending on an alert, not a state of its own: an open
  // alert with a pending decision is shown as awaiting, never as open.
  if (inbox) q.set('awaiting', 'me');
  else if (f.state === 'awaiting') q.set('awaiting', 'any');
  else if (f.state) q.set('awaiting', 'none');
  if (f.state && f.state !== 'awaiting') q.set('state', f.state);
  if (sort) {
    q.set('sort', sort.by);
    q.set('order', sort.order);
  }
  return q;
}

/** The queue; `subject` or `run` narrows it to one customer's or one run's alerts (any state). */
export function QueuePage({ subject, run }: { subject?: string; run?: string }) {
  const { t, tx, num, pct, count, fill } = useI18n();
  const [inbox, setInbox] = useState(false);
  const [grouped, setGrouped] = useState(false);
  const [filters, setFilters] = useState<Filters>({
    state: subject || run ? '' : 'open',
    list: '',
    run: run ?? '',
    assignee: '',
  });
  const [sort, setSort] = useState<Sort>({ by: 'age', order: 'asc' });
  const [offset, setOffset] = useState(0);
  const [cursor, setCursor] = useState(0);
  const [checked, setChecked] = useState<string[]>([]);
  const [bulk, setBulk] = useState<{ ids: string[]; opener: HTMLElement | null } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [message, setMessage] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [assignees, setAssignees] = useState<string[]>([]);
  const helpRef = useRef<HTMLDialogElement>(null);
  const helpOpener = useRef<Element | null>(null);
  const rowLinks = useRef<(HTMLAnchorElement | null)[]>([]);
  const moved = useRef(false);
  const me = useRef<string | null>(null);

  const options = useLoad(
    () =>
      Promise.all([
        api<Answer<'GET /lists'>>('GET', '/lists'),
        api<Answer<'GET /runs'>>('GET', '/runs'),
      ]),
    [],
  );
  const queue = useLoad(async () => {
    const q = queryOf(filters, inbox, subject, offset, grouped ? undefined : sort);
    if (grouped)
      return { grouped: true as const, ...(await api<GroupsAnswer>('GET', `/alerts/groups?${q}`)) };
    const page = await api<QueueAnswer>('GET', `/alerts?${q}`);
    const alerts: Row[] = page.alerts.map((a) => ({ ...a, id: String(a.id) }));
    return { grouped: false as const, ...page, alerts };
  }, [filters, inbox, subject, offset, sort, grouped]);
  const data = queue.data;
  const rows: Row[] = data && !data.grouped ? data.alerts : [];
  const now = useMemo(() => Date.now(), [data]);

  useEffect(() => {
    if (!data || data.grouped) return;
    sessionStorage.setItem(QUEUE_STORAGE, JSON.stringify(data.alerts.map((a) => a.id)));
    setCursor((c) => Math.min(c, Math.max(0, data.alerts.length - 1)));
    const seen = data.alerts.flatMap((a) => (a.assignee ? [a.assignee] : []));
    setAssignees((known) => [...new Set([...known, ...seen])].sort());
  }, [data]);

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    rowLinks.current[cursor]?.focus();
  }, [cursor]);

  const change = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setOffset(0);
    setCursor(0);
  };
  const sortBy = (by: Sort['by']) => {
    setSort((s) =>
      s.by === by
        ? { by, order: s.order === 'asc' ? 'desc' : 'asc' }
        : { by, order: by === 'score' ? 'desc' : 'asc' },
    );
    setOffset(0);
  };
  const ariaSort = (by: Sort['by']) =>
    sort.by !== by ? undefined : sort.order === 'asc' ? 'ascending' : 'descending';

  const assignToMe = async (id: string) => {
    setActionError(null);
    try {
      // The person a key names, else the key's name: as the alert page assigns.
      if (me.current === null) {
        const who = await api<Answer<'GET /me'>>('GET', '/me');
        me.current = who.person ?? who.name;
      }
      await api('POST', `/alerts/${encodeURIComponent(id)}/assign`, { assignee: me.current });
      setMessage(fill('qAssigned', { id }));
      queue.reload();
    } catch (e) {
      setActionError(errorText(e, t));
    }
  };
  const review = async (row: Row, verdict: 'approve' | 'reject') => {
    if (!row.pending) return;
    setActionError(null);
    try {
      await api(
        'POST',
        `/alerts/${encodeURIComponent(row.id)}/decisions/${encodeURIComponent(String(row.pending.decision))}/${verdict}`,
      );
      setMessage(fill('qReviewed', { id: row.id, verdict: t(`qVerdict_${verdict}`) }));
      queue.reload();
    } catch (e) {
      setActionError(errorText(e, t));
    }
  };
  const toggle = (id: string) =>
    setChecked((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const openBulk = (ids: string[], opener: HTMLElement | null) => {
    setOutcomes(null);
    setBulk({ ids, opener });
  };
  const closeBulk = () => {
    const opener = bulk?.opener;
    setBulk(null);
    setOutcomes(null);
    if (opener?.isConnected) opener.focus();
  };
  const openHelp = () => {
    helpOpener.current = document.activeElement;
    helpRef.current?.showModal();
  };

  // Keyboard triage; a ref keeps the handler current without re-subscribing on every render.
  const onKey = useRef<(e: KeyboardEvent) => void>(() => undefined);
  onKey.current = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === '?') {
      e.preventDefault();
      openHelp();
      return;
    }
    if (grouped || rows.length === 0) return;
    const row = rows[cursor];
    const onLink = e.target instanceof HTMLAnchorElement || e.target instanceof HTMLButtonElement;
    if (e.key === 'j' || e.key === 'k') {
      e.preventDefault();
      moved.current = true;
      setCursor((c) => Math.max(0, Math.min(rows.length - 1, c + (e.key === 'j' ? 1 : -1))));
    } else if ((e.key === 'o' || (e.key === 'Enter' && !onLink)) && row) {
      e.preventDefault();
      window.location.hash = `#/alerts/${encodeURIComponent(row.id)}`;
    } else if (e.key === 'a' && row) {
      e.preventDefault();
      void assignToMe(row.id);
    } else if (e.key === 'x' && row) {
      e.preventDefault();
      toggle(row.id);
    }
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  // Stable for the memoised rows; they call the page's current handlers.
  const current = useRef({ toggle, review });
  current.current = { toggle, review };
  const rowActions = useMemo<RowActions>(
    () => ({
      toggle: (id) => current.current.toggle(id),
      focus: (index) => setCursor(index),
      review: (row, verdict) => void current.current.review(row, verdict),
    }),
    [],
  );
  const total = data?.total ?? 0;
  const shown = data ? (data.grouped ? data.groups.length : data.alerts.length) : 0;

  return (
    <section className="card queue-page" aria-labelledby="queue-title">
      <h1 id="queue-title">{subject ? fill('qFor', { subject }) : t('alerts')}</h1>
      <div className="queue-bar">
        <div role="group" aria-label={t('qView')} className="queue-views">
          <button
            type="button"
            aria-pressed={!inbox}
            className={inbox ? 'secondary' : undefined}
            onClick={() => {
              setInbox(false);
              setOffset(0);
            }}
          >
            {t('qViewAll')}
          </button>
          <button
            type="button"
            aria-pressed={inbox}
            className={inbox ? undefined : 'secondary'}
            onClick={() => {
              setInbox(true);
              setOffset(0);
            }}
          >
            {t('qViewInbox')}
          </button>
        </div>
        <label className="inline">
          <input
            type="checkbox"
            checked={grouped}
            onChange={(e) => {
              setGrouped(e.target.checked);
              setOffset(0);
            }}
          />
          {t('qGroup')}
        </label>
        <button type="button" className="link dark" onClick={openHelp}>
          {t('qShortcutsHint')}
        </button>
      </div>
      <fieldset className="queue-filters">
        <legend>{t('qFilters')}</legend>
        <div>
          <label htmlFor="q-state">{t('state')}</label>
          <select
            id="q-state"
            value={filters.state}
            onChange={(e) => change({ state: e.target.value })}
          >
            <option value="">{t('allStates')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s === 'awaiting' ? t('qAwaiting') : tx('qst', s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="q-list">{t('list')}</label>
          <select
            id="q-list"
            value={filters.list}
            onChange={(e) => change({ list: e.target.value })}
          >
            <option value="">{t('qAllLists')}</option>
            {(options.data?.[0].lists ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.id}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="q-run">{t('qRun')}</label>
          <select id="q-run" value={filters.run} onChange={(e) => change({ run: e.target.value })}>
            <option value="">{t('qAllRuns')}</option>
            {(options.data?.[1].runs ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="q-assignee">{t('assignee')}</label>
          <select
            id="q-assignee"
            value={filters.assignee}
            onChange={(e) => change({ assignee: e.target.value })}
          >
            <option value="">{t('qAnyone')}</option>
            <option value="me">{t('qMe')}</option>
            <option value="unassigned">{t('qUnassigned')}</option>
            {assignees
              .filter((a) => !['me', 'unassigned'].includes(a))
              .map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
          </select>
        </div>
      </fieldset>
      <ErrorText>{queue.error ?? actionError}</ErrorText>
      <p role="status" className="queue-message">
        {message}
      </p>
      {!grouped && checked.length > 0 && !bulk && (
        <button
          type="button"
          className="queue-bulk-open"
          onClick={(e) => openBulk(checked, e.currentTarget)}
        >
          {t('qDecideSelected')} ({num(checked.length)})
        </button>
      )}
      {bulk && (
        <BulkDecision
          ids={bulk.ids}
          outcomes={outcomes}
          onDone={(o) => {
            setOutcomes(o);
            setChecked([]);
            queue.reload();
          }}
          onClose={closeBulk}
        />
      )}
      <section
        id="queue-results"
        aria-labelledby="queue-count"
        aria-busy={queue.loading}
        data-view={grouped ? 'groups' : inbox ? 'inbox' : 'all'}
      >
        <h2 id="queue-count" className="queue-count">
          {data
            ? data.grouped
              ? count(total, 'qGroupCount')
              : count(total, 'qAlertCount')
            : t('loading')}
        </h2>
        {data && shown === 0 ? (
          <p>{inbox ? t('qInboxEmpty') : t('noAlerts')}</p>
        ) : data?.grouped ? (
          <div className="queue-wrap">
            <table className="queue-table">
              <thead>
                <tr>
                  <th scope="col">{t('qListedEntity')}</th>
                  <th scope="col">{t('list')}</th>
                  <th scope="col">{t('qAlertsColumn')}</th>
                  <th scope="col">{t('qMaxScore')}</th>
                </tr>
              </thead>
              <tbody>
                {data.groups.map((g: Group) => (
                  <tr key={g.key} data-group={g.key}>
                    <td>
                      <a href={`#/entity/${encodeURIComponent(g.entity)}`}>
                        <bdi>{g.caption}</bdi>
                      </a>
                      <button
                        type="button"
                        className="small queue-group-decide"
                        aria-label={`${t('qDecideGroup')}: ${isolate(g.caption)}`}
                        onClick={(e) => openBulk(g.alerts.map(String), e.currentTarget)}
                      >
                        {t('qDecideGroup')}
                      </button>
                    </td>
                    <td>
                      <bdi>{g.list}</bdi>
                    </td>
                    <td>{num(g.count)}</td>
                    <td>{pct(g.maxScore, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : data ? (
          <div className="queue-wrap">
            <table className="queue-table">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="sr-only">{t('qDecideSelected')}</span>
                  </th>
                  <th scope="col">{t('alert')}</th>
                  <th scope="col">{t('subject')}</th>
                  <th scope="col">{t('qListedEntity')}</th>
                  <th scope="col" aria-sort={ariaSort('score')}>
                    <button type="button" className="sort" onClick={() => sortBy('score')}>
                      {t('score')}
                      <span aria-hidden="true">{sortMark(sort, 'score')}</span>
                    </button>
                  </th>
                  <th scope="col">{t('list')}</th>
                  <th scope="col">{t('qRun')}</th>
                  <th scope="col" aria-sort={ariaSort('age')}>
                    <button type="button" className="sort" onClick={() => sortBy('age')}>
                      {t('qAge')}
                      <span aria-hidden="true">{sortMark(sort, 'age')}</span>
                    </button>
                  </th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{t('assignee')}</th>
                  {inbox && (
                    <th scope="col">
                      <span className="sr-only">{t('decide')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {data.alerts.map((r, i) => (
                  <QueueRow
                    key={r.id}
                    row={r}
                    index={i}
                    selected={i === cursor}
                    checked={checked.includes(r.id)}
                    inbox={inbox}
                    now={now}
                    links={rowLinks}
                    actions={rowActions}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {data && total > PAGE && (
          <nav aria-label={t('qPaging')} className="queue-paging">
            <button
              type="button"
              className="secondary"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              {t('qPrev')}
            </button>
            <span>
              {fill('qShowing', {
                from: offset + 1,
                to: offset + shown,
                total,
              })}
            </span>
            <button
              type="button"
              className="secondary"
              disabled={offset + PAGE >= total}
              onClick={() => setOffset(offset + PAGE)}
            >
              {t('qNext')}
            </button>
          </nav>
        )}
      </section>
      <dialog
        ref={helpRef}
        aria-labelledby="q-help-title"
        className="queue-help"
        onClose={() => {
          const back = helpOpener.current;
          if (back instanceof HTMLElement && back.isConnected) back.focus();
        }}
      >
        <h2 id="q-help-title">{t('qShortcuts')}</h2>
        <dl>
          {(
            [
              ['j', 'qKeyJ'],
              ['k', 'qKeyK'],
              ['o', 'qKeyO'],
              ['a', 'qKeyA'],
              ['x', 'qKeyX'],
              ['?', 'qKeyHelp'],
              ['Esc', 'qKeyEsc'],
            ] as [string, Key][]
          ).map(([k, label]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={() => helpRef.current?.close()}>
          {t('qClose')}
        </button>
      </dialog>
    </section>
  );
}

interface RowActions {
  toggle: (id: string) => void;
  focus: (index: number) => void;
  review: (row: Row, verdict: 'approve' | 'reject') => void;
}

/** One alert of the queue; memoised, so that a page change re-renders only what changed. */
const QueueRow = memo(function QueueRow({
  row: r,
  index: i,
  selected,
  checked,
  inbox,
  now,
  links,
  actions,
}: {
  row: Row;
  index: number;
  selected: boolean;
  checked: boolean;
  inbox: boolean;
  now: number;
  links: RefObject<(HTMLAnchorElement | null)[]>;
  actions: RowActions;
}) {
  const { t, tx, pct, fill } = useI18n();
  const age = useAge();
  return (
    <tr
      data-alert={r.id}
      data-selected={selected ? 'true' : undefined}
      data-checked={checked ? 'true' : undefined}
    >
      <td>
        <input
          type="checkbox"
          checked={checked}
          onChange={() => actions.toggle(r.id)}
          aria-label={fill('qSelect', { id: r.id })}
        />
      </td>
      <td>
        <a
          ref={(el) => {
            links.current[i] = el;
          }}
          href={`#/alerts/${encodeURIComponent(r.id)}`}
          onFocus={() => actions.focus(i)}
        >
          <bdi>{r.id}</bdi>
        </a>
      </td>
      <td>
        <a href={`#/subjects/${encodeURIComponent(r.subject.id)}`}>
          <bdi>{r.subject.name}</bdi>
        </a>
      </td>
      <td>
        <a href={`#/entity/${encodeURIComponent(r.entity.id)}`}>
          <bdi>{r.entity.caption}</bdi>
        </a>
      </td>
      <td className="queue-num">{pct(r.score, 0)}</td>
      <td>
        <bdi>{r.entity.list}</bdi>
      </td>
      <td>
        <bdi>{r.run ?? ''}</bdi>
      </td>
      <td>
        <time dateTime={r.createdAt}>{age(r.createdAt, now)}</time>
      </td>
      <td data-state={r.pending ? 'awaiting' : r.state}>
        {r.pending ? t('qAwaiting') : tx('qst', r.state)}
        {r.pending && (
          <span className="queue-pending">
            {fill('qPendingBy', {
              action: tx('qact', r.pending.action),
              name: r.pending.decidedByName,
            })}
          </span>
        )}
      </td>
      <td>
        <bdi>{r.assignee ?? ''}</bdi>
      </td>
      {inbox && (
        <td className="queue-review">
          {r.pending && !r.pending.mine && (
            <>
              <button
                type="button"
                className="small"
                aria-label={`${t('approve')}: ${r.id}`}
                onClick={() => actions.review(r, 'approve')}
              >
                {t('approve')}
              </button>
              <button
                type="button"
                className="small secondary"
                aria-label={`${t('reject')}: ${r.id}`}
                onClick={() => actions.review(r, 'reject')}
              >
                {t('reject')}
              </button>
            </>
          )}
        </td>
      )}
    </tr>
  );
});

function sortMark(sort: Sort, by: Sort['by']): string {
  if (sort.by !== by) return ' ↕';
  return sort.order === 'asc' ? ' ▲' : ' ▼';
}

/**
 * One decision with one reason on many alerts (a group, or the alerts selected): the server
 * records it per alert and answers an outcome per alert, which is shown alert by alert.
 */
function BulkDecision({
  ids,
  outcomes,
  onDone,
  onClose,
}: {
  ids: string[];
  outcomes: Outcome[] | null;
  onDone: (o: Outcome[]) => void;
  onClose: () => void;
}) {
  const { t, tx, count, fill } = useI18n();
  const [action, setAction] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [outcomes]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!action) return setError(t('qActionRequired'));
    if (reason.trim() === '') return setError(t('reasonRequired'));
    setError(null);
    setBusy(true);
    try {
      const done = await api<Answer<'POST /alerts/decisions'>>('POST', '/alerts/decisions', {
        alerts: ids,
        action,
        reason,
      });
      onDone(done.outcomes);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const ok = outcomes?.filter((o) => o.ok).length ?? 0;

  return (
    <section
      className="bulk"
      aria-labelledby="bulk-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <h2 id="bulk-title" tabIndex={-1} ref={heading}>
        {outcomes ? t('qOutcomes') : count(ids.length, 'qBulkTitle')}
      </h2>
      {outcomes ? (
        <>
          <p role="status">{fill('qBulkDone', { ok, all: outcomes.length })}</p>
          <ul className="bulk-outcomes">
            {outcomes.map((o, i) => (
              <li key={`${o.alert}-${i}`} data-alert={o.alert} data-ok={String(o.ok)}>
                <a href={`#/alerts/${encodeURIComponent(String(o.alert))}`}>
                  <bdi>{o.alert}</bdi>
                </a>
                {': '}
                {o.ok
                  ? o.status === 'pending'
                    ? t('qAwaiting')
                    : tx('qst', o.state)
                  : tx('qFail', o.code)}
              </li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={onClose}>
            {t('qClose')}
          </button>
        </>
      ) : (
        <form onSubmit={submit} noValidate aria-busy={busy}>
          <p className="help">{t('qBulkHelp')}</p>
          <div className="bulk-fields">
            <div>
              <label htmlFor="bulk-action">{t('action')}</label>
              <select id="bulk-action" value={action} onChange={(e) => setAction(e.target.value)}>
                <option value="">{t('qChoose')}</option>
                {ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {tx('qact', a)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="bulk-template">{t('qTemplate')}</label>
              <select
                id="bulk-template"
                value=""
                onChange={(e) => {
                  if (e.target.value) setReason(t(e.target.value as Key));
                }}
              >
                <option value="">{t('qChoose')}</option>
                {TEMPLATES.map((k) => (
                  <option key={k} value={k}>
                    {t(k)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <label htmlFor="bulk-reason">{t('qReason')}</label>
          <textarea
            id="bulk-reason"
            dir="auto"
            value={reason}
            maxLength={4000}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
          <ErrorText>{error}</ErrorText>
          <div className="bulk-buttons">
            <button type="submit" disabled={busy}>
              {t('submit')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('qCancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
