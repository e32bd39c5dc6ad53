/**
 * An entity as GET /entities/{id} gives it, all of it: names, dates, places, nationality,
 * identifiers, programme, remarks, the date it was listed (the list's, not the day sanad
 * loaded it), its history across list versions in words, and the same person or organisation
 * on other lists side by side when they are linked (a cluster).
 */
import { api, type Answer } from '../api.js';
import { useI18n, type I18n } from '../i18n.js';
import { useLoad } from './useLoad.js';
import { ErrorText } from './ErrorText.js';
import './Entity.css';

type EntityView = Answer<'GET /entities/{id}'>;
type Identifier = NonNullable<EntityView['identifiers']>[number];
type Member = EntityView['cluster']['members'][number];
type HistoryItem = EntityView['history'][number];

/** Properties shown elsewhere on the page (names, remarks), not in the details. */
const NOT_DETAILS = new Set(['name', 'alias', 'weakAlias', 'notes']);
/** The details in the order an analyst compares them; others follow in the list's order. */
const FIRST = ['birthDate', 'birthPlace', 'deathDate', 'nationality', 'citizenship', 'country'];
const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function detailKeys(properties: Record<string, string[]>): string[] {
  const keys = Object.keys(properties).filter(
    (k) => !NOT_DETAILS.has(k) && (properties[k]?.length ?? 0) > 0,
  );
  const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);
  return keys.sort((a, b) => rank(a) - rank(b));
}

/** A date as the list gives it: a full date in the reader's calendar, a year or month as is. */
function listDate(i18n: I18n, value: string): string {
  return FULL_DATE.test(value) ? i18n.date(value) : value;
}

export function EntityPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const { data: e, error } = useLoad(
    () => api<EntityView>('GET', `/entities/${encodeURIComponent(id)}`),
    [id],
  );
  if (error) return <ErrorText>{error}</ErrorText>;
  if (!e) return <p aria-busy="true">{t('loading')}</p>;
  const names = e.properties.name ?? [];
  const aliases = [...(e.properties.alias ?? []), ...(e.properties.weakAlias ?? [])];
  const notes = e.properties.notes ?? [];
  const scope = e.shared?.scope;
  const others = e.cluster.members.length > 1 ? e.cluster.members : [];
  const p = e.provenance;
  return (
    <article className="card entity" aria-labelledby="entity-title" data-entity={e.id}>
      <p>
        <a href="#/screen">{t('back')}</a>
      </p>
      <h1 id="entity-title">
        <bdi>{e.caption}</bdi>
      </h1>
      <p className="entity-badges">
        <span className="badge type" data-schema={e.schema}>
          {tx('ty', e.schema)}
        </span>
        {!e.listed && (
          <span className="badge not-listed" data-listed="false">
            {t('entNotListed')}
          </span>
        )}
      </p>
      <h2>{t('names')}</h2>
      <NameList names={names} />
      {aliases.length > 0 && (
        <>
          <h2>{t('aliases')}</h2>
          <NameList names={aliases} />
        </>
      )}
      <Details properties={e.properties} />
      {e.identifiers && e.identifiers.length > 0 && <Identifiers ids={e.identifiers} />}
      {notes.length > 0 && (
        <section aria-labelledby="entity-notes" className="entity-notes">
          <h2 id="entity-notes">{t('entNotes')}</h2>
          {notes.map((n, i) => (
            <p key={i}>
              <bdi dir="auto">{n}</bdi>
            </p>
          ))}
        </section>
      )}
      <h2>{t('provenance')}</h2>
      <dl className="provenance">
        <dt>{t('list')}</dt>
        <dd>
          <bdi>{p.listId}</bdi>
        </dd>
        <dt>{t('entVersion')}</dt>
        <dd>
          <bdi>{p.listVersion}</bdi>
        </dd>
        <dt>{t('reference')}</dt>
        <dd>
          <bdi>{p.ref}</bdi>
        </dd>
        {p.programme && (
          <>
            <dt>{t('entProgramme')}</dt>
            <dd>
              <bdi>{p.programme}</bdi>
            </dd>
          </>
        )}
        {p.listedOn && (
          <>
            <dt>{t('entListedOn')}</dt>
            <dd data-listed-on={p.listedOn}>{listDate(i18n, p.listedOn)}</dd>
          </>
        )}
        {p.updatedOn && p.updatedOn.length > 0 && (
          <>
            <dt>{t('entAmendedOn')}</dt>
            <dd>{p.updatedOn.map((d) => listDate(i18n, d)).join(' · ')}</dd>
          </>
        )}
        {e.shared && (
          <>
            <dt>{t('sharedBy')}</dt>
            <dd>
              <bdi>{e.shared.by}</bdi>
            </dd>
            <dt>{t('sharedAt')}</dt>
            <dd>{i18n.date(e.shared.at)}</dd>
            <dt>{t('basis')}</dt>
            <dd>
              <bdi>{e.shared.basis}</bdi>
            </dd>
            <dt>{t('scope')}</dt>
            <dd>
              {typeof scope === 'string' ? (
                tx('scope', scope)
              ) : (
                <>
                  {t('scope_partners')}: <bdi>{scope?.partners.join(', ')}</bdi>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {e.history.length > 0 && <History items={e.history} />}
      {others.length > 0 && <Cluster members={others} self={e.id} />}
    </article>
  );
}

/** Every other property, labelled in the reader's language (the raw name when unknown). */
function Details({ properties }: { properties: Record<string, string[]> }) {
  const i18n = useI18n();
  const keys = detailKeys(properties);
  if (keys.length === 0) return null;
  return (
    <section aria-labelledby="entity-details">
      <h2 id="entity-details">{i18n.t('entDetails')}</h2>
      <dl className="details">
        {keys.map((k) => (
          <div key={k} className="pair" data-prop={k}>
            <dt>{i18n.tx('prop', k)}</dt>
            <dd>
              {properties[k]!.map((v, i) => (
                <span key={i} className="value">
                  <bdi dir="auto">{/date$/i.test(k) ? listDate(i18n, v) : v}</bdi>
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Identifiers({ ids }: { ids: Identifier[] }) {
  const { t, tx } = useI18n();
  return (
    <section aria-labelledby="entity-ids">
      <h2 id="entity-ids">{t('entIdentifiers')}</h2>
      <div className="table-wrap">
        <table className="identifiers">
          <thead>
            <tr>
              <th scope="col">{t('entIdKind')}</th>
              <th scope="col">{t('entIdNumber')}</th>
              <th scope="col">{t('entIdCountry')}</th>
              <th scope="col">{t('entIdNote')}</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id, i) => (
              <tr key={i} data-identifier={id.kind}>
                <td>
                  {tx('idk', id.kind)}
                  {id.label && (
                    <>
                      {' '}
                      <span className="help">
                        (<bdi>{id.label}</bdi>)
                      </span>
                    </>
                  )}
                </td>
                <td>
                  <bdi dir="ltr">{id.number}</bdi>
                </td>
                <td>
                  <bdi>{id.country?.toUpperCase() ?? ''}</bdi>
                </td>
                <td>
                  <bdi dir="auto">{id.note ?? ''}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The entry's life on its list, one sentence per version (versions it was absent from left out). */
function History({ items }: { items: HistoryItem[] }) {
  const i18n = useI18n();
  const { t, fill, tx } = i18n;
  const sentence = (h: HistoryItem) => {
    const values = { version: h.version, label: h.label, date: i18n.date(h.loadedAt) };
    switch (h.change) {
      case 'added':
        return fill('entHistoryAdded', values);
      case 'amended':
        return fill('entHistoryAmended', values);
      case 'removed':
        return fill('entHistoryRemoved', values);
      case 'unchanged':
        return fill('entHistoryUnchanged', values);
      case 'absent':
        return fill('entHistoryAbsent', values);
      default:
        return fill('entHistoryOther', { ...values, change: tx('chg', h.change) });
    }
  };
  const shown = items.filter((h) => h.change !== 'absent');
  return (
    <section aria-labelledby="entity-history">
      <h2 id="entity-history">{t('history')}</h2>
      <ol className="history">
        {shown.map((h, i) => (
          <li key={i} data-change={h.change} data-version={h.version}>
            {sentence(h)}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The linked records of every list, side by side (one column on a phone). */
function Cluster({ members, self }: { members: Member[]; self: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section aria-labelledby="entity-cluster">
      <h2 id="entity-cluster">{t('entCluster')}</h2>
      <p className="help">{t('entClusterHelp')}</p>
      <ul className="cluster">
        {members.map((m) => (
          <li key={m.entity_id} className="member" data-member={m.entity_id}>
            <h3>
              <bdi>{m.list}</bdi> · <bdi>{m.ref}</bdi>
            </h3>
            {m.entity_id === self ? (
              <p className="help">{t('entThisRecord')}</p>
            ) : (
              <p>
                <a href={`#/entity/${encodeURIComponent(m.entity_id)}`}>
                  {t('entOpenRecord')}
                  <span className="sr-only">
                    : <bdi>{m.caption}</bdi> (<bdi>{m.list}</bdi>)
                  </span>
                </a>
              </p>
            )}
            <NameList names={[m.caption, ...(m.properties.alias ?? [])]} />
            <dl>
              {['birthDate', 'birthPlace', 'nationality'].map((k) =>
                (m.properties[k]?.length ?? 0) > 0 ? (
                  <div key={k} className="pair">
                    <dt>{i18n.tx('prop', k)}</dt>
                    <dd>
                      <bdi dir="auto">
                        {m.properties[k]!.map((v) =>
                          k === 'birthDate' ? listDate(i18n, v) : v,
                        ).join(' · ')}
                      </bdi>
                    </dd>
                  </div>
                ) : null,
              )}
              {m.provenance.listedOn && (
                <div className="pair">
                  <dt>{t('entListedOn')}</dt>
                  <dd>{listDate(i18n, m.provenance.listedOn)}</dd>
                </div>
              )}
              {m.identifiers?.map((id, i) => (
                <div key={`id${i}`} className="pair">
                  <dt>{i18n.tx('idk', id.kind)}</dt>
                  <dd>
                    <bdi dir="ltr">{id.number}</bdi>
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
    </section>
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
