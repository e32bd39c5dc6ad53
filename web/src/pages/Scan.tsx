/**
 * Scanning a document (issue 16): a pasted text or an uploaded file (plain text, PDF, .docx,
 * e-mail, SWIFT MT103/MT202, pacs.008/009) goes to POST /scan, and each document comes back
 * with its text and its hits, shown by ScanDocument.tsx. A document that could not be screened
 * (one message of a file, say) is listed first and never counted as clean; "no hits" is said
 * only when everything was screened.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, upload, type Answer, type Body } from '../api.js';
import { errorText } from '../errors.js';
import { useI18n } from '../i18n.js';
import { ErrorText } from './ErrorText.js';
import { DocumentView } from './ScanDocument.js';
import './Scan.css';

/** POST /scan?include=text: each document with its text and hits, and those not screened. */
type ScanAnswer = Exclude<Answer<'POST /scan'>, unknown[]>;
type ScanProblem = ScanAnswer['errors'][number];

const ACCEPT = '.txt,.text,.pdf,.docx,.eml,.mt,.mt103,.mt202,.fin,.swift,.rje,.xml,text/plain';

export function ScanPage() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<ScanAnswer | null>(null);
  /** Counts answers, so that focus (and a test) can tell a new answer from the last. */
  const [run, setRun] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (run > 0) heading.current?.focus();
  }, [run]);

  const clearFile = () => {
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file && text.trim() === '') {
      setError(t('scnNothing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const scanned = file
        ? await upload<ScanAnswer>('/scan?include=text', file)
        : await api<ScanAnswer>('POST', '/scan?include=text', {
            text,
          } satisfies Body<'POST /scan'>);
      setAnswer(scanned);
      setRun((n) => n + 1);
    } catch (err) {
      setAnswer(null);
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="card scan-form" onSubmit={submit} aria-labelledby="scan-title">
        <h1 id="scan-title">{t('navScan')}</h1>
        <p className="help">{t('scnIntro')}</p>
        <label htmlFor="scan-text">{t('scnText')}</label>
        <textarea
          id="scan-text"
          dir="auto"
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="scan-text-help"
          spellCheck={false}
        />
        <span id="scan-text-help" className="help">
          {t('scnTextHelp')}
        </span>
        <label htmlFor="scan-file">{t('scnFile')}</label>
        <input
          id="scan-file"
          ref={fileInput}
          type="file"
          accept={ACCEPT}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          aria-describedby="scan-file-help"
        />
        <span id="scan-file-help" className="help">
          {t('scnFileHelp')}
        </span>
        <div className="scan-actions">
          <button type="submit" disabled={busy}>
            {busy ? t('scnScanning') : t('scnScan')}
          </button>
          {file && (
            <button type="button" className="secondary" onClick={clearFile}>
              {t('scnClearFile')}
            </button>
          )}
        </div>
      </form>
      <ErrorText>{error}</ErrorText>
      {answer && <Results answer={answer} run={run} heading={heading} busy={busy} />}
    </>
  );
}

function Results({
  answer,
  run,
  heading,
  busy,
}: {
  answer: ScanAnswer;
  run: number;
  heading: React.RefObject<HTMLHeadingElement | null>;
  busy: boolean;
}) {
  const { t, count } = useI18n();
  const hits = answer.documents.flatMap((d) => d.hits);
  const matches = hits.filter((h) => h.match).length;
  const problems = answer.errors.length;
  const verdict = problems > 0 ? 'unscreened' : hits.length > 0 ? 'hits' : 'clear';
  return (
    <section
      className="results scan-results"
      aria-labelledby="scan-results-title"
      aria-busy={busy}
      data-run={run}
      data-verdict={verdict}
    >
      <h2 id="scan-results-title" ref={heading} tabIndex={-1}>
        {t('scnResults')}
      </h2>
      <p
        className="scan-summary"
        role="status"
        data-documents={answer.documents.length}
        data-hits={hits.length}
        data-matches={matches}
        data-errors={problems}
      >
        {count(answer.documents.length, 'scnDocuments')} ·{' '}
        <strong>{count(matches, 'scnMatches')}</strong> · {count(hits.length, 'scnHits')}
      </p>
      {problems > 0 && <Problems problems={answer.errors} />}
      {hits.length === 0 ? (
        <p className={`verdict ${problems > 0 ? 'unscreened' : 'clear'}`}>
          {problems > 0 ? t('scnNoHitsPartial') : t('scnNoHits')}
        </p>
      ) : (
        <Legend />
      )}
      {answer.documents.map((d, i) => (
        <DocumentView key={`${run}-${i}`} doc={d} index={i} />
      ))}
    </section>
  );
}

/** What could not be screened, first and in red: a batch with a gap in it is not clean. */
function Problems({ problems }: { problems: ScanProblem[] }) {
  const { t, count } = useI18n();
  return (
    <section
      className="verdict unscreened scan-problems"
      aria-labelledby="scan-problems-title"
      data-problems={problems.length}
    >
      <h3 id="scan-problems-title">{count(problems.length, 'scnNotScreened')}</h3>
      <p>{t('scnNotScreenedHelp')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('scnDocument')}</th>
              <th scope="col">{t('scnField')}</th>
              <th scope="col">{t('scnProblem')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i} data-problem={p.document}>
                <td>
                  <bdi>{p.document}</bdi>
                </td>
                <td>{p.field ? <bdi dir="ltr">{p.field}</bdi> : '—'}</td>
                <td>
                  <bdi dir="ltr">{p.message}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <div className="scan-legend" role="group" aria-labelledby="scan-legend-title">
      <span id="scan-legend-title">{t('scnLegend')}:</span>
      <span>
        <mark className="hl match" aria-hidden="true">
          {t('scnLegendSample')}
        </mark>{' '}
        {t('scnLegendMatch')}
      </span>
      <span>
        <mark className="hl weak" aria-hidden="true">
          {t('scnLegendSample')}
        </mark>{' '}
        {t('scnLegendWeak')}
      </span>
      <span>
        <mark className="hl match" aria-hidden="true">
          <span className="layer" data-depth="2">
            {t('scnLegendSample')}
          </span>
        </mark>{' '}
        {t('scnLegendOverlap')}
      </span>
    </div>
  );
}
