import { useI18n, type Key } from '../../i18n.js';
import type { Evidence } from './types.js';

type Explanation = NonNullable<Evidence['explanation']>;

/** The two names token by token: each pair with how it met, and the parts that met nothing. */
export function Alignment({ x }: { x: Explanation }) {
  const { t, tx, pct } = useI18n();
  return (
    <ol className="al-align" aria-label={t('alAlignment')}>
      {x.tokens.map((tok, i) => (
        <li key={i} data-evidence={tok.evidence}>
          <bdi className="al-tok">{tok.query}</bdi>
          <span className="al-link">
            <span aria-hidden="true" className="al-line" />
            <span className={`ev ev-${tok.evidence}`}>{tx('ev', tok.evidence)}</span>{' '}
            <span className="help">{pct(tok.score, 0)}</span>
          </span>
          <bdi className="al-tok">{tok.listed}</bdi>
        </li>
      ))}
      {x.unmatchedQuery.map((tok, i) => (
        <li key={`q${i}`} data-evidence="none">
          <bdi className="al-tok miss">{tok}</bdi>
          <span className="al-link help">{t('alNoCounterpart')}</span>
          <span className="al-tok al-gap">—</span>
        </li>
      ))}
      {x.unmatchedListed.map((tok, i) => (
        <li key={`l${i}`} data-evidence="none">
          <span className="al-tok al-gap">—</span>
          <span className="al-link help">{t('alNoCounterpart')}</span>
          <bdi className="al-tok miss">{tok}</bdi>
        </li>
      ))}
    </ol>
  );
}

/** The model's arithmetic: each feature's value × weight, the bias, the total and the score. */
export function Arithmetic({ x }: { x: Explanation }) {
  const { t, tx, num, pct } = useI18n();
  const n2 = (v: number) => num(v, { maximumFractionDigits: 2 });
  const signed = (v: number) => num(v, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const a = x.arithmetic;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('alArithmetic')}>
      <table className="al-arith">
        <caption className="sr-only">{t('alArithmetic')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('alFeature')}</th>
            <th scope="col">{t('alValue')}</th>
            <th scope="col">{t('alWeight')}</th>
            <th scope="col">{t('alContribution')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('alBias')}</th>
            <td />
            <td />
            <td className={a.bias < 0 ? 'down' : 'up'}>{signed(a.bias)}</td>
          </tr>
          {a.contributions.map((c) => (
            <tr key={c.feature} data-feature={c.feature}>
              <th scope="row">{tx('alFeat', c.feature)}</th>
              <td>{n2(c.value)}</td>
              <td>{signed(c.weight)}</td>
              <td className={c.contribution < 0 ? 'down' : 'up'}>{signed(c.contribution)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('alTotal')}</th>
            <td />
            <td />
            <td>{signed(a.total)}</td>
          </tr>
          <tr>
            <th scope="row">{t('alCalibrated')}</th>
            <td />
            <td />
            <td>{pct(a.probability)}</td>
          </tr>
          <tr>
            <th scope="row">{t('alFinalScore')}</th>
            <td />
            <td />
            <td data-score={a.score}>{pct(a.score)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function Qualifiers({ x }: { x: Explanation }) {
  const { t, tx, num, lang } = useI18n();
  if (x.qualifiers.length === 0) return null;
  return (
    <>
      <h3>{t('alQualifiers')}</h3>
      <ul className="qualifiers">
        {x.qualifiers.map((q, i) => (
          <li key={i} className={q.delta < 0 ? 'down' : 'up'} data-qualifier={q.kind}>
            {tx('q', q.kind)} (
            {num(q.delta * 100, { maximumFractionDigits: 0, signDisplay: 'exceptZero' })})
            {lang === 'en' && <span className="help"> — {q.text}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

/** What a missing date of birth or nationality would do, as the server scored it. */
export function WhatIf({ ev }: { ev: Evidence }) {
  const { t, fill, pct } = useI18n();
  if (!ev.explanation) return null;
  return (
    <section aria-labelledby="al-settle">
      <h3 id="al-settle">{t('alSettle')}</h3>
      {ev.whatIf.length === 0 ? (
        <p>{t('alNothingMissing')}</p>
      ) : (
        <ul className="al-whatif">
          {ev.whatIf.map((w) => (
            <li
              key={w.field}
              data-whatif={w.field}
              data-if-agrees={w.ifAgrees}
              data-if-differs={w.ifDiffers}
            >
              {fill(`alWhatIf_${w.field}` as Key, {
                agree: pct(w.ifAgrees, 0),
                differ: pct(w.ifDiffers, 0),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
