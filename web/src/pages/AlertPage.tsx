import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorText } from './ErrorText.js';
import { ScoreBar } from './Explanation.js';
import { useLoad } from './useLoad.js';
import { Comments } from './alert/Comments.js';
import { DecisionPanel } from './alert/DecisionPanel.js';
import { EvidenceTable } from './alert/EvidenceTable.js';
import { queueOrder } from './alert/queue-order.js';
import { Alignment, Arithmetic, Qualifiers, WhatIf } from './alert/ScoreWhy.js';
import { myIdentity, type Evidence } from './alert/types.js';
import './AlertPage.css';
import { errorText } from '../errors.js';

/** Marks the moment the evidence is on screen (bench/web-alert.ts measures to it). */
export const EVIDENCE_PAINTED = 'sanad:alert-evidence-painted';

/** Keys typed in a field are the field's, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * One alert, decided from its evidence: the customer and the listed entity side by side, the
 * names aligned token by token, the score's arithmetic, what a missing fact would do, the
 * decision (four-eyes shown), the comments, and the previous and next alert of the queue.
 */
export function AlertPage({ id }: { id: string }) {
  const { t, tx, fill, date, pct } = useI18n();
  const load = useCallback(
    () =>
      Promise.all([
        api<Evidence>('GET', `/alerts/${encodeURIComponent(id)}/evidence`),
        api<{ id: string; name: string; person: string | null }>('GET', '/me'),
      ]),
    [id],
  );
  const { data, error, loading, reload } = useLoad(load, [load]);
  const ev = data?.[0];
  const me = data ? myIdentity(data[1]) : null;
  const [order, setOrder] = useState<string[] | null>(null);
  const [status, setStatus] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    let live = true;
    queueOrder(id).then(
      (ids) => live && setOrder(ids),
      () => live && setOrder([]),
    );
    return () => {
      live = false;
    };
  }, [id]);

  // Once the alert's evidence is in the document (before the frame that paints it), the page
  // says so (data-evidence, a performance mark) and focus goes to its heading.
  const shownId = ev?.alert.id;
  useLayoutEffect(() => {
    if (!shownId) return;
    root.current?.setAttribute('data-evidence', shownId);
    performance.mark(EVIDENCE_PAINTED, { detail: shownId });
    heading.current?.focus();
  }, [shownId]);

  const at = order ? order.indexOf(id) : -1;
  const previous = at > 0 ? order![at - 1] : undefined;
  const next = at >= 0 && order && at < order.length - 1 ? order[at + 1] : undefined;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      if (e.key === '[' && previous) window.location.hash = `#/alerts/${previous}`;
      else if (e.key === ']' && next) window.location.hash = `#/alerts/${next}`;
      else if (e.key === 'd')
        document.querySelector<HTMLElement>('#al-act-confirm:enabled')?.focus();
      else if (e.key === 'c') document.getElementById('al-comment')?.focus();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [previous, next]);

  const myName = data ? (data[1].person ?? data[1].name) : null;
  const assignMe = async () => {
    try {
      await api('POST', `/alerts/${encodeURIComponent(id)}/assign`, { assignee: myName });
      reload();
    } catch (err) {
      setStatus(errorText(err, t));
    }
  };

  const changed = (text: string) => {
    setStatus(text);
    reload();
  };

  const nav = (
    <nav className="al-nav" aria-label={t('alQueue')}>
      <a href="#/alerts">{t('alQueue')}</a>
      {previous ? (
        <a href={`#/alerts/${previous}`} rel="prev" aria-keyshortcuts="[">
          <span aria-hidden="true">‹ </span>
          {t('alPrevious')}
        </a>
      ) : (
        <span className="al-off">{t('alPrevious')}</span>
      )}
      {at >= 0 && order && (
        <span className="help">{fill('alPosition', { n: at + 1, total: order.length })}</span>
      )}
      {next ? (
        <a href={`#/alerts/${next}`} rel="next" aria-keyshortcuts="]">
          {t('alNext')}
          <span aria-hidden="true"> ›</span>
        </a>
      ) : (
        <span className="al-off">{t('alNext')}</span>
      )}
      <a href={`#/case/alert/${encodeURIComponent(id)}`}>{t('alCaseFile')}</a>
    </nav>
  );

  if (error && !ev)
    return (
      <article className="card" aria-labelledby="al-title">
        {nav}
        <h1 id="al-title">{fill('alTitle', { id })}</h1>
        <ErrorText>{/no alert/.test(error) ? t('alNotFound') : error}</ErrorText>
      </article>
    );
  if (!ev)
    return (
      <article className="card" aria-busy="true">
        {nav}
        <p>{t('loading')}</p>
      </article>
    );
  const x = ev.explanation;
  const a = ev.alert;
  return (
    <article
      ref={root}
      className="al-page"
      aria-labelledby="al-title"
      aria-busy={loading ? 'true' : 'false'}
      data-state={a.state}
      data-awaiting={a.awaitingApproval ? 'true' : 'false'}
    >
      <header className="card">
        {nav}
        <p className="help">{t('alShortcuts')}</p>
        <h1 id="al-title" ref={heading} tabIndex={-1}>
          <bdi>{ev.subject.name}</bdi> <span aria-hidden="true">↔</span>
          <span className="sr-only"> · </span> <bdi>{ev.entity.caption}</bdi>
        </h1>
        <p className="al-summary">
          <span>{fill('alTitle', { id: a.id })}</span>{' '}
          {a.awaitingApproval ? (
            <span className="badge al-awaiting" data-alert-state={a.state} data-awaiting-approval>
              {t('alAwaiting')}
            </span>
          ) : (
            <span className={`badge al-state-${a.state}`} data-alert-state={a.state}>
              {tx('alSt', a.state)}
            </span>
          )}
        </p>
        <dl className="al-facts">
          <dt>{t('score')}</dt>
          <dd>
            <ScoreBar score={a.score} match />
          </dd>
          <dt>{t('alOpened')}</dt>
          <dd>{date(a.createdAt, true)}</dd>
          <dt>{t('alRun')}</dt>
          <dd>{a.run ? <bdi>{a.run}</bdi> : t('alNoRun')}</dd>
          <dt>{t('alModel')}</dt>
          <dd>
            <bdi className="al-model">{a.modelVersion ?? '—'}</bdi>
          </dd>
          <dt>{t('assignee')}</dt>
          <dd>
            <bdi data-assignee>{a.assignee ?? '—'}</bdi>{' '}
            {a.assignee !== myName && (
              <button type="button" className="secondary small" onClick={() => void assignMe()}>
                {t('assignToMe')}
              </button>
            )}
          </dd>
          <dt>{t('subject')}</dt>
          <dd>
            <a href={`#/subjects/${encodeURIComponent(ev.subject.id)}`}>
              <bdi>{ev.subject.id}</bdi>
            </a>
          </dd>
          <dt>{t('entity')}</dt>
          <dd>
            <a href={`#/entity/${encodeURIComponent(ev.entity.id)}`}>
              <bdi>{ev.entity.caption}</bdi>
            </a>
          </dd>
        </dl>
        <p role="status" className="al-status" data-status-text={status || undefined}>
          {status}
        </p>
      </header>

      <section className="card" aria-labelledby="al-side">
        <h2 id="al-side">{t('alSideBySide')}</h2>
        <EvidenceTable ev={ev} />
      </section>

      <section className="card" aria-labelledby="al-why">
        <h2 id="al-why">{t('why')}</h2>
        {!x ? (
          <p>{t('alNotInLists')}</p>
        ) : (
          <>
            {x.scoreChanged && (
              <p className="al-changed" data-score-changed>
                {fill('alScoreChanged', { stored: pct(x.storedScore), current: pct(x.score) })}
              </p>
            )}
            <p>
              {t('matchedName')}: <bdi className="name">{x.matchedName}</bdi> · {t('nameScore')}{' '}
              {pct(x.nameScore)} · {t('alScoreNow')} {pct(x.score)}
            </p>
            <h3>{t('alAlignment')}</h3>
            <Alignment x={x} />
            <Qualifiers x={x} />
            <h3>{t('alArithmetic')}</h3>
            <Arithmetic x={x} />
            <p className="help">
              {t('alModel')}: <bdi className="al-model">{x.model}</bdi>
            </p>
          </>
        )}
        <WhatIf ev={ev} />
      </section>

      <DecisionPanel ev={ev} me={me} onChanged={changed} />
      <Comments ev={ev} onPosted={changed} />
    </article>
  );
}
