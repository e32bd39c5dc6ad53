/**
 * One scanned document: its text line by line, each line in its own direction, with every hit
 * highlighted where it was found (scan-marks.ts); a highlight opens its hits' explanations, and
 * the list of hits beside the text jumps to the highlights.
 */
import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Answer } from '../api.js';
import { useI18n } from '../i18n.js';
import { groupHits, layers, layout, type MarkGroup } from '../scan-marks.js';
import { ScoreBar } from './Explanation.js';

type ScannedDocument = Exclude<Answer<'POST /scan'>, unknown[]>['documents'][number];
type ScanHit = ScannedDocument['hits'][number];

/** What the explanation panel shows: a highlight's hits, or one hit that has no place drawn. */
interface Opened {
  hits: number[];
  group?: number;
}

export function DocumentView({ doc, index }: { doc: ScannedDocument; index: number }) {
  const { t, tx, count } = useI18n();
  const text = doc.text;
  const groups = useMemo(() => groupHits(doc.hits, text.length), [doc.hits, text]);
  const lines = useMemo(() => layout(text, groups), [text, groups]);
  const groupOf = useMemo(() => {
    const m = new Map<number, number>();
    groups.forEach((g, k) => g.hits.forEach((h) => m.set(h, k)));
    return m;
  }, [groups]);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [current, setCurrent] = useState<number | null>(null);
  /** Bumped on each opening, so that focus moves to the panel even when it already showed. */
  const [openings, setOpenings] = useState(0);
  const panelHeading = useRef<HTMLHeadingElement>(null);
  const id = `scan-doc-${index}`;
  const markId = (k: number) => `${id}-mark-${k}`;
  const panelId = `${id}-why`;

  useEffect(() => {
    if (openings > 0) panelHeading.current?.focus();
  }, [openings]);

  const open = (o: Opened) => {
    setOpened(o);
    if (o.group !== undefined) setCurrent(o.group);
    setOpenings((n) => n + 1);
  };
  const focusMark = (k: number) => {
    setCurrent(k);
    const el = document.getElementById(markId(k));
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  };
  const back = () => {
    if (opened?.group !== undefined) focusMark(opened.group);
  };
  const onMarkKey = (k: number) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open({ hits: groups[k]!.hits, group: k });
    }
  };

  const markFor = (g: MarkGroup, k: number, start: number, end: number, first: boolean) => {
    const hits = g.hits.map((h) => doc.hits[h]!);
    // Text two entities share is shaded more deeply, so a hit inside another still shows.
    const shaded = layers({ start, end }, hits);
    const slice =
      shaded.length === 1
        ? text.slice(start, end)
        : shaded.map((l) => (
            <span key={l.start} className="layer" data-depth={Math.min(l.depth, 3)}>
              {text.slice(l.start, l.end)}
            </span>
          ));
    const cls = `hl ${hits.some((h) => h.match) ? 'match' : 'weak'}`;
    const shared = {
      className: cls + (current === k ? ' current' : ''),
      'data-group': k,
      onClick: () => open({ hits: g.hits, group: k }),
    };
    if (!first) return <mark {...shared}>{slice}</mark>;
    return (
      <mark
        {...shared}
        id={markId(k)}
        role="button"
        tabIndex={0}
        aria-expanded={opened?.group === k}
        aria-controls={opened?.group === k ? panelId : undefined}
        onKeyDown={onMarkKey(k)}
        data-entities={hits.map((h) => h.entity_id).join(' ')}
        data-hits={hits.length}
      >
        {slice}
        <MarkName hits={hits} />
      </mark>
    );
  };

  return (
    <article
      className="card scan-doc"
      aria-labelledby={`${id}-title`}
      data-document={doc.name}
      data-hits={doc.hits.length}
    >
      <h3 id={`${id}-title`} className="scan-doc-title">
        {doc.name === '-' ? t('scnPasted') : <bdi>{doc.name}</bdi>}{' '}
        <span className="badge">
          <span className="sr-only">{t('scnKind')}: </span>
          {tx('kind', doc.kind)}
        </span>
        {doc.id && (
          <span className="help">
            {' '}
            · {t('scnMessageRef')}: <bdi>{doc.id}</bdi>
          </span>
        )}
      </h3>
      <div className="scan-body">
        <div
          className="scan-text"
          role="group"
          aria-label={t('scnTextTitle')}
          data-lines={lines.length}
          // It scrolls; with no highlight to tab to, it takes focus itself so keys can scroll it.
          tabIndex={groups.length === 0 ? 0 : undefined}
        >
          {lines.map((l, i) => (
            <p key={i} dir="auto" className="scan-line" data-line={i + 1}>
              {l.pieces.map((p) =>
                p.group === undefined ? (
                  text.slice(p.start, p.end)
                ) : (
                  <Fragment key={p.start}>
                    {markFor(groups[p.group]!, p.group, p.start, p.end, !!p.first)}
                  </Fragment>
                ),
              )}
            </p>
          ))}
        </div>
        <div className="scan-hits">
          <h4 id={`${id}-hits-title`}>
            {t('scnHitList')} ({count(doc.hits.length, 'scnHits')})
          </h4>
          {doc.hits.length === 0 ? (
            <p>{t('scnDocNoHits')}</p>
          ) : (
            <ol>
              {doc.hits.map((h, i) => {
                const k = groupOf.get(i);
                return (
                  <li key={i} data-entity={h.entity_id} className={h.match ? 'match' : 'weak'}>
                    <button
                      type="button"
                      className="link dark"
                      onClick={() => (k === undefined ? open({ hits: [i] }) : focusMark(k))}
                    >
                      <bdi>{h.caption}</bdi>
                    </button>{' '}
                    <HitFacts hit={h} />
                    {k === undefined && <span className="help"> · {t('scnOffText')}</span>}
                  </li>
                );
              })}
            </ol>
          )}
        </div>
      </div>
      {opened && (
        <section
          id={panelId}
          className="scan-why"
          aria-labelledby={`${panelId}-title`}
          // Escape inside the explanation goes back to its highlight, as the button does.
          onKeyDown={(e) => {
            if (e.key === 'Escape' && opened.group !== undefined) {
              e.preventDefault();
              back();
            }
          }}
          data-open={opened.hits.map((h) => doc.hits[h]!.entity_id).join(' ')}
        >
          <h4 id={`${panelId}-title`} ref={panelHeading} tabIndex={-1}>
            {t('scnWhyTitle')}:{' '}
            <bdi className="name">
              {opened.group !== undefined
                ? text.slice(groups[opened.group]!.start, groups[opened.group]!.end)
                : doc.hits[opened.hits[0]!]!.text}
            </bdi>
          </h4>
          <ul>
            {opened.hits.map((h) => (
              <HitExplained key={h} hit={doc.hits[h]!} tx={tx} />
            ))}
          </ul>
          {opened.group !== undefined && (
            <button type="button" className="secondary" onClick={back}>
              {t('scnBackToText')}
            </button>
          )}
        </section>
      )}
    </article>
  );
}

/** The highlight's name for a screen reader: each entity it holds, with its score. */
function MarkName({ hits }: { hits: ScanHit[] }) {
  const { fill, pct, lang } = useI18n();
  const names = hits
    .map((h) => fill('scnMarkName', { caption: h.caption, score: pct(h.score, 0) }))
    .join(lang === 'ar' ? '؛ ' : '; ');
  return <span className="sr-only"> ({names})</span>;
}

function HitFacts({ hit: h }: { hit: ScanHit }) {
  const { t, fill, pct } = useI18n();
  return (
    <span className="help">
      {pct(h.score, 0)} · {h.match ? t('match') : t('noMatch')} ·{' '}
      {fill('scnAtLine', { line: h.line })}
      {h.field && (
        <>
          {' '}
          · <bdi dir="ltr">{h.field}</bdi>
        </>
      )}
    </span>
  );
}

function HitExplained({ hit: h, tx }: { hit: ScanHit; tx: (p: string, v: string) => string }) {
  const { t, num } = useI18n();
  return (
    <li className="result scan-hit" data-entity={h.entity_id} data-score={h.score}>
      <div className="result-head">
        <a href={`#/entity/${encodeURIComponent(h.entity_id)}`} className="caption">
          <bdi>{h.caption}</bdi>
          <span className="sr-only"> ({t('scnOpenEntity')})</span>
        </a>
        <span className="badge type" data-schema={h.schema}>
          <span className="sr-only">{t('scrType')}: </span>
          {tx('ty', h.schema)}
        </span>
        <ScoreBar score={h.score} match={h.match} />
        <span className={h.match ? 'badge hit' : 'badge'}>
          {h.match ? t('match') : t('noMatch')}
        </span>
      </div>
      <dl className="scan-facts">
        <dt>{t('list')}</dt>
        <dd>
          <bdi>{h.list}</bdi>
        </dd>
        <dt>{t('reference')}</dt>
        <dd>
          <bdi>{h.ref}</bdi>
        </dd>
        {h.field && (
          <>
            <dt>{t('scnField')}</dt>
            <dd>
              <bdi dir="ltr">{h.field}</bdi>
            </dd>
          </>
        )}
        <dt>{t('scnLine')}</dt>
        <dd>{num(h.line)}</dd>
        <dt>{t('scnFoundText')}</dt>
        <dd>
          <bdi className="name">{h.text}</bdi>
        </dd>
        <dt>{t('scnExplanation')}</dt>
        <dd>
          {/* The server words it in English: it stays left to right in the Arabic page. */}
          <span dir="ltr" lang="en" className="scan-explanation">
            {h.explanation}
          </span>
        </dd>
      </dl>
    </li>
  );
}
