/**
 * The rows of a screened batch: the rows that were not screened listed first with their reason
 * in the reader's language, then every row, sortable and paged, each with its best result and
 * the explanation behind it on demand.
 */
import { useState } from 'react';
import type { MatchHit } from '../api.js';
import { useI18n, type Key } from '../i18n.js';
import { Explanation, ScoreBar } from './Explanation.js';

/** One row of the file; with an `error` it was not screened, and it is counted so. */
export interface Row {
  line: number;
  id: string;
  name: string;
  /** The server's (or the browser's) text, kept for the downloads. */
  error?: string;
  /** The same, as a key of the reader's strings, when the page knows how to say it. */
  reason?: Key;
  hits: MatchHit[];
}

export const isMatch = (r: Row) => r.hits.some((h) => h.match);

type Sort = 'line' | 'score' | 'name';
const PAGE = 50;
/** Longer names are cut in the table (never in the downloads). */
const SHOWN_NAME = 120;

const best = (r: Row) => r.hits[0]?.score ?? -1;
const SORTS: Record<Sort, (a: Row, b: Row) => number> = {
  line: (a, b) => a.line - b.line,
  // Unscreened rows first: they need looking at as much as a match does.
  score: (a, b) =>
    Number(b.error !== undefined) - Number(a.error !== undefined) ||
    best(b) - best(a) ||
    a.line - b.line,
  name: (a, b) => a.name.localeCompare(b.name) || a.line - b.line,
};

export function BatchResults({ rows }: { rows: Row[] }) {
  const { t, fill } = useI18n();
  const [matchesOnly, setMatchesOnly] = useState(false);
  const [sort, setSort] = useState<Sort>('line');
  const [page, setPage] = useState(0);
  const unscreened = rows.filter((r) => r.error !== undefined);
  const shown = rows
    .filter((r) => !matchesOnly || isMatch(r) || r.error !== undefined)
    .sort(SORTS[sort]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const at = Math.min(page, pages - 1);
  const slice = shown.slice(at * PAGE, (at + 1) * PAGE);
  return (
    <>
      {unscreened.length > 0 && <Unscreened rows={unscreened} />}
      <div className="batch-controls">
        <label className="inline">
          <input
            type="checkbox"
            checked={matchesOnly}
            onChange={(e) => {
              setMatchesOnly(e.target.checked);
              setPage(0);
            }}
          />{' '}
          {t('matchesOnly')}
        </label>
        <div>
          <label htmlFor="b-sort">{t('batSortBy')}</label>
          <select
            id="b-sort"
            value={sort}
            onChange={(e) => {
              setSort(e.target.value as Sort);
              setPage(0);
            }}
          >
            <option value="line">{t('batSortLine')}</option>
            <option value="score">{t('batSortScore')}</option>
            <option value="name">{t('batSortName')}</option>
          </select>
        </div>
      </div>
      <div className="table-wrap">
        <table className="queue batch-rows" data-sort={sort} data-page={at + 1}>
          <thead>
            <tr>
              <th scope="col">{t('rowId')}</th>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('entity')}</th>
              <th scope="col">{t('score')}</th>
            </tr>
          </thead>
          <tbody>
            {slice.map((r) => (
              <ResultRow key={r.line} row={r} />
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label={t('batPages')}>
          <button
            type="button"
            className="secondary"
            disabled={at === 0}
            onClick={() => setPage(at - 1)}
          >
            {t('batPrev')}
          </button>
          <span aria-live="polite" data-pages={pages}>
            {fill('batPage', { page: at + 1, pages })}
          </span>
          <button
            type="button"
            className="secondary"
            disabled={at >= pages - 1}
            onClick={() => setPage(at + 1)}
          >
            {t('batNext')}
          </button>
        </nav>
      )}
    </>
  );
}

function ResultRow({ row: r }: { row: Row }) {
  const { t } = useI18n();
  const top = r.hits[0];
  const unscreened = r.error !== undefined;
  return (
    <tr data-row={r.id} data-line={r.line} className={unscreened ? 'unscreened' : undefined}>
      <td>
        <bdi>{r.id}</bdi>
      </td>
      <td>
        <bdi>{r.name.length > SHOWN_NAME ? `${r.name.slice(0, SHOWN_NAME)}…` : r.name}</bdi>
      </td>
      <td>
        {unscreened ? (
          <span className="unscreened">
            {t('notScreened')}: <Reason row={r} />
          </span>
        ) : top ? (
          <>
            <a href={`#/entity/${encodeURIComponent(top.id)}`}>
              <bdi>{top.caption}</bdi>
            </a>
            {top.schemaMismatch && (
              <>
                {' '}
                <span className="badge mismatch">{t('schemaMismatch')}</span>
              </>
            )}
            <details className="row-why">
              <summary>
                {t('batWhy')}
                <span className="sr-only">
                  {' '}
                  (<bdi>{r.id}</bdi>)
                </span>
              </summary>
              <Explanation hit={top} />
            </details>
          </>
        ) : (
          ''
        )}
      </td>
      <td>{top && <ScoreBar score={top.score} match={top.match} />}</td>
    </tr>
  );
}

/** The reason in the reader's words, or the server's own when the page has none for it. */
function Reason({ row }: { row: Row }) {
  const { t, fill } = useI18n();
  if (row.reason) return <span data-reason={row.reason}>{t(row.reason)}</span>;
  const status = /^HTTP (5\d\d)\b/.exec(row.error ?? '');
  if (status)
    return (
      <span data-reason="err_server">{fill('err_server', { status: Number(status[1]) })}</span>
    );
  return (
    <bdi dir="ltr" data-reason="server">
      {row.error}
    </bdi>
  );
}

function Unscreened({ rows }: { rows: Row[] }) {
  const { t, count, num } = useI18n();
  return (
    <section aria-labelledby="b-unscreened" className="unscreened-list">
      <h3 id="b-unscreened">
        {t('batUnscreenedList')} ({count(rows.length, 'batUnscreenedCount')})
      </h3>
      <div className="table-wrap">
        <table data-unscreened-rows={rows.length}>
          <thead>
            <tr>
              <th scope="col">{t('batLine')}</th>
              <th scope="col">{t('rowId')}</th>
              <th scope="col">{t('batReason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.line} data-unscreened-row={r.id}>
                <td>{num(r.line)}</td>
                <td>
                  <bdi>{r.id}</bdi>
                </td>
                <td>
                  <Reason row={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
