import { useMemo, useState, type FormEvent } from 'react';
import { api, upload, type Answer, type MatchHit } from '../api.js';
import { batchCsv } from '../batch-csv.js';
import { useI18n, type Key } from '../i18n.js';
import { ScoreBar } from './Explanation.js';
import { ErrorText } from './ErrorText.js';

/** A file read into rows; `problems` are rows that could not be read (never screened). */
type Table = Answer<'POST /tables'>;

type Field = 'name' | 'id' | 'birthDate' | 'nationality' | 'schema';
const FIELDS: { field: Field; label: Key; guess: RegExp }[] = [
  { field: 'name', label: 'name', guess: /^(full_?)?name$|^الاسم$/i },
  { field: 'id', label: 'rowId', guess: /^(id|ref|reference|customer_?id)$/i },
  { field: 'birthDate', label: 'birthDate', guess: /birth|dob/i },
  { field: 'nationality', label: 'nationality', guess: /nationality|country/i },
  { field: 'schema', label: 'schema', guess: /^(schema|type)$/i },
];

/** One row of the file; with an `error` it was not screened, and it is counted so. */
interface Row {
  line: number;
  id: string;
  name: string;
  error?: string;
  hits: MatchHit[];
}

const CHUNK = 50;
/** Longer names are cut in the table (never in the downloads). */
const SHOWN_NAME = 120;

const isMatch = (r: Row) => r.hits.some((h) => h.match);

/** What a batch comes to; a batch with an unscreened row is never called clear. */
function summarise(rows: Row[]) {
  const unscreened = rows.filter((r) => r.error !== undefined).length;
  const matched = rows.filter(isMatch).length;
  return {
    screened: rows.length - unscreened,
    matched,
    unscreened,
    verdict: unscreened > 0 ? 'unscreened' : matched > 0 ? 'matches' : 'clear',
  } as const;
}

export function BatchPage() {
  const { t } = useI18n();
  const [table, setTable] = useState<Table | null>(null);
  const [fileName, setFileName] = useState('');
  const [mapping, setMapping] = useState<Record<Field, number>>({
    name: -1,
    id: -1,
    birthDate: -1,
    nationality: -1,
    schema: -1,
  });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(0);
  const [running, setRunning] = useState(false);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [matchesOnly, setMatchesOnly] = useState(false);

  const read = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setRows(null);
    // The previous file's table goes at once: its rows must not be screened as the new file's
    // while the new one is read.
    setTable(null);
    setFileName(file.name);
    try {
      const tbl = await upload<Table>('/tables', file);
      setTable(tbl);
      const m = { name: -1, id: -1, birthDate: -1, nationality: -1, schema: -1 } as Record<
        Field,
        number
      >;
      for (const f of FIELDS) m[f.field] = tbl.columns.findIndex((c) => f.guess.test(c.trim()));
      setMapping(m);
    } catch (err) {
      setTable(null);
      setError(err instanceof Error ? err.message : t('error'));
    }
  };

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!table || mapping.name < 0) return;
    setRunning(true);
    setDone(0);
    setError(null);
    const out: Row[] = [];
    // Rows the server could not read are not sent: a garbled name must not come back "clear".
    const unread = new Map((table.problems ?? []).map((p) => [p.row, p.error]));
    // A cell's tabs and line breaks are spaces to the matcher; the API takes none in a name.
    const cell = (r: string[], f: Field) =>
      mapping[f] >= 0 ? (r[mapping[f]] ?? '').replace(/[\t\r\n]+/g, ' ').trim() : '';
    let failure: string | null = null;
    for (let i = 0; i < table.rows.length; i += CHUNK) {
      const chunk = table.rows.slice(i, i + CHUNK);
      const queries: Record<string, unknown> = {};
      chunk.forEach((r, k) => {
        if (unread.has(i + k)) return;
        const properties: Record<string, string[]> = { name: [cell(r, 'name')] };
        if (cell(r, 'birthDate')) properties.birthDate = [cell(r, 'birthDate')];
        if (cell(r, 'nationality')) properties.nationality = [cell(r, 'nationality')];
        const schema = cell(r, 'schema');
        queries[`r${i + k}`] = { ...(schema ? { schema } : {}), properties };
      });
      // A chunk that fails marks its own rows unscreened; the next chunks are still screened.
      let responses: Record<string, { status: number; detail?: string; results: MatchHit[] }> = {};
      let chunkFailure: string | undefined;
      if (Object.keys(queries).length > 0)
        try {
          ({ responses } = await api<{ responses: typeof responses }>(
            'POST',
            '/match/default?limit=3',
            { queries },
          ));
        } catch (err) {
          chunkFailure = err instanceof Error ? err.message : t('error');
          failure = chunkFailure;
        }
      chunk.forEach((r, k) => {
        const line = i + k + 2;
        const resp = responses[`r${i + k}`];
        const ok = resp?.status === 200;
        const error = unread.get(i + k) ?? resp?.detail ?? chunkFailure ?? String(resp?.status);
        out.push({
          line,
          id: cell(r, 'id') || String(line),
          name: cell(r, 'name'),
          hits: ok ? resp.results : [],
          ...(ok ? {} : { error }),
        });
      });
      setDone(Math.min(i + CHUNK, table.rows.length));
    }
    setError(failure);
    setRows(out);
    setRunning(false);
  };

  const downloads = useMemo(() => {
    if (!rows) return null;
    const jsonl = rows
      .map((r) =>
        JSON.stringify({
          line: r.line,
          id: r.id,
          name: r.name,
          screened: r.error === undefined,
          ...(r.error !== undefined ? { error: r.error } : {}),
          matches: r.hits.map((h) => ({
            entity_id: h.id,
            list: h.provenance.listId,
            ref: h.provenance.ref,
            caption: h.caption,
            score: h.score,
            match: h.match,
            ...(h.schemaMismatch ? { schema_mismatch: true } : {}),
          })),
        }),
      )
      .join('\n');
    return {
      csv: URL.createObjectURL(new Blob([batchCsv(rows)], { type: 'text/csv;charset=utf-8' })),
      jsonl: URL.createObjectURL(new Blob([jsonl + '\n'], { type: 'application/x-ndjson' })),
    };
  }, [rows]);

  const shown = (rows ?? []).filter((r) => !matchesOnly || isMatch(r) || r.error !== undefined);
  const total = table?.rows.length ?? 0;
  const unread = table?.problems?.length ?? 0;
  const summary = rows ? summarise(rows) : null;

  return (
    <>
      <form className="card" onSubmit={start} aria-labelledby="batch-title">
        <h1 id="batch-title">{t('navBatch')}</h1>
        <label htmlFor="b-file">{t('file')}</label>
        <input
          id="b-file"
          type="file"
          accept=".csv,.tsv,.xlsx"
          onChange={(e) => void read(e.target.files?.[0])}
          aria-describedby="b-file-help"
        />
        <span id="b-file-help" className="help">
          {t('fileHelp')}
        </span>
        {table && (
          <>
            <p>
              <bdi>{fileName}</bdi>: {table.rows.length} {t('rows')}
              {table.truncated ? ` (${t('truncated')})` : ''}
              {unread > 0 && (
                <>
                  {' · '}
                  <strong className="unscreened" data-unread={unread}>
                    {unread} {t('unreadableRows')}
                  </strong>
                </>
              )}
            </p>
            <fieldset>
              <legend>{t('mapColumns')}</legend>
              <div className="grid">
                {FIELDS.map((f) => (
                  <div key={f.field}>
                    <label htmlFor={`map-${f.field}`}>{t(f.label)}</label>
                    <select
                      id={`map-${f.field}`}
                      value={mapping[f.field]}
                      onChange={(e) =>
                        setMapping({ ...mapping, [f.field]: Number(e.target.value) })
                      }
                      required={f.field === 'name'}
                    >
                      <option value={-1}>{t('none')}</option>
                      {table.columns.map((c, i) => (
                        <option key={i} value={i}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              </div>
            </fieldset>
            <button type="submit" disabled={running || mapping.name < 0}>
              {t('screenAll')}
            </button>
          </>
        )}
        {(running || rows) && (
          <p>
            <label htmlFor="b-progress">{t('progress')}</label>
            <progress id="b-progress" max={total} value={done} />{' '}
            <span aria-live="polite">
              {done} / {total}
            </span>
          </p>
        )}
      </form>
      <ErrorText>{error}</ErrorText>
      {rows && summary && downloads && (
        <section className="card" aria-labelledby="batch-results">
          <h2 id="batch-results">{t('results')}</h2>
          <p
            role="status"
            className={`verdict ${summary.verdict}`}
            data-verdict={summary.verdict}
            data-screened={summary.screened}
            data-matched={summary.matched}
            data-unscreened={summary.unscreened}
          >
            {summary.verdict === 'unscreened'
              ? t('verdictUnscreened')
              : summary.verdict === 'clear'
                ? t('verdictClear')
                : t('verdictMatches')}
          </p>
          <p className="summary">
            {summary.screened} {t('rowsScreened')} · {summary.matched} {t('rowsWithMatches')}
            {summary.unscreened > 0 && (
              <>
                {' · '}
                <strong className="unscreened">
                  {summary.unscreened} {t('rowsUnscreened')}
                </strong>
              </>
            )}
          </p>
          <p>
            <a href={downloads.csv} download="sanad-results.csv">
              {t('downloadCsv')}
            </a>{' '}
            ·{' '}
            <a href={downloads.jsonl} download="sanad-results.jsonl">
              {t('downloadJsonl')}
            </a>
          </p>
          <label className="inline">
            <input
              type="checkbox"
              checked={matchesOnly}
              onChange={(e) => setMatchesOnly(e.target.checked)}
            />{' '}
            {t('matchesOnly')}
          </label>
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">{t('rowId')}</th>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('entity')}</th>
                <th scope="col">{t('score')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, 500).map((r) => {
                const best = r.hits[0];
                const unscreened = r.error !== undefined;
                return (
                  <tr
                    key={r.line}
                    data-row={r.id}
                    data-line={r.line}
                    className={unscreened ? 'unscreened' : undefined}
                  >
                    <td>
                      <bdi>{r.id}</bdi>
                    </td>
                    <td>
                      <bdi>
                        {r.name.length > SHOWN_NAME ? `${r.name.slice(0, SHOWN_NAME)}…` : r.name}
                      </bdi>
                    </td>
                    <td>
                      {unscreened ? (
                        <span className="unscreened">
                          {t('notScreened')}: {r.error}
                        </span>
                      ) : best ? (
                        <>
                          <a href={`#/entity/${encodeURIComponent(best.id)}`}>
                            <bdi>{best.caption}</bdi>
                          </a>
                          {best.schemaMismatch && (
                            <>
                              {' '}
                              <span className="badge mismatch">{t('schemaMismatch')}</span>
                            </>
                          )}
                        </>
                      ) : (
                        ''
                      )}
                    </td>
                    <td>{best && <ScoreBar score={best.score} match={best.match} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
