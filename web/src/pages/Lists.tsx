import { useState } from 'react';
import { api, type Answer } from '../api.js';
import { useI18n } from '../i18n.js';
import { useLoad } from './useLoad.js';
import { ErrorText } from './ErrorText.js';

type ListInfo = Answer<'GET /lists'>['lists'][number];

type Diff = Answer<'GET /lists/{id}/diff'>;
type Ref = Diff['added'][number];

export function ListsPage() {
  const { t } = useI18n();
  const { data, error } = useLoad(() => api<{ lists: ListInfo[] }>('GET', '/lists'), []);
  const [selected, setSelected] = useState<string | null>(null);
  const list = data?.lists.find((l) => l.id === selected) ?? data?.lists[0];
  if (error) return <ErrorText>{error}</ErrorText>;
  if (!data || !list) return <p>{t('loading')}</p>;
  return (
    <>
      <section className="card" aria-labelledby="lists-title">
        <h1 id="lists-title">{t('navLists')}</h1>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('list')}</th>
              <th scope="col">{t('activeVersion')}</th>
              <th scope="col">{t('entries')}</th>
              <th scope="col">{t('versions')}</th>
              <th scope="col">{t('lastLoad')}</th>
            </tr>
          </thead>
          <tbody>
            {data.lists.map((l) => (
              <tr key={l.id}>
                <td>
                  <button
                    type="button"
                    className="link dark"
                    aria-pressed={l.id === list.id}
                    onClick={() => setSelected(l.id)}
                  >
                    <bdi>{l.id}</bdi>
                  </button>
                </td>
                <td>
                  <bdi>{l.active ? `v${l.active.seq} · ${l.active.label}` : '—'}</bdi>
                </td>
                <td>{l.active?.entityCount ?? 0}</td>
                <td>{l.versions.length}</td>
                <td>
                  <bdi>{l.lastLoad?.slice(0, 10) ?? ''}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <DiffView key={list.id} list={list} />
    </>
  );
}

function DiffView({ list }: { list: ListInfo }) {
  const { t } = useI18n();
  const seqs = list.versions.map((v) => v.seq);
  const [from, setFrom] = useState(seqs.length > 1 ? seqs[seqs.length - 2]! : (seqs[0] ?? 1));
  const [to, setTo] = useState(seqs[seqs.length - 1] ?? 1);
  const { data, error } = useLoad(
    () => api<Diff>('GET', `/lists/${encodeURIComponent(list.id)}/diff?from=${from}&to=${to}`),
    [list.id, from, to],
  );
  const pick = (id: string, value: number, set: (n: number) => void, label: string) => (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(Number(e.target.value))}>
        {list.versions.map((v) => (
          <option key={v.seq} value={v.seq}>
            v{v.seq} · {v.label}
          </option>
        ))}
      </select>
    </div>
  );
  const refs = (title: string, items: (Ref & { changed?: string[] })[]) => (
    <>
      <h3>
        {title} ({items.length})
      </h3>
      <ul>
        {items.slice(0, 200).map((x) => (
          <li key={x.id}>
            <bdi>{x.ref}</bdi> — <bdi>{x.caption}</bdi>
            {x.changed && <span className="help"> ({x.changed.join(', ')})</span>}
          </li>
        ))}
      </ul>
    </>
  );
  return (
    <section className="card" aria-labelledby="diff-title">
      <h2 id="diff-title">
        {t('diff')}: <bdi>{list.id}</bdi>
      </h2>
      <div className="grid">
        {pick('diff-from', from, setFrom, t('fromVersion'))}
        {pick('diff-to', to, setTo, t('toVersion'))}
      </div>
      <ErrorText>{error}</ErrorText>
      {data && (
        <>
          {refs(t('added'), data.added)}
          {refs(t('removed'), data.removed)}
          {refs(t('amended'), data.amended)}
          <p>
            {t('unchanged')}: {data.unchanged}
          </p>
        </>
      )}
    </section>
  );
}
