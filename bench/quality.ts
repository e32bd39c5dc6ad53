/**
 * Quality benchmarks: recall on the peer's perturbed UN names, false alerts on 100,000
 * synthetic negatives, accuracy on labelled name pairs, and Arabic→Latin cross-script recall.
 */
import { parseBirthDate } from '../src/core/dates.js';
import { countryCode } from '../src/core/countries.js';
import { entityNames, parseSchema, type Entity } from '../src/core/entity.js';
import type { Query } from '../src/core/query.js';
import { NameIndex } from '../src/index/name-index.js';
import { Matcher } from '../src/match/matcher.js';
import { loadLexicon, loadScoringModel } from '../src/screening/resources.js';
import type { Lexicon } from '../src/text/lexicon.js';
import { cleanText } from '../src/text/clean.js';
import { evalPath, personRows, readCsv, readUnSnapshot, type PersonRow } from './fixtures.js';

const ARABIC = /[\u0600-\u06ff]/;

export function matcherFor(entities: Entity[], lexicon: Lexicon = loadLexicon()): Matcher {
  return new Matcher(new NameIndex(entities, lexicon), lexicon, loadScoringModel());
}

function query(row: PersonRow, withFacts: boolean): Query {
  const q: Query = { name: row.name };
  if (withFacts) {
    const dob = row.birthDate ? parseBirthDate(row.birthDate) : undefined;
    if (dob) q.birthDate = dob;
    const nat = row.nationality ? countryCode(row.nationality) : undefined;
    if (nat) q.nationality = nat;
  }
  return q;
}

/** A loose key for finding the listed entity an untreated positive was taken from. */
function nameKey(name: string): string {
  return cleanText(name)
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .sort()
    .join(' ');
}

export interface RecallReport {
  rows: number;
  resolved: number;
  in2026: number;
  in2025only: number;
  found: number;
  foundWithoutFacts: number;
  misses: string[];
}

export async function positivesRecall(): Promise<RecallReport> {
  const [e2026, e2025] = await Promise.all([
    readUnSnapshot('2026-02-27'),
    readUnSnapshot('2025-08-02'),
  ]);
  const byKey = (entities: Entity[]) => {
    const m = new Map<string, Set<string>>();
    for (const e of entities) {
      for (const n of entityNames(e)) {
        const k = nameKey(n.value);
        if (!m.has(k)) m.set(k, new Set());
        m.get(k)!.add(e.id);
      }
    }
    return m;
  };
  const k26 = byKey(e2026);
  const k25 = byKey(e2025);
  const m26 = matcherFor(e2026);
  const m25 = matcherFor(e2025);
  const treated = personRows(
    evalPath('opensanctions_yente_screening_fixtures', 'positives_un_treated.csv'),
  );
  const untreated = personRows(
    evalPath('opensanctions_yente_screening_fixtures', 'positives_un_untreated.csv'),
  );
  const report: RecallReport = {
    rows: treated.length,
    resolved: 0,
    in2026: 0,
    in2025only: 0,
    found: 0,
    foundWithoutFacts: 0,
    misses: [],
  };
  treated.forEach((row, i) => {
    const key = nameKey(untreated[i]!.name);
    let ids = k26.get(key);
    let matcher = m26;
    if (ids) report.in2026++;
    else {
      ids = k25.get(key);
      matcher = m25;
      if (ids) report.in2025only++;
    }
    if (!ids) {
      report.misses.push(`unresolved: ${untreated[i]!.name}`);
      return;
    }
    report.resolved++;
    const hit = (withFacts: boolean) =>
      matcher
        .match(query(row, withFacts), { limit: 10 })
        .some((r) => r.match && ids!.has(r.entity.id));
    if (hit(true)) report.found++;
    else {
      const best = matcher.match(query(row, true), { limit: 3 });
      report.misses.push(
        `${row.name} [${row.birthDate ?? ''} ${row.nationality ?? ''}] ← ${untreated[i]!.name}: ${best.map((r) => `${r.entity.provenance.ref} ${r.score}${ids!.has(r.entity.id) ? '*' : ''}`).join(', ')}`,
      );
    }
    if (hit(false)) report.foundWithoutFacts++;
  });
  return report;
}

export interface FalseAlertReport {
  rows: number;
  /** Screened as persons, with date of birth and nationality. */
  alerts: number;
  /** Screened as persons, name only. */
  alertsNameOnly: number;
  /** No schema, name only: the hardest setting. */
  alertsNoSchemaNameOnly: number;
  examples: string[];
  seconds: number;
}

export function negativeRows(): PersonRow[] {
  return [
    ...personRows(evalPath('opensanctions_yente_screening_fixtures', 'negatives_global.csv')),
    ...personRows(evalPath('opensanctions_yente_screening_fixtures', 'negatives_us.csv')),
  ];
}

export async function negativesFalseAlerts(limit = Infinity): Promise<FalseAlertReport> {
  const m = matcherFor(await readUnSnapshot('2026-02-27'));
  const rows = negativeRows().slice(0, limit);
  const report: FalseAlertReport = {
    rows: rows.length,
    alerts: 0,
    alertsNameOnly: 0,
    alertsNoSchemaNameOnly: 0,
    examples: [],
    seconds: 0,
  };
  const t = performance.now();
  for (const row of rows) {
    const r = m.match({ ...query(row, true), schema: 'Person' }, { limit: 1 });
    if (r[0]?.match) {
      report.alerts++;
      if (report.examples.length < 20)
        report.examples.push(
          `${row.name} [${row.birthDate} ${row.nationality}] → ${r[0].entity.provenance.ref} "${r[0].explanation.matchedName}" ${r[0].score}`,
        );
    }
  }
  report.seconds = (performance.now() - t) / 1000;
  for (const row of rows) {
    if (m.match({ ...query(row, false), schema: 'Person' }, { limit: 1 })[0]?.match)
      report.alertsNameOnly++;
    if (m.match(query(row, false), { limit: 1 })[0]?.match) report.alertsNoSchemaNameOnly++;
  }
  return report;
}

export interface PairsReport {
  cases: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  baseline: { cases: number; accuracy: number; f1: number };
  errors: string[];
}

function prf(tp: number, fp: number, fn: number, tn: number) {
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return {
    accuracy: (tp + tn) / Math.max(1, tp + fp + fn + tn),
    precision,
    recall,
    f1: (2 * precision * recall) / Math.max(1e-9, precision + recall),
  };
}

export function pairsAccuracy(): PairsReport {
  const lexicon = loadLexicon();
  const rows = readCsv(evalPath('opensanctions_name_bench', 'cases.csv'));
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  const errors: string[] = [];
  for (const r of rows) {
    const schema = parseSchema(r.schema ?? '') ?? 'LegalEntity';
    const entity: Entity = {
      id: 'c:1',
      schema,
      caption: r.name2!,
      properties: { name: [r.name2!] },
      provenance: { listId: 'c', listVersion: '1', ref: '1' },
    };
    const m = matcherFor([entity], lexicon);
    const res = m.match({ name: r.name1!, schema }, { limit: 1 });
    const predicted = res[0]?.match ?? false;
    const actual = r.is_match === 'true';
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
    else tn++;
    if (predicted !== actual)
      errors.push(
        `${actual ? 'FN' : 'FP'} ${r.case_group} ${r.schema}: ${r.name1} | ${r.name2} → ${res[0]?.score ?? 0}`,
      );
  }
  const base = readCsv(evalPath('opensanctions_name_bench', 'logicv2-frozen.csv'));
  const count = (o: string) => base.filter((b) => b.outcome === o).length;
  const b = prf(count('TP'), count('FP'), count('FN'), count('TN'));
  return {
    cases: rows.length,
    ...prf(tp, fp, fn, tn),
    baseline: { cases: base.length, accuracy: b.accuracy, f1: b.f1 },
    errors,
  };
}

export interface CrossScriptReport {
  individuals: number;
  matched: number;
  inTop5: number;
  misses: string[];
}

/** Arabic original-script names screened against the list with every Arabic-script name removed. */
export async function crossScriptRecall(): Promise<CrossScriptReport> {
  const entities = await readUnSnapshot('2026-02-27');
  const targets: { id: string; name: string }[] = [];
  const stripped = entities.map((e) => {
    const props = { ...e.properties };
    for (const k of ['name', 'alias', 'weakAlias'] as const) {
      if (props[k]) props[k] = props[k]!.filter((v) => !ARABIC.test(v));
    }
    const original =
      e.schema === 'Person' ? (e.properties.alias ?? []).find((a) => ARABIC.test(a)) : undefined;
    if (original && e.schema === 'Person') targets.push({ id: e.id, name: original });
    return { ...e, properties: props };
  });
  const m = matcherFor(stripped);
  const report: CrossScriptReport = {
    individuals: targets.length,
    matched: 0,
    inTop5: 0,
    misses: [],
  };
  for (const t of targets) {
    const res = m.match({ name: t.name }, { limit: 5 });
    const hit = res.find((r) => r.entity.id === t.id);
    if (hit) report.inTop5++;
    if (hit?.match) report.matched++;
    else {
      const e = entities.find((x) => x.id === t.id)!;
      report.misses.push(
        `${t.name} ← ${e.provenance.ref} ${e.caption}: ${res
          .slice(0, 2)
          .map((r) => `${r.entity.provenance.ref} ${r.score}${r.entity.id === t.id ? '*' : ''}`)
          .join(', ')}`,
      );
    }
  }
  return report;
}
