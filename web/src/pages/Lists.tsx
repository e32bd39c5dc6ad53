/**
 * The lists screened against: each with its active version, the state of its refresh from
 * the publisher in words (GET /lists), its versions with their publication and load dates, and
 * the changes between two versions, each kind of change and each changed field in words.
 */
import { useState } from 'react';
import { api, type Answer } from '../api.js';
import { useI18n, type Key } from '../i18n.js';
import { ErrorText } from './ErrorText.js';
import { published, TableWrap } from './admin/admin-kit.js';
import { useLoad } from './useLoad.js';
import './admin/admin.css';

type ListInfo = Answer<'GET /lists'>['lists'][number];
type Version = ListInfo['versions'][number];
type Diff = Answer<'GET /lists/{id}/diff'>;
type Ref = Diff['added'][number];

/** Entries shown per kind of change; the rest are counted. */
const SHOWN = 200;

export function ListsPage() {
  const { t, num, date, tx } = useI18n();
  const { data, error, loading } = useLoad(() => api<{ lists: ListInfo[] }>('GET', '/lists'), []);
  const [selected, setSelected] = useState<string | null>(null);
  const list = data?.lists.find((l) => l.id === selected) ?? data?.lists[0];
  return (
    <>
      <section className="card" aria-labelledby="lists-title">
        <h1 id="lists-title">{t('navLists')}</h1>
        <p className="help">{t('listsIntro')}</p>
        <ErrorText>{error}</ErrorText>
        <TableWrap label={t('navLists')}>
          <table className="admin-table" aria-busy={loading} data-testid="lists">
            <thead>
              <tr>
                <th scope="col">{t('list')}</th>
                <th scope="col">{t('activeVersion')}</th>
                <th scope="col">{t('entries')}</th>
                <th scope="col">{t('versions')}</th>
                <th scope="col">{t('lastLoad')}</th>
                <th scope="col">{t('listRefresh')}</th>
              </tr>
            </thead>
            <tbody>
              {(data?.lists ?? []).map((l) => (
                <tr key={l.id} data-list={l.id}>
                  <td data-label={t('list')}>
                    <button
                      type="button"
                      className="link dark"
                      aria-pressed={l.id === list?.id}
                      onClick={() => setSelected(l.id)}
                    >
                      <bdi>{l.id}</bdi>
                    </button>
                  </td>
                  <td data-label={t('activeVersion')}>
                    {l.active ? (
                      <>
                        {t('version')} {num(l.active.seq)} ·{' '}
                        <bdi>{published(l.active.label, date)}</bdi>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={t('entries')}>{num(l.active?.entityCount ?? 0)}</td>
                  <td data-label={t('versions')}>{num(l.versions.length)}</td>
                  <td data-label={t('lastLoad')}>{l.lastLoad ? date(l.lastLoad, true) : '—'}</td>
                  <td data-label={t('listRefresh')} data-refresh={l.refresh?.status ?? 'none'}>
                    {!l.refresh ? (
                      <span className="help">{t('listRefreshNone')}</span>
                    ) : (
                      <>
                        <span
                          className={
                            l.refresh.status === 'refused' || l.refresh.status === 'failed'
                              ? 'error'
                              : undefined
                          }
                        >
                          {tx('rf', l.refresh.status ?? 'never')}
                        </span>
                        {l.refresh.checkedAt && (
                          <span className="help block">
                            {t('listRefreshChecked')}: {date(l.refresh.checkedAt, true)}
                          </span>
                        )}
                        {l.refresh.error && (
                          <span className="help block">
                            <bdi>{l.refresh.error}</bdi>
                          </span>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      {list && <VersionsView key={`v-${list.id}`} list={list} />}
      {list && list.versions.length > 0 && <DiffView key={list.id} list={list} />}
    </>
  );
}

function VersionsView({ list }: { list: ListInfo }) {
  const { t, num, date, fill } = useI18n();
  const versions: Version[] = [...list.versions].reverse();
  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">{fill('listVersionsOf', { name: list.id })}</h2>
      <TableWrap label={t('versions')}>
        <table className="admin-table" data-testid="versions">
          <thead>
            <tr>
              <th scope="col">{t('version')}</th>
              <th scope="col">{t('listPublished')}</th>
              <th scope="col">{t('entries')}</th>
              <th scope="col">{t('listLoaded')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.seq} data-version={v.seq}>
                <td data-label={t('version')}>
                  {num(v.seq)} {v.active && <span className="badge">{t('listActive')}</span>}
                </td>
                <td data-label={t('listPublished')}>
                  <bdi>{published(v.label, date)}</bdi>
                </td>
                <td data-label={t('entries')}>{num(v.entityCount)}</td>
                <td data-label={t('listLoaded')}>{date(v.loadedAt, true)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function DiffView({ list }: { list: ListInfo }) {
  const { t, tx, num, date, count, fill } = useI18n();
  const seqs = list.versions.map((v) => v.seq);
  const [from, setFrom] = useState(seqs.length > 1 ? seqs[seqs.length - 2]! : (seqs[0] ?? 1));
  const [to, setTo] = useState(seqs[seqs.length - 1] ?? 1);
  const { data, error, loading } = useLoad(
    () => api<Diff>('GET', `/lists/${encodeURIComponent(list.id)}/diff?from=${from}&to=${to}`),
    [list.id, from, to],
  );
  const pick = (id: string, value: number, set: (n: number) => void, label: string) => (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(Number(e.target.value))}>
        {list.versions.map((v) => (
          <option key={v.seq} value={v.seq}>
            {t('version')} {num(v.seq)} · {published(v.label, date)}
          </option>
        ))}
      </select>
    </div>
  );
  const refs = (kind: 'added' | 'removed' | 'amended', items: (Ref & { changed?: string[] })[]) => (
    <div data-change={kind}>
      <h3>{count(items.length, `lc_${kind}` as Key)}</h3>
      {items.length > 0 && (
        <ul className="changes">
          {items.slice(0, SHOWN).map((x) => (
            <li key={x.id}>
              <a href={`#/entity/${encodeURIComponent(x.id)}`}>
                <bdi>{x.caption}</bdi>
              </a>{' '}
              · <bdi dir="ltr">{x.ref}</bdi>
              {x.changed && x.changed.length > 0 && (
                <span className="help block">
                  {fill('lcChangedFields', {
                    fields: x.changed.map((f) => tx('lf', f)).join(t('listSeparator')),
                  })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {items.length > SHOWN && (
        <p className="help">{fill('lcMore', { n: items.length - SHOWN })}</p>
      )}
    </div>
  );
  return (
    <section className="card" aria-labelledby="diff-title" aria-busy={loading}>
      <h2 id="diff-title">
        {t('diff')}: <bdi>{list.id}</bdi>
      </h2>
      <div className="grid admin-grid two">
        {pick('diff-from', from, setFrom, t('fromVersion'))}
        {pick('diff-to', to, setTo, t('toVersion'))}
      </div>
      <ErrorText>{error}</ErrorText>
      {data && (
        <>
          {refs('added', data.added)}
          {refs('removed', data.removed)}
          {refs('amended', data.amended)}
          <p data-change="unchanged">{count(data.unchanged, 'lc_unchanged')}</p>
        </>
      )}
    </section>
  );
}
