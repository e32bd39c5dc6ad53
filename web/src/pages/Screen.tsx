/**
 * Screening one name, as evidence: what was screened against (lists and their versions, the
 * threshold, the scoring model), the results over the threshold in full and those under it
 * folded away, "open a case" (the same query again with a customer reference, so that the
 * server opens a subject and its alerts), and an export of the whole answer. The last answer is
 * kept in this tab's session storage, so that Back from an entity shows it again.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, storedKey, type MatchHit, type MatchResponse } from '../api.js';
import { csvCell } from '../csv-cell.js';
import { useI18n, type I18n } from '../i18n.js';
import { byEvidence } from '../screen-order.js';
import { download } from './download.js';
import { Explanation, ScoreBar } from './Explanation.js';
import { TextField } from './TextField.js';
import { ErrorText } from './ErrorText.js';
import './Screen.css';
import { errorText } from '../errors.js';

interface Query {
  name: string;
  birthDate: string;
  nationality: string;
  schema: string;
}

interface ListVersion {
  id: string;
  version: number;
  label: string;
}

/** One answer, with everything it was screened against. */
interface Screened {
  query: Query;
  results: MatchHit[];
  lists: ListVersion[];
  threshold: number;
  model?: string;
  at: string;
}

const STORE = 'sanad.screen';
const EMPTY: Query = { name: '', birthDate: '', nationality: '', schema: '' };

/**
 * A short tag of the signed-in key (FNV-1a, 32 bits: it names the key without revealing it),
 * so that a screening kept in this tab is shown again only to the key that made it.
 */
function owner(): string {
  let h = 0x811c9dc5;
  for (const c of storedKey() ?? '') h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16);
}

function restore(): Screened | null {
  try {
    const text = sessionStorage.getItem(STORE);
    const kept = text ? (JSON.parse(text) as Screened & { owner?: string }) : null;
    return kept?.owner === owner() ? kept : null;
  } catch {
    return null;
  }
}

function matchBody(q: Query, subjectId?: string) {
  const properties: Record<string, string[]> = { name: [q.name] };
  if (q.birthDate) properties.birthDate = [q.birthDate];
  if (q.nationality) properties.nationality = [q.nationality];
  return {
    queries: {
      q: {
        ...(q.schema ? { schema: q.schema } : {}),
        ...(subjectId ? { subject_id: subjectId } : {}),
        properties,
      },
    },
  };
}

async function screen(q: Query, fallback: string, subjectId?: string) {
  const body = await api<MatchResponse>('POST', '/match/default?limit=10', matchBody(q, subjectId));
  const answer = body.responses.q;
  if (!answer || answer.status !== 200) throw new Error(answer?.detail ?? fallback);
  return answer;
}

export function ScreenPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [initial] = useState(restore);
  const [query, setQuery] = useState<Query>(initial?.query ?? EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<Screened | null>(initial);
  /** Counts answers, so that a page (or a benchmark) can tell a new answer from the last. */
  const [run, setRun] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const set = (field: keyof Query) => (value: string) => setQuery({ ...query, [field]: value });

  useEffect(() => {
    if (run > 0) heading.current?.focus();
  }, [run]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const q = await screen(query, t('error'));
      const screened: Screened = {
        query,
        results: q.results,
        lists: (q.lists as ListVersion[] | undefined) ?? [],
        threshold: (q.threshold as number | undefined) ?? 0,
        model: q.model,
        at: new Date().toISOString(),
      };
      setAnswer(screened);
      sessionStorage.setItem(STORE, JSON.stringify({ ...screened, owner: owner() }));
      setRun((n) => n + 1);
    } catch (err) {
      setError(errorText(err, t));
      setAnswer(null);
      sessionStorage.removeItem(STORE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="card" onSubmit={submit} aria-labelledby="screen-title">
        <h1 id="screen-title">{t('navScreen')}</h1>
        <div className="grid screen-form">
          <TextField
            id="q-name"
            label={t('name')}
            value={query.name}
            onChange={set('name')}
            required
            help={t('nameHelp')}
            wide
          />
          <TextField
            id="q-dob"
            label={t('birthDate')}
            dir="ltr"
            placeholder="1971-05-28"
            value={query.birthDate}
            onChange={set('birthDate')}
          />
          <TextField
            id="q-nat"
            label={t('nationality')}
            placeholder="IQ"
            value={query.nationality}
            onChange={set('nationality')}
          />
          <div>
            <label htmlFor="q-schema">{t('schema')}</label>
            <select
              id="q-schema"
              value={query.schema}
              onChange={(e) => set('schema')(e.target.value)}
            >
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
      {answer && <Results answer={answer} run={run} heading={heading} i18n={i18n} busy={busy} />}
    </>
  );
}

function Results({
  answer,
  run,
  heading,
  i18n,
  busy,
}: {
  answer: Screened;
  run: number;
  heading: React.RefObject<HTMLHeadingElement | null>;
  i18n: I18n;
  busy: boolean;
}) {
  const { t, count } = i18n;
  const all = byEvidence(answer.results);
  const over = all.filter((r) => r.match);
  const under = all.filter((r) => !r.match);
  const screenedSchema = answer.query.schema;
  const item = (r: MatchHit) => (
    <ResultItem key={r.id} hit={r} querySchema={screenedSchema || undefined} />
  );
  return (
    <section
      aria-labelledby="results-title"
      className="results"
      data-run={run}
      data-restored={run === 0 ? 'true' : undefined}
      aria-busy={busy}
    >
      <h2 id="results-title" ref={heading} tabIndex={-1}>
        {t('results')}
      </h2>
      <Summary answer={answer} over={over.length} under={under.length} />
      {all.length === 0 ? (
        <p>{t('noResults')}</p>
      ) : (
        <>
          {over.length > 0 && <ol className="over">{over.map(item)}</ol>}
          {under.length > 0 && (
            <details className="under" data-under={under.length}>
              <summary>{count(under.length, 'scrShowUnder')}</summary>
              <ol>{under.map(item)}</ol>
            </details>
          )}
        </>
      )}
      <div className="screen-actions">
        {over.length > 0 && <OpenCase query={answer.query} />}
        <Export answer={answer} ordered={all} />
      </div>
    </section>
  );
}

/** What the answer was screened against, and how many results fall on each side. */
function Summary({ answer, over, under }: { answer: Screened; over: number; under: number }) {
  const { t, fill, count, pct, date, lang } = useI18n();
  const label = (l: ListVersion) => (/^\d{4}-\d{2}-\d{2}/.test(l.label) ? date(l.label) : l.label);
  const lists = answer.lists
    .map((l) => fill('scrListVersion', { list: l.id, version: l.version, label: label(l) }))
    .join(lang === 'ar' ? '، ' : ', ');
  return (
    <p
      className="screen-summary"
      role="status"
      data-over={over}
      data-under={under}
      data-threshold={answer.threshold}
      data-lists={answer.lists.map((l) => `${l.id}@${l.version}`).join(' ')}
    >
      {fill('scrSummary', { lists, threshold: pct(answer.threshold) })}{' '}
      <strong>{count(over, 'scrOver')}</strong> · {count(under, 'scrUnder')}
      {answer.model && (
        <span className="help">
          {' '}
          · {t('scrModel')}: <bdi>{answer.model}</bdi>
        </span>
      )}
    </p>
  );
}

function ResultItem({ hit: r, querySchema }: { hit: MatchHit; querySchema?: string }) {
  const { t, tx } = useI18n();
  return (
    <li className="card result" data-entity={r.id} data-score={r.score}>
      <div className="result-head">
        <a href={`#/entity/${encodeURIComponent(r.id)}`} className="caption">
          <bdi>{r.caption}</bdi>
        </a>
        <span className="badge type" data-schema={r.schema}>
          <span className="sr-only">{t('scrType')}: </span>
          {tx('ty', r.schema)}
        </span>
        <ScoreBar score={r.score} match={r.match} />
        <span className={r.match ? 'badge hit' : 'badge'}>
          {r.match ? t('match') : t('noMatch')}
        </span>
        {r.schemaMismatch && <span className="badge mismatch">{t('schemaMismatch')}</span>}
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
      <Explanation hit={r} querySchema={querySchema} />
    </li>
  );
}

/**
 * The same query again with the customer's reference: the server records the subject and opens
 * an alert for each possible match; the page then shows the first alert (or, when the customer
 * already had them, the customer's alerts).
 */
function OpenCase({ query }: { query: Query }) {
  const { t } = useI18n();
  const [subjectId, setSubjectId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [none, setNone] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const id = subjectId.trim();
    if (!id) return;
    setBusy(true);
    setError(null);
    setNone(null);
    try {
      const answer = await screen(query, t('error'), id);
      const alerts = (answer.alerts as string[] | undefined) ?? [];
      if (alerts[0]) window.location.hash = `#/alerts/${encodeURIComponent(alerts[0])}`;
      else setNone(id);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="open-case" onSubmit={submit} aria-labelledby="open-case-title">
      <h3 id="open-case-title">{t('scrOpenCaseTitle')}</h3>
      <TextField
        id="case-subject"
        label={t('scrSubjectId')}
        value={subjectId}
        onChange={setSubjectId}
        required
        help={t('scrOpenCaseHelp')}
      />
      <button type="submit" disabled={busy}>
        {busy ? t('scrOpening') : t('scrOpenCase')}
      </button>
      <ErrorText>{error}</ErrorText>
      {none && (
        <p role="status">
          {t('scrNoNewAlert')}{' '}
          <a href={`#/subjects/${encodeURIComponent(none)}`}>
            <bdi>{none}</bdi>
          </a>
        </p>
      )}
    </form>
  );
}

const CSV_HEADER = [
  'rank',
  'entity_id',
  'caption',
  'schema',
  'list',
  'list_version',
  'ref',
  'score',
  'name_score',
  'match',
  'matched_name',
  'threshold',
];

/** The answer as a spreadsheet: one line per result, every cell through csvCell. */
function resultCsv(answer: Screened, results: MatchHit[]): string {
  const versions = new Map(answer.lists.map((l) => [l.id, l.version]));
  const lines = [CSV_HEADER.join(',')];
  results.forEach((r, i) =>
    lines.push(
      [
        i + 1,
        r.id,
        r.caption,
        r.schema,
        r.provenance.listId,
        versions.get(r.provenance.listId) ?? r.provenance.listVersion,
        r.provenance.ref,
        r.score,
        r.explanations.nameScore,
        r.match,
        r.explanations.matchedName,
        answer.threshold,
      ]
        .map(csvCell)
        .join(','),
    ),
  );
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

function Export({ answer, ordered: results }: { answer: Screened; ordered: MatchHit[] }) {
  const { t } = useI18n();
  const stamp = answer.at.slice(0, 19).replace(/[:T]/g, '-');
  const json = () =>
    download(
      JSON.stringify(
        {
          screenedAt: answer.at,
          query: answer.query,
          lists: answer.lists,
          threshold: answer.threshold,
          model: answer.model,
          results,
        },
        null,
        2,
      ) + '\n',
      `sanad-screening-${stamp}.json`,
      'application/json',
    );
  const csv = () =>
    download(resultCsv(answer, results), `sanad-screening-${stamp}.csv`, 'text/csv;charset=utf-8');
  return (
    <div className="export" role="group" aria-labelledby="export-title">
      <h3 id="export-title">{t('scrExport')}</h3>
      <button type="button" className="secondary" onClick={json}>
        {t('scrExportJson')}
      </button>{' '}
      <button type="button" className="secondary" onClick={csv}>
        {t('scrExportCsv')}
      </button>
    </div>
  );
}
