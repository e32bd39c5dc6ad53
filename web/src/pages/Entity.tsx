import { api, type Answer } from '../api.js';
import { useI18n } from '../i18n.js';
import { useLoad } from './useLoad.js';
import { ErrorText } from './ErrorText.js';

type EntityView = Answer<'GET /entities/{id}'>;

export function EntityPage({ id }: { id: string }) {
  const { t, tx } = useI18n();
  const { data: e, error } = useLoad(
    () => api<EntityView>('GET', `/entities/${encodeURIComponent(id)}`),
    [id],
  );
  if (error) return <ErrorText>{error}</ErrorText>;
  if (!e) return <p>{t('loading')}</p>;
  const names = e.properties.name ?? [];
  const aliases = [...(e.properties.alias ?? []), ...(e.properties.weakAlias ?? [])];
  const scope = e.shared?.scope;
  return (
    <article className="card" aria-labelledby="entity-title">
      <p>
        <a href="#/screen">{t('back')}</a>
      </p>
      <h1 id="entity-title">
        <bdi>{e.caption}</bdi>
      </h1>
      <h2>{t('names')}</h2>
      <NameList names={names} />
      {aliases.length > 0 && (
        <>
          <h2>{t('aliases')}</h2>
          <NameList names={aliases} />
        </>
      )}
      <h2>{t('provenance')}</h2>
      <dl>
        <dt>{t('list')}</dt>
        <dd>
          <bdi>{e.provenance.listId}</bdi>
        </dd>
        <dt>{t('reference')}</dt>
        <dd>
          <bdi>{e.provenance.ref}</bdi>
        </dd>
        {e.provenance.listedOn && (
          <>
            <dt>{t('listedOn')}</dt>
            <dd>
              <bdi>{e.provenance.listedOn}</bdi>
            </dd>
          </>
        )}
        {e.shared && (
          <>
            <dt>{t('sharedBy')}</dt>
            <dd>
              <bdi>{e.shared.by}</bdi>
            </dd>
            <dt>{t('sharedAt')}</dt>
            <dd>
              <bdi>{e.shared.at.slice(0, 10)}</bdi>
            </dd>
            <dt>{t('basis')}</dt>
            <dd>
              <bdi>{e.shared.basis}</bdi>
            </dd>
            <dt>{t('scope')}</dt>
            <dd>
              {typeof scope === 'string'
                ? tx('scope', scope)
                : `${t('scope_partners')}: ${scope?.partners.join(', ')}`}
            </dd>
          </>
        )}
      </dl>
      {e.history.length > 0 && (
        <>
          <h2>{t('history')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('version')}</th>
                <th scope="col">{t('listedOn')}</th>
                <th scope="col">{t('state')}</th>
              </tr>
            </thead>
            <tbody>
              {e.history.map((h, i) => (
                <tr key={i}>
                  <td>
                    <bdi>{h.label}</bdi>
                  </td>
                  <td>
                    <bdi>{h.loadedAt.slice(0, 10)}</bdi>
                  </td>
                  <td>
                    <bdi>{h.change}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}

/** Names in their own script and direction. */
function NameList({ names }: { names: string[] }) {
  return (
    <ul className="names">
      {names.map((n, i) => (
        <li key={i}>
          <bdi className="name" dir="auto">
            {n}
          </bdi>
        </li>
      ))}
    </ul>
  );
}
