/**
 * Screening a file in the browser: the server reads it (POST /tables), the user maps its
 * columns and sees the first rows as they will be screened, and the page screens the rows
 * through /match in chunks, which the user may cancel. A row that was not screened (unreadable,
 * refused, failed or cancelled) is counted and listed with its reason, never shown as clean.
 * "Make this a run" sends the same file to POST /runs, so that hits open alerts and a report.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, upload, type Answer, type MatchHit } from '../api.js';
import { batchCsv } from '../batch-csv.js';
import { reasonKey } from '../batch-reason.js';
import { useI18n, type Key } from '../i18n.js';
import { BatchResults, isMatch, type Row } from './BatchResults.js';
import { download } from './download.js';
import { ErrorText } from './ErrorText.js';
import { useLoad } from './useLoad.js';
import './Batch.css';
import { errorText } from '../errors.js';

/** A file read into rows; `problems` are rows that could not be read (never screened). */
type Table = Answer<'POST /tables'>;
type Limits = Answer<'GET /limits'>;
type RunSummary = Answer<'POST /runs'>;

type Field = 'name' | 'id' | 'birthDate' | 'nationality' | 'schema';
const FIELDS: { field: Field; label: Key; guess: RegExp }[] = [
  { field: 'name', label: 'name', guess: /^(full_?)?name$|^الاسم$/i },
  { field: 'id', label: 'rowId', guess: /^(id|ref|reference|customer_?id)$/i },
  { field: 'birthDate', label: 'birthDate', guess: /birth|dob/i },
  { field: 'nationality', label: 'nationality', guess: /nationality|country/i },
  { field: 'schema', label: 'schema', guess: /^(schema|type)$/i },
];
const NO_MAPPING: Record<Field, number> = {
  name: -1,
  id: -1,
  birthDate: -1,
  nationality: -1,
  schema: -1,
};

const CHUNK = 50;
const PREVIEW_ROWS = 5;

const SAMPLE =
  'customer_id,full_name,dob,nationality,type\r\n' +
  'C-1001,Abu Bakr al-Baghdadi,1971-07-28,IQ,Person\r\n' +
  'C-1002,أيمن الظواهري,1951-06-19,EG,Person\r\n' +
  'C-1003,Example Trading LLC,,AE,Organization\r\n';

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

/**
 * Why a whole request failed, as the server or the browser said it: kept with the rows (the
 * downloads carry it as written) and shown through batch-reason.ts, in the reader's language.
 */
function failureText(err: unknown): string {
  if (err instanceof ApiError) return `HTTP ${err.status}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Resolves with undefined once `signal` aborts: a request in flight is then left unread. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return Promise.race([
    work,
    new Promise<undefined>((resolve) =>
      signal.addEventListener('abort', () => resolve(undefined), { once: true }),
    ),
  ]);
}

export function BatchPage() {
  const { t, num, count, fill } = useI18n();
  const limits = useLoad(() => api<Limits>('GET', '/limits'), []);
  const [table, setTable] = useState<Table | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<Field, number>>(NO_MAPPING);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(0);
  const [running, setRunning] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const [rows, setRows] = useState<Row[] | null>(null);
  const abort = useRef<AbortController | null>(null);

  // Leaving the page stops the requests still to be sent.
  useEffect(() => () => abort.current?.abort(), []);

  const read = async (chosen: File | undefined) => {
    if (!chosen) return;
    abort.current?.abort();
    setError(null);
    setRows(null);
    setCancelled(false);
    // The previous file's table goes at once: its rows must not be screened as the new file's
    // while the new one is read.
    setTable(null);
    setFile(chosen);
    try {
      const tbl = await upload<Table>('/tables', chosen);
      setTable(tbl);
      const m = { ...NO_MAPPING };
      for (const f of FIELDS) m[f.field] = tbl.columns.findIndex((c) => f.guess.test(c.trim()));
      setMapping(m);
    } catch (err) {
      setTable(null);
      setError(errorText(err, t));
    }
  };

  // A cell's tabs and line breaks are spaces to the matcher; the API takes none in a name.
  const cell = (r: string[], f: Field) =>
    mapping[f] >= 0 ? (r[mapping[f]] ?? '').replace(/[\t\r\n]+/g, ' ').trim() : '';

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!table || mapping.name < 0) return;
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setCancelled(false);
    setDone(0);
    setError(null);
    setRows(null);
    const out: Row[] = [];
    // Rows the server could not read are not sent: a garbled name must not come back "clear".
    const unread = new Map((table.problems ?? []).map((p) => [p.row, p.error]));
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
      if (Object.keys(queries).length > 0 && !controller.signal.aborted)
        try {
          const answer = await unlessAborted(
            api<{ responses: typeof responses }>('POST', '/match/default?limit=3', { queries }),
            controller.signal,
          );
          if (answer) responses = answer.responses;
        } catch (err) {
          chunkFailure = failureText(err);
          failure = chunkFailure;
        }
      const stopped = controller.signal.aborted;
      chunk.forEach((r, k) => {
        const line = i + k + 2;
        const resp = stopped ? undefined : responses[`r${i + k}`];
        const ok = resp?.status === 200;
        const error =
          unread.get(i + k) ??
          (stopped ? 'cancelled' : (resp?.detail ?? chunkFailure ?? `HTTP ${resp?.status}`));
        out.push({
          line,
          id: cell(r, 'id') || String(line),
          name: cell(r, 'name'),
          hits: ok ? resp.results : [],
          ...(ok ? {} : { error, reason: reasonKey(error) }),
        });
      });
      if (!stopped) setDone(Math.min(i + CHUNK, table.rows.length));
    }
    const said = failure === null ? undefined : reasonKey(failure);
    setError(said ? t(said) : failure);
    setCancelled(controller.signal.aborted);
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
  useEffect(
    () => () => {
      if (downloads) for (const url of Object.values(downloads)) URL.revokeObjectURL(url);
    },
    [downloads],
  );

  const total = table?.rows.length ?? 0;
  const unread = table?.problems?.length ?? 0;
  const summary = rows ? summarise(rows) : null;
  const preview = table?.rows.slice(0, PREVIEW_ROWS) ?? [];
  const mapped = FIELDS.filter((f) => mapping[f.field] >= 0);
  const megabytes = (bytes: number) =>
    num(bytes / (1024 * 1024), { style: 'unit', unit: 'megabyte', maximumFractionDigits: 0 });

  return (
    <>
      <form
        className="card batch-form"
        onSubmit={start}
        aria-labelledby="batch-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && running) abort.current?.abort();
        }}
      >
        <h1 id="batch-title">{t('navBatch')}</h1>
        <p className="help" data-limits={limits.data ? 'loaded' : undefined}>
          {limits.data &&
            fill('batLimits', {
              rows: limits.data.tableRows,
              size: megabytes(limits.data.uploadBytes),
            })}{' '}
          <button
            type="button"
            className="link"
            onClick={() =>
              download('\ufeff' + SAMPLE, 'sanad-sample.csv', 'text/csv;charset=utf-8')
            }
          >
            {t('batSample')}
          </button>
        </p>
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
        {table && file && (
          <>
            <p>
              <bdi>{file.name}</bdi>: {count(table.rows.length, 'batRowsRead')}
              {table.truncated ? ` (${t('truncated')})` : ''}
              {unread > 0 && (
                <>
                  {' · '}
                  <strong className="unscreened" data-unread={unread}>
                    {count(unread, 'batUnread')}
                  </strong>
                </>
              )}
            </p>
            <fieldset>
              <legend>{t('mapColumns')}</legend>
              <div className="grid batch-map">
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
            {mapped.length > 0 && preview.length > 0 && (
              <section aria-labelledby="b-preview" className="preview">
                <h2 id="b-preview">{t('batPreview')}</h2>
                <div className="table-wrap" tabIndex={0} aria-labelledby="b-preview">
                  <table data-preview={preview.length}>
                    <thead>
                      <tr>
                        {mapped.map((f) => (
                          <th key={f.field} scope="col">
                            {t(f.label)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {preview.map((r, i) => (
                        <tr key={i}>
                          {mapped.map((f) => (
                            <td key={f.field}>
                              <bdi>{cell(r, f.field)}</bdi>
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            )}
            <div className="actions">
              <button type="submit" disabled={running || mapping.name < 0}>
                {t('screenAll')}
              </button>
              {running && (
                <button type="button" className="secondary" onClick={() => abort.current?.abort()}>
                  {t('batCancel')}
                </button>
              )}
            </div>
          </>
        )}
        {(running || rows) && (
          <p aria-busy={running} data-running={running ? 'true' : 'false'}>
            <label htmlFor="b-progress">{t('progress')}</label>
            <progress id="b-progress" max={total} value={done} />{' '}
            <span aria-live="polite">
              {num(done)} / {num(total)}
            </span>
          </p>
        )}
      </form>
      <ErrorText>{error}</ErrorText>
      {cancelled && (
        <p role="status" className="card cancelled" data-cancelled="true">
          {t('batCancelled')}
        </p>
      )}
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
            {count(summary.screened, 'batScreenedCount')} ·{' '}
            {count(summary.matched, 'batMatchedCount')}
            {summary.unscreened > 0 && (
              <>
                {' · '}
                <strong className="unscreened">
                  {count(summary.unscreened, 'batUnscreenedCount')}
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
          <BatchResults rows={rows} />
        </section>
      )}
      {rows && file && <MakeRun file={file} />}
    </>
  );
}

/**
 * The same file as a screening run (POST /runs): the server screens it again, opens an alert
 * for each possible match and keeps a report; the page links to both.
 */
function MakeRun({ file }: { file: File }) {
  const { t, fill } = useI18n();
  const [name, setName] = useState(
    () =>
      `${file.name.replace(/\.[^.]*$/, '').slice(0, 60)}-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}`,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<RunSummary | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setRun(await upload<RunSummary>(`/runs?name=${encodeURIComponent(name.trim())}`, file));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card make-run" onSubmit={submit} aria-labelledby="b-run-title">
      <h2 id="b-run-title">{t('batRunTitle')}</h2>
      <p className="help" id="b-run-help">
        {t('batRunHelp')}
      </p>
      <label htmlFor="b-run-name">{t('batRunName')}</label>
      <input
        id="b-run-name"
        dir="auto"
        value={name}
        maxLength={100}
        required
        aria-describedby="b-run-help"
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" disabled={busy || run !== null} aria-busy={busy}>
        {t('batRunStart')}
      </button>
      <ErrorText>{error}</ErrorText>
      {run && (
        <div role="status" data-run-id={run.runId} data-alerts={run.alerts}>
          <p>{fill('batRunDone', { run: run.runId, rows: run.rows, alerts: run.alerts })}</p>
          <p>
            <a href={`#/runs/${encodeURIComponent(run.runId)}`}>{t('batRunReport')}</a> ·{' '}
            <a href={`#/runs/${encodeURIComponent(run.runId)}/alerts`}>{t('batRunQueue')}</a>
          </p>
        </div>
      )}
    </form>
  );
}
