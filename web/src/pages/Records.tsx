import { useState, type FormEvent } from 'react';
import { api, type Answer } from '../api.js';
import { useI18n, type I18n } from '../i18n.js';
import { TextField } from './TextField.js';
import { useLoad } from './useLoad.js';
import { ErrorText } from './ErrorText.js';
import { TableWrap } from './admin/admin-kit.js';
import { useFeedError } from './admin/FeedsPage.js';
import './admin/admin.css';
import { errorText } from '../errors.js';

type ScopeJson = 'private' | 'coalition' | { partners: string[] };

type RecordView = Answer<'GET /records/{id}'>;

type Partner = Answer<'GET /partners'>['partners'][number];

type Feed = Answer<'GET /feeds'>['feeds'][number];

/** private, coalition, or a set of named partners: one fieldset, radio buttons and checkboxes. */
function ScopePicker({
  id,
  value,
  onChange,
  partners,
  self,
}: {
  id: string;
  value: ScopeJson;
  onChange: (s: ScopeJson) => void;
  partners: Partner[];
  self: string | null;
}) {
  const { t } = useI18n();
  const kind = typeof value === 'string' ? value : 'partners';
  const named = typeof value === 'string' ? [] : value.partners;
  return (
    <fieldset>
      <legend>{t('scope')}</legend>
      {(['private', 'partners', 'coalition'] as const).map((k) => (
        <label key={k} className="inline">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={kind === k}
            onChange={() => onChange(k === 'partners' ? { partners: named } : k)}
          />{' '}
          {t(`scope_${k}`)}
        </label>
      ))}
      {kind === 'partners' && (
        <div role="group" aria-label={t('scope_partners')}>
          {partners
            .filter((p) => p.id !== self && p.id !== 'node')
            .map((p) => (
              <label key={p.id} className="inline">
                <input
                  type="checkbox"
                  checked={named.includes(p.id)}
                  onChange={(e) =>
                    onChange({
                      partners: e.target.checked
                        ? [...named, p.id]
                        : named.filter((x) => x !== p.id),
                    })
                  }
                />{' '}
                <bdi>{p.name}</bdi>
              </label>
            ))}
        </div>
      )}
    </fieldset>
  );
}

function scopeLabel(s: ScopeJson, { t, fill }: Pick<I18n, 't' | 'fill'>) {
  return typeof s === 'string'
    ? t(`scope_${s}`)
    : fill('recordScopeNamed', { names: s.partners.join(t('listSeparator')) });
}

export function RecordsPage() {
  const i18n = useI18n();
  const { t, date, num } = i18n;
  const feedError = useFeedError();
  const partners = useLoad(() => api<{ partners: Partner[] }>('GET', '/partners'), []);
  const records = useLoad(
    () => api<{ records: RecordView[]; total: number }>('GET', '/records?limit=500&withdrawn=true'),
    [],
  );
  const feeds = useLoad(
    () => api<{ feeds: Feed[] }>('GET', '/feeds').catch(() => ({ feeds: [] as Feed[] })),
    [],
  );
  const [ref, setRef] = useState('');
  const [names, setNames] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [nationality, setNationality] = useState('');
  const [passport, setPassport] = useState('');
  const [basis, setBasis] = useState('');
  const [scope, setScope] = useState<ScopeJson>('private');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const own = records.data?.records.find((r) => r.withdrawnAt !== undefined)?.sharedBy ?? null;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const properties: Record<string, string[]> = {
      name: names
        .split('\n')
        .map((n) => n.trim())
        .filter(Boolean),
    };
    if (birthDate) properties.birthDate = [birthDate];
    if (nationality) properties.nationality = [nationality];
    if (passport) properties.passportNumber = [passport];
    try {
      await api('POST', '/records', { ref, schema: 'Person', properties, basis, scope });
      setMessage({ error: false, text: t('saved') });
      setRef('');
      setNames('');
      records.reload();
    } catch (err) {
      setMessage({ error: true, text: errorText(err, t) });
    }
  };

  return (
    <>
      <form className="card" onSubmit={add} aria-labelledby="rec-add">
        <h1 id="rec-add">{t('shareRecord')}</h1>
        <p className="help">{t('recordsIntro')}</p>
        <div className="grid admin-grid">
          <TextField id="r-ref" label={t('reference')} required value={ref} onChange={setRef} />
          <TextField
            id="r-dob"
            label={t('birthDate')}
            dir="ltr"
            value={birthDate}
            onChange={setBirthDate}
          />
          <TextField
            id="r-nat"
            label={t('nationality')}
            value={nationality}
            onChange={setNationality}
          />
          <div className="wide">
            <label htmlFor="r-names">{t('namesOnePerLine')}</label>
            <textarea
              id="r-names"
              dir="auto"
              required
              value={names}
              onChange={(e) => setNames(e.target.value)}
            />
          </div>
          <TextField
            id="r-passport"
            label={t('passport')}
            dir="ltr"
            value={passport}
            onChange={setPassport}
          />
          <TextField
            id="r-basis"
            label={t('basis')}
            required
            value={basis}
            onChange={setBasis}
            wide
          />
        </div>
        <ScopePicker
          id="r-scope"
          value={scope}
          onChange={setScope}
          partners={partners.data?.partners ?? []}
          self={own}
        />
        <button type="submit">{t('share')}</button>
        {message && (
          <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : ''}>
            {message.text}
          </p>
        )}
      </form>
      <section className="card" aria-labelledby="rec-list">
        <h2 id="rec-list">{t('recordsInScope')}</h2>
        <ErrorText>{records.error}</ErrorText>
        <ul className="records" aria-busy={records.loading}>
          {(records.data?.records ?? []).map((r) => (
            <RecordItem
              key={r.id}
              r={r}
              partners={partners.data?.partners ?? []}
              onChanged={records.reload}
              scopeLabel={(s) => scopeLabel(s, i18n)}
            />
          ))}
        </ul>
      </section>
      {(feeds.data?.feeds.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="feeds-title">
          <h2 id="feeds-title">{t('feeds')}</h2>
          <TableWrap label={t('feeds')}>
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('feed')}</th>
                  <th scope="col">{t('batches')}</th>
                  <th scope="col">{t('refusedBatches')}</th>
                  <th scope="col">{t('lastOk')}</th>
                  <th scope="col">{t('lastError')}</th>
                </tr>
              </thead>
              <tbody>
                {feeds.data!.feeds.map((f) => (
                  <tr key={f.id}>
                    <td data-label={t('feed')}>
                      <bdi>{f.id}</bdi>{' '}
                      <bdi dir="ltr" className="help">
                        {f.url}
                      </bdi>
                    </td>
                    <td data-label={t('batches')}>{num(f.batches)}</td>
                    <td data-label={t('refusedBatches')}>{num(f.refused)}</td>
                    <td data-label={t('lastOk')}>{f.lastOkAt ? date(f.lastOkAt, true) : ''}</td>
                    <td data-label={t('lastError')}>{f.lastError ? feedError(f.lastError) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      )}
    </>
  );
}

function RecordItem({
  r,
  partners,
  onChanged,
  scopeLabel,
}: {
  r: RecordView;
  partners: Partner[];
  onChanged: () => void;
  scopeLabel: (s: ScopeJson) => string;
}) {
  const { t, fill } = useI18n();
  const mine = r.withdrawnAt !== undefined;
  const [mode, setMode] = useState<'view' | 'scope' | 'withdraw' | 'edit'>('view');
  const [scope, setScope] = useState<ScopeJson>(r.scope);
  const [reason, setReason] = useState('');
  const [names, setNames] = useState((r.properties.name ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setMode('view');
      onChanged();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <li className="record" data-record={r.ref}>
      <a href={`#/entity/${encodeURIComponent(r.id)}`}>
        <bdi>{r.caption}</bdi>
      </a>{' '}
      · <bdi>{r.ref}</bdi> · {t('sharedBy')} <bdi>{r.sharedBy}</bdi> ·{' '}
      <span data-scope>{scopeLabel(r.scope)}</span> · {fill('recordVersion', { n: r.version })}
      {r.withdrawnAt && <strong> · {t('withdrawn')}</strong>}
      {mine && !r.withdrawnAt && mode === 'view' && (
        <span className="actions">
          <button type="button" className="secondary" onClick={() => setMode('edit')}>
            {t('edit')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setMode('scope')}>
            {t('rescope')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setMode('withdraw')}>
            {t('withdraw')}
          </button>
        </span>
      )}
      {mode === 'edit' && (
        <form
          onSubmit={(e) => (
            e.preventDefault(),
            void run(() =>
              api('PATCH', `/records/${r.id}`, {
                properties: {
                  ...r.properties,
                  name: names
                    .split('\n')
                    .map((n) => n.trim())
                    .filter(Boolean),
                },
              }),
            )
          )}
        >
          <label htmlFor={`names-${r.id}`}>{t('namesOnePerLine')}</label>
          <textarea
            id={`names-${r.id}`}
            dir="auto"
            value={names}
            onChange={(e) => setNames(e.target.value)}
          />
          <button type="submit">{t('save')}</button>
        </form>
      )}
      {mode === 'scope' && (
        <form
          onSubmit={(e) => (
            e.preventDefault(),
            void run(() => api('PUT', `/records/${r.id}/scope`, { scope }))
          )}
        >
          <ScopePicker
            id={`scope-${r.id}`}
            value={scope}
            onChange={setScope}
            partners={partners}
            self={r.sharedBy}
          />
          <button type="submit">{t('save')}</button>
        </form>
      )}
      {mode === 'withdraw' && (
        <form
          onSubmit={(e) => (
            e.preventDefault(),
            void run(() => api('POST', `/records/${r.id}/withdraw`, { reason }))
          )}
        >
          <label htmlFor={`reason-${r.id}`}>{t('reason')}</label>
          <input
            id={`reason-${r.id}`}
            dir="auto"
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit">{t('withdraw')}</button>
        </form>
      )}
      <ErrorText>{error}</ErrorText>
    </li>
  );
}
