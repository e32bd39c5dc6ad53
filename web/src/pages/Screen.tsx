import { useState, type FormEvent } from 'react';
import { api, type MatchHit, type MatchResponse } from '../api.js';
import { useI18n } from '../i18n.js';
import { Explanation, ScoreBar } from './Explanation.js';
import { TextField } from './TextField.js';
import { ErrorText } from './ErrorText.js';

export function ScreenPage() {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [nationality, setNationality] = useState('');
  const [schema, setSchema] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<MatchHit[] | null>(null);
  /** The type the shown results were screened as (the form may have changed since). */
  const [screenedSchema, setScreenedSchema] = useState('');
  /** Counts answers, so that a page (or a benchmark) can tell a new answer from the last. */
  const [run, setRun] = useState(0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const properties: Record<string, string[]> = { name: [name] };
      if (birthDate) properties.birthDate = [birthDate];
      if (nationality) properties.nationality = [nationality];
      const body = await api<MatchResponse>('POST', '/match/default?limit=10', {
        queries: { q: { ...(schema ? { schema } : {}), properties } },
      });
      const q = body.responses.q;
      if (!q || q.status !== 200) throw new Error(q?.detail ?? t('error'));
      setResults(q.results);
      setScreenedSchema(schema);
      setRun((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : t('error'));
      setResults(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="card" onSubmit={submit} aria-labelledby="screen-title">
        <h1 id="screen-title">{t('navScreen')}</h1>
        <div className="grid">
          <TextField
            id="q-name"
            label={t('name')}
            value={name}
            onChange={setName}
            required
            help={t('nameHelp')}
            wide
          />
          <TextField
            id="q-dob"
            label={t('birthDate')}
            dir="ltr"
            placeholder="1971-05-28"
            value={birthDate}
            onChange={setBirthDate}
          />
          <TextField
            id="q-nat"
            label={t('nationality')}
            placeholder="IQ"
            value={nationality}
            onChange={setNationality}
          />
          <div>
            <label htmlFor="q-schema">{t('schema')}</label>
            <select id="q-schema" value={schema} onChange={(e) => setSchema(e.target.value)}>
              <option value="">{t('anyType')}</option>
              <option value="Person">{t('person')}</option>
              <option value="Organization">{t('organization')}</option>
            </select>
          </div>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('screening') : t('screen')}
        </button>
      </form>
      <ErrorText>{error}</ErrorText>
      {results && (
        <section aria-labelledby="results-title" className="results" data-run={run}>
          <h2 id="results-title">{t('results')}</h2>
          {results.length === 0 ? (
            <p>{t('noResults')}</p>
          ) : (
            <ol>
              {results.map((r) => (
                <li key={r.id} className="card result" data-entity={r.id}>
                  <div className="result-head">
                    <a href={`#/entity/${encodeURIComponent(r.id)}`} className="caption">
                      <bdi>{r.caption}</bdi>
                    </a>
                    <ScoreBar score={r.score} match={r.match} />
                    <span className={r.match ? 'badge hit' : 'badge'}>
                      {r.match ? t('match') : t('noMatch')}
                    </span>
                    {r.schemaMismatch && (
                      <span className="badge mismatch">{t('schemaMismatch')}</span>
                    )}
                  </div>
                  <p className="meta">
                    {t('list')}: <bdi>{r.provenance.listId}</bdi> · {t('reference')}:{' '}
                    <bdi>{r.provenance.ref}</bdi>
                    {r.provenance.sharing && (
                      <>
                        {' '}
                        · {t('sharedBy')}: <bdi>{r.provenance.sharing.partner}</bdi>
                      </>
                    )}
                  </p>
                  <Explanation hit={r} querySchema={screenedSchema || undefined} />
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </>
  );
}
