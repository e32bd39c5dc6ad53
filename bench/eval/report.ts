/**
 * What `npm run eval` reports: per set, the figures at the operating threshold (recall,
 * false alerts, precision and F1 for the labelled pairs), calibration (expected calibration
 * error and a reliability diagram) and precision–recall curves, from the cross-validated
 * outcomes. Markdown for RESULTS.md and two SVG charts.
 */
import type { CrossValidation, Outcome } from './cross-validate.js';
import { atThreshold, prCurve, reliability, type ScoredPoint } from './metrics.js';
import { SAME_NAME, type EvalData, type EvalQuery, type SetId } from './sets.js';
import { prCurveSvg, reliabilitySvg } from './svg.js';
import type { TokenEvidence } from './token-evidence.js';

export interface Target {
  what: string;
  result: string;
  target: string;
  met: boolean;
}

export interface Report {
  markdown: string;
  reliabilitySvg: string;
  prSvg: string;
  targets: Target[];
}

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;

const TITLES: Record<SetId, string> = {
  'un-names': 'UN names against the entry’s other spellings (held-out entities)',
  'un-cross-script': 'UN Arabic original-script names against the list without them',
  'un-perturbed': 'UN names with one typo, or an extra given name',
  'peer-positives': 'The peer’s perturbed UN names, with dates and nationality',
  cases: 'Labelled name pairs (cases.csv), 5-fold',
  'peer-negatives': 'The peer’s 100,000 synthetic people',
  'hard-negatives': 'Hard negatives built from the UN list',
  'uk-arabic-to-latin': 'UK list: Arabic-script names against its Latin names (never trained on)',
  'uk-latin-to-arabic': 'UK list: Latin names against its Arabic-script names (never trained on)',
};

const RELATION_TEXT: Record<string, string> = {
  same: 'the same name spelt otherwise',
  longer: 'with an extra part',
  shorter: 'without a common part',
  'shorter-rare': 'without a rare part (no target)',
  'longer-single': 'holding a one-part listed name (no target)',
};

interface SetResult {
  queries: number;
  /** Positive sets: share of queries whose entity is a match; its top-5 share. */
  recall?: number;
  top5?: number;
  /** Negative sets: share of queries with any match. */
  falseAlerts?: number;
  misses: string[];
}

function byQuery(cv: CrossValidation, variant: Outcome['variant']): Map<number, Outcome> {
  return new Map(cv.outcomes.filter((o) => o.variant === variant).map((o) => [o.query, o]));
}

function setResult(
  data: EvalData,
  outcomes: Map<number, Outcome>,
  keep: (q: EvalQuery) => boolean,
): SetResult {
  let n = 0;
  let found = 0;
  let top5 = 0;
  let alerts = 0;
  const misses: string[] = [];
  let positive = false;
  data.queries.forEach((q, qi) => {
    if (!keep(q)) return;
    const o = outcomes.get(qi);
    if (!o) return;
    n++;
    if (q.expected.length > 0) {
      positive = true;
      const hit = o.hits.find((h) => q.expected.includes(h.entity));
      if (hit) top5++;
      if (hit?.match) found++;
      else
        misses.push(
          `${q.query.name} ← ${q.note ?? q.expected[0]}: ${hit ? hit.score.toFixed(2) : 'not in the top 5'}${o.hits[0] && o.hits[0] !== hit ? ` (top: ${o.hits[0].entity} ${o.hits[0].score.toFixed(2)})` : ''}`,
        );
    } else if (o.hits.some((h) => h.match)) {
      alerts++;
      const h = o.hits[0]!;
      misses.push(
        `${q.query.name}${q.note ? ` [${q.note}]` : ''} → ${h.entity} ${h.score.toFixed(2)}`,
      );
    }
  });
  return positive
    ? { queries: n, recall: found / n, top5: top5 / n, misses }
    : { queries: n, falseAlerts: alerts / Math.max(1, n), misses };
}

/** Each query's right entity's score (0 when not returned) or, for a negative, its top score. */
function screeningPoints(
  data: EvalData,
  outcomes: Map<number, Outcome>,
  sets: readonly SetId[],
): ScoredPoint[] {
  const out: ScoredPoint[] = [];
  data.queries.forEach((q, qi) => {
    if (!sets.includes(q.set)) return;
    const o = outcomes.get(qi);
    if (!o) return;
    if (q.expected.length > 0)
      out.push({
        score: o.hits.find((h) => q.expected.includes(h.entity))?.score ?? 0,
        label: true,
      });
    else out.push({ score: o.hits[0]?.score ?? 0, label: false });
  });
  return out;
}

/**
 * Results a reader of scores sees, labelled: each query's top five scoring at least `floor`.
 * The floor keeps the many near-zero pairs of every query from making any calibration look
 * good; with floor 0 every gathered candidate counts.
 */
function pairPoints(
  data: EvalData,
  cv: CrossValidation,
  sets?: readonly SetId[],
  floor = SHOWN,
): ScoredPoint[] {
  const out: ScoredPoint[] = [];
  for (const o of cv.outcomes) {
    if (o.variant !== 'main') continue;
    const q = data.queries[o.query]!;
    if (sets && !sets.includes(q.set)) continue;
    for (const h of o.hits)
      if (h.score >= floor) out.push({ score: h.score, label: q.expected.includes(h.entity) });
  }
  return out;
}

/** Results under this score are noise no reader looks at (see pairPoints). */
const SHOWN = 0.05;

export function buildReport(
  data: EvalData,
  cv: CrossValidation,
  seconds: number,
  tokens: readonly TokenEvidence[] = [],
): Report {
  const main = byQuery(cv, 'main');
  const nameOnly = byQuery(cv, 'nameOnly');
  const noSchema = byQuery(cv, 'noSchema');
  const of = (set: SetId) => (q: EvalQuery) => q.set === set;
  const r = (set: SetId) => setResult(data, main, of(set));
  const unNames = setResult(
    data,
    main,
    (q) => q.set === 'un-names' && SAME_NAME.includes(q.relation!),
  );
  const byRelation = (['same', 'longer', 'shorter', 'shorter-rare', 'longer-single'] as const).map(
    (rel) =>
      [rel, setResult(data, main, (q) => q.set === 'un-names' && q.relation === rel)] as const,
  );
  const cross = r('un-cross-script');
  const perturbed = r('un-perturbed');
  const peerPos = r('peer-positives');
  const peerNeg = r('peer-negatives');
  const peerNameOnly = setResult(data, nameOnly, of('peer-negatives'));
  const peerNoSchema = setResult(data, noSchema, of('peer-negatives'));
  const hard = r('hard-negatives');
  const ukAr = r('uk-arabic-to-latin');
  const ukLat = r('uk-latin-to-arabic');
  const ukPersons = (set: SetId) =>
    setResult(data, main, (q) => q.set === set && q.query.schema === 'Person');
  const ukArP = ukPersons('uk-arabic-to-latin');
  const ukLatP = ukPersons('uk-latin-to-arabic');

  const casePoints: ScoredPoint[] = [];
  const caseErrors: string[] = [];
  data.queries.forEach((q, qi) => {
    if (q.set !== 'cases') return;
    const o = main.get(qi);
    if (!o) return;
    const hit = o.hits[0];
    const label = q.expected.length > 0;
    casePoints.push({ score: hit?.score ?? 0, label });
    if ((hit?.match ?? false) !== label)
      caseErrors.push(`${label ? 'FN' : 'FP'} ${q.note} → ${hit?.score.toFixed(2) ?? '0'}`);
  });
  const thresholds = cv.thresholds.map((t) => t.threshold);
  const threshold = thresholds.reduce((a, b) => a + b, 0) / thresholds.length;
  // cases are judged at each fold's own threshold; `match` carries it.
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  data.queries.forEach((q, qi) => {
    if (q.set !== 'cases') return;
    const predicted = main.get(qi)?.hits[0]?.match ?? false;
    const label = q.expected.length > 0;
    if (predicted && label) tp++;
    else if (predicted) fp++;
    else if (label) fn++;
    else tn++;
  });
  const casePrecision = tp / Math.max(1, tp + fp);
  const caseRecall = tp / Math.max(1, tp + fn);
  const caseF1 = (2 * casePrecision * caseRecall) / Math.max(1e-9, casePrecision + caseRecall);
  const caseAccuracy = (tp + tn) / Math.max(1, tp + fp + fn + tn);

  const pairs = pairPoints(data, cv);
  const rel = reliability(pairs);
  const allPairs = pairPoints(data, cv, undefined, 0);
  const relAll = reliability(allPairs);
  const relSets: [string, SetId[]][] = [
    ['UN names, typos, cross-script', ['un-names', 'un-perturbed', 'un-cross-script']],
    ['cases.csv', ['cases']],
    ['Hard and peer negatives', ['hard-negatives', 'peer-negatives']],
    ['UK list (never trained on)', ['uk-arabic-to-latin', 'uk-latin-to-arabic']],
  ];
  const relBySet = relSets.map(([label, sets]) => ({
    label,
    rel: reliability(pairPoints(data, cv, sets)),
  }));

  const screening = screeningPoints(data, main, [
    'un-names',
    'un-perturbed',
    'un-cross-script',
    'peer-positives',
    'hard-negatives',
  ]);
  const ukScreening = [
    ...screeningPoints(data, main, ['uk-arabic-to-latin', 'uk-latin-to-arabic']),
    ...screeningPoints(data, nameOnly, ['peer-negatives']),
  ];
  const curves = [
    { label: 'UN held-out names vs hard negatives', points: screening },
    { label: 'cases.csv pairs', points: casePoints },
    { label: 'UK list vs peer negatives', points: ukScreening },
  ].map((c) => ({
    label: c.label,
    points: prCurve(c.points),
    operating: (() => {
      const m = atThreshold(c.points, threshold);
      return { precision: m.precision, recall: m.recall };
    })(),
  }));

  const targets: Target[] = [
    {
      what: 'cases.csv, 5-fold: accuracy',
      result: `${caseAccuracy.toFixed(3)} (F1 ${caseF1.toFixed(3)}, precision ${casePrecision.toFixed(3)}, recall ${caseRecall.toFixed(3)})`,
      target: '≥ 0.90, F1 ≥ 0.90',
      met: caseAccuracy >= 0.9 && caseF1 >= 0.9,
    },
    {
      what: `${TITLES['un-names']}: recall (${unNames.queries} names)`,
      result: `${pct(unNames.recall!)} (top 5: ${pct(unNames.top5!)})`,
      target: '≥ 99 %',
      met: unNames.recall! >= 0.99,
    },
    {
      what: `${TITLES['un-cross-script']} (${cross.queries})`,
      result: `${pct(cross.recall!)} (top 5: ${pct(cross.top5!)})`,
      target: '≥ 97 %',
      met: cross.recall! >= 0.97,
    },
    {
      what: `${TITLES['uk-arabic-to-latin']} (${ukAr.queries}; persons ${ukArP.queries})`,
      result: `${pct(ukAr.recall!)} (persons ${pct(ukArP.recall!)})`,
      target: '≥ 95 %',
      met: ukAr.recall! >= 0.95,
    },
    {
      what: `${TITLES['uk-latin-to-arabic']} (${ukLat.queries}; persons ${ukLatP.queries})`,
      result: `${pct(ukLat.recall!)} (persons ${pct(ukLatP.recall!)})`,
      target: '≥ 95 %',
      met: ukLat.recall! >= 0.95,
    },
    {
      what: `${TITLES['peer-negatives']}: false alerts, name only`,
      result: `${pct(peerNameOnly.falseAlerts!, 3)} (with dates and nationality ${pct(peerNeg.falseAlerts!, 3)}; no schema ${pct(peerNoSchema.falseAlerts!, 3)})`,
      target: '≤ 0.1 %',
      met: peerNameOnly.falseAlerts! <= 0.001,
    },
    {
      what: `${TITLES['hard-negatives']}: false alerts (${hard.queries})`,
      result: pct(hard.falseAlerts!, 2),
      target: '≤ 1 %',
      met: hard.falseAlerts! <= 0.01,
    },
    {
      what: `Expected calibration error, results scoring ${SHOWN} or more on the test folds`,
      result: `${rel.ece.toFixed(3)} (${pairs.length} pairs; every candidate: ${relAll.ece.toFixed(3)}, ${allPairs.length} pairs)`,
      target: '≤ 0.05',
      met: rel.ece <= 0.05,
    },
  ];

  const hardByKind = new Map<string, [number, number]>();
  data.queries.forEach((q, qi) => {
    if (q.set !== 'hard-negatives') return;
    const o = main.get(qi);
    if (!o) return;
    const k = hardByKind.get(q.note ?? '') ?? [0, 0];
    k[0]++;
    if (o.hits.some((h) => h.match)) k[1]++;
    hardByKind.set(q.note ?? '', k);
  });

  const lines = [
    `Run by \`npm run eval\` on ${new Date().toISOString().slice(0, 10)} in ${Math.round(seconds)} s. Five folds by entity (by row where there is none): each fold is screened, as in production, by a model trained on three other folds and calibrated on the fourth, whose threshold the alert budget set on that fourth fold (thresholds: ${thresholds.join(', ')}). Data: the shared evaluation folder, never shipped.`,
    '',
    '| measure | result | target | met |',
    '| --- | --- | --- | --- |',
    ...targets.map(
      (t) => `| ${t.what} | ${t.result} | ${t.target} | ${t.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '| set | queries | at the threshold | top 5 |',
    '| --- | --- | --- | --- |',
    ...(
      [
        ['un-names', unNames],
        ['un-cross-script', cross],
        ['un-perturbed', perturbed],
        ['peer-positives', peerPos],
        ['uk-arabic-to-latin', ukAr],
        ['uk-latin-to-arabic', ukLat],
      ] as const
    ).map(
      ([set, s]) =>
        `| ${TITLES[set]} | ${s.queries} | recall ${pct(s.recall!)} | ${pct(s.top5!)} |`,
    ),
    ...byRelation.map(
      ([rel, s]) =>
        `| … UN names, ${RELATION_TEXT[rel]} | ${s.queries} | recall ${pct(s.recall ?? 0)} | ${pct(s.top5 ?? 0)} |`,
    ),
    `| ${TITLES['peer-negatives']}, with dates and nationality | ${peerNeg.queries} | false alerts ${pct(peerNeg.falseAlerts!, 3)} | |`,
    `| … by name only, as persons | ${peerNameOnly.queries} | false alerts ${pct(peerNameOnly.falseAlerts!, 3)} | |`,
    `| … by name only, no schema | ${peerNoSchema.queries} | false alerts ${pct(peerNoSchema.falseAlerts!, 3)} | |`,
    ...[...hardByKind].map(
      ([kind, [n, a]]) =>
        `| ${TITLES['hard-negatives']}: ${kind} | ${n} | false alerts ${pct(a / n, 2)} | |`,
    ),
    '',
    `UN names with no other spelling of the same name in their entry (a kunya beside a full name, one part of a longer name, a name with a different part in the same place): ${data.unreachable}, not scored. UK list: ${data.ukArabicNames} distinct Arabic-script names in ${data.ukArabicGroups} designations.`,
    '',
    `Calibration, each query's top five results scoring ${SHOWN} or more on the test folds ([reliability diagram](reliability.svg)); precision and recall ([curves](pr-curves.svg)):`,
    '',
    '| pairs | count | expected calibration error |',
    '| --- | --- | --- |',
    `| all scoring ${SHOWN} or more | ${pairs.length} | ${rel.ece.toFixed(3)} |`,
    `| every candidate, scores near 0 included | ${allPairs.length} | ${relAll.ece.toFixed(3)} |`,
    ...relBySet.map(
      (s) =>
        `| ${s.label} | ${s.rel.bins.reduce((n, b) => n + b.count, 0)} | ${s.rel.ece.toFixed(3)} |`,
    ),
    '',
    ...(tokens.length > 0
      ? [
          'Cross-script token evidence under the model: Arabic/Latin word pairs that are one name, and the same words paired at random:',
          '',
          '| pairs | count | met (≥ 0.6) | strongly (≥ 0.85) | random pairs met | random pairs strongly |',
          '| --- | --- | --- | --- | --- | --- |',
          ...tokens.map(
            (t) =>
              `| ${t.source} | ${t.pairs} | ${pct(t.met)} | ${pct(t.strong)} | ${pct(t.randomMet, 2)} | ${pct(t.randomStrong, 2)} |`,
          ),
          '',
        ]
      : []),
    '![Reliability diagram](reliability.svg)',
    '',
    '![Precision–recall curves](pr-curves.svg)',
    '',
    ...missList('UN names missed', unNames.misses),
    ...missList('Cross-script misses', cross.misses),
    ...missList('UK list misses (Arabic → Latin)', ukAr.misses),
    ...missList('UK list misses (Latin → Arabic)', ukLat.misses),
    ...missList('Typos and extra names missed', perturbed.misses),
    ...missList('Peer positives missed', peerPos.misses),
    ...missList('False alerts, peer negatives by name only', peerNameOnly.misses),
    ...missList('False alerts, hard negatives', hard.misses),
    ...missList('cases.csv errors', caseErrors),
  ];
  return {
    markdown: lines.join('\n'),
    reliabilitySvg: reliabilitySvg(
      [
        { label: 'all results', bins: rel.bins },
        ...relBySet.map((s) => ({ label: s.label, bins: s.rel.bins })),
      ],
      'Reliability of scores on the test folds',
    ),
    prSvg: prCurveSvg(curves, 'Precision and recall on the test folds'),
    targets,
  };
}

function missList(title: string, misses: string[], max = 25): string[] {
  if (misses.length === 0) return [];
  return [
    `${title} (${misses.length}${misses.length > max ? `, first ${max}` : ''}):`,
    ...misses.slice(0, max).map((m) => `  - ${m}`),
    '',
  ];
}
