import type { MatchHit } from '../api.js';
import { useI18n } from '../i18n.js';
import './Explanation.css';

/** The bar's fill, in CSS (not text, so not in the reader's digits). */
const cssPct = (x: number) => `${Math.round(x * 100)}%`;

/** A score bar a screen reader reads as a number. */
export function ScoreBar({ score, match }: { score: number; match: boolean }) {
  const { t, pct } = useI18n();
  return (
    <span className="score">
      <span
        className="bar"
        role="meter"
        aria-label={t('score')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(score * 100)}
        aria-valuetext={pct(score, 0)}
      >
        <span className={match ? 'fill hit' : 'fill'} style={{ inlineSize: cssPct(score) }} />
      </span>
      <span className="num">{pct(score, 0)}</span>
    </span>
  );
}

/**
 * Which name parts met and how, and what raised or lowered the score; first, when the entity is
 * of another schema than the query's, that it is shown for its name alone.
 */
export function Explanation({ hit, querySchema }: { hit: MatchHit; querySchema?: string }) {
  const { t, tx, lang, pct, num } = useI18n();
  const e = hit.explanations;
  const mismatch = hit.schemaMismatch
    ? (querySchema ? t('schemaMismatchWhy') : t('schemaMismatchHit'))
        .replace('{query}', tx('sch', querySchema ?? ''))
        .replace('{hit}', tx('sch', hit.schema))
    : null;
  return (
    <div className="why">
      {mismatch && (
        <p className="mismatch" data-schema-mismatch={hit.schema}>
          {mismatch}
        </p>
      )}
      <p>
        {t('matchedName')}: <bdi className="name">{e.matchedName}</bdi> · {t('nameScore')}{' '}
        {pct(e.nameScore, 0)}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{t('why')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queryToken')}</th>
              <th scope="col">{t('listedToken')}</th>
              <th scope="col">{t('evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {e.tokens.map((tok, i) => (
              <tr key={i}>
                <td>
                  <bdi className="name">{tok.query}</bdi>
                </td>
                <td>
                  <bdi className="name">{tok.listed}</bdi>
                </td>
                <td>
                  <span className={`ev ev-${tok.evidence}`} data-evidence={tok.evidence}>
                    {tx('ev', tok.evidence)}
                  </span>{' '}
                  <span className="help">{pct(tok.similarity, 0)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {e.unmatchedQuery.length > 0 && (
        <p>
          {t('unmatchedQuery')}:{' '}
          {e.unmatchedQuery.map((x, i) => (
            <bdi key={i} className="name miss">
              {x}
            </bdi>
          ))}
        </p>
      )}
      {e.unmatchedListed.length > 0 && (
        <p>
          {t('unmatchedListed')}:{' '}
          {e.unmatchedListed.map((x, i) => (
            <bdi key={i} className="name">
              {x}
            </bdi>
          ))}
        </p>
      )}
      {e.qualifiers.length > 0 && (
        <>
          <p>{t('qualifiers')}:</p>
          <ul className="qualifiers">
            {e.qualifiers.map((q, i) => (
              <li key={i} className={q.delta < 0 ? 'down' : 'up'} data-qualifier={q.kind}>
                {tx('q', q.kind)} ({num(Math.round(q.delta * 100), { signDisplay: 'exceptZero' })})
                {lang === 'en' && <span className="help"> — {q.text}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
