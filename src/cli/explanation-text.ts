/**
 * `sanad explain` for a person at a terminal: the query and the entity, the verdict at the
 * model's threshold, the token alignment, the qualifiers, then every feature's part of the
 * log-odds down to the calibrated score. Signs are always written, so that what raised and what
 * lowered the score reads at a glance.
 */
import { schemaCompatible } from '../match/matcher.js';
import type { EntityExplanation } from './entity-explanation.js';
import { formatTable, isolate } from './table.js';

/** Wide enough for a contribution's reason, which is a sentence. */
const REASON_CELL = 100;

export function explanationText(x: EntityExplanation): string {
  const out = [...heading(x)];
  const e = x.explanation;
  if (!e) {
    out.push('', noMeeting(x));
    return out.join('\n') + '\n';
  }
  out.push(`matched   ${isolate(e.matchedName)} (name score ${e.nameScore.toFixed(2)})`, '');
  out.push('Token alignment');
  out.push(
    e.tokens.length
      ? formatTable(
          ['query', 'listed', 'evidence', 'similarity', 'weight'],
          e.tokens.map((t) => [
            t.query,
            t.listed,
            t.evidence,
            t.similarity.toFixed(2),
            t.weight.toFixed(2),
          ]),
        ).trimEnd()
      : 'no tokens met',
  );
  out.push(`unmatched query tokens:  ${tokens(e.unmatchedQuery)}`);
  out.push(`unmatched listed tokens: ${tokens(e.unmatchedListed)}`, '');
  out.push('Qualifiers');
  out.push(
    e.qualifiers.length
      ? formatTable(
          ['qualifier', 'change', 'why'],
          e.qualifiers.map((q) => [q.kind, signed(q.delta, 2), q.text]),
          REASON_CELL,
        ).trimEnd()
      : 'none',
    '',
  );
  out.push('Feature contributions (log-odds)');
  if (e.contributions.length === 0)
    out.push(`model ${x.model} lists no feature contributions for this score`);
  out.push(
    formatTable(
      ['feature', 'value', 'log-odds', 'why'],
      [
        ...e.contributions.map((c) => [c.feature, value(c.value), signed(c.logit, 3), c.text]),
        ['intercept', '', signed(x.intercept, 3), "the model's log-odds before any evidence"],
        ['total', '', signed(e.logit, 3), 'the intercept and every contribution'],
      ],
      REASON_CELL,
    ).trimEnd(),
  );
  const calibrated = x.calibrated!;
  const differs = Math.abs(calibrated - x.score) >= 0.0005;
  out.push(
    `calibrated score ${calibrated.toFixed(3)}` +
      (differs ? ` (the reported score is ${x.score.toFixed(2)})` : ''),
  );
  return out.join('\n') + '\n';
}

function heading(x: EntityExplanation): string[] {
  const q = x.query;
  const facts = [
    q.birthDate && `birth date ${q.birthDate}`,
    q.nationality && `nationality ${q.nationality}`,
    q.schema && `schema ${q.schema}`,
  ].filter(Boolean);
  const en = x.entity;
  const verdict = x.match
    ? `a match at the model's threshold ${x.threshold}`
    : x.schemaMismatch
      ? `not a match: schema mismatch (${article(q.schema ?? 'Thing')} ${q.schema ?? 'Thing'} query, ${article(en.schema)} ${en.schema} listed), held under the model's threshold ${x.threshold} for review`
      : `not a match at the model's threshold ${x.threshold}`;
  return [
    `query     ${isolate(q.name)}${facts.length ? ` (${facts.join(', ')})` : ''}`,
    `entity    ${en.id}  ${en.ref}  ${isolate(en.caption)}  (list ${en.list}, ${en.schema})`,
    `score     ${x.score.toFixed(2)}: ${verdict}`,
    `model     ${x.model}`,
  ];
}

function noMeeting(x: EntityExplanation): string {
  const { schema } = x.query;
  // A query of another schema is still scored (a schema never hides a hit), so the names
  // simply did not meet; the mismatch is worth saying all the same.
  if (schema !== undefined && !schemaCompatible(schema, x.entity.schema))
    return `The query meets no name of the entity (score 0); it is also of another kind (${article(schema)} ${schema} query, ${article(x.entity.schema)} ${x.entity.schema} listed).`;
  return 'The query meets no name of the entity (score 0).';
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}

function tokens(list: string[]): string {
  return list.length ? list.map(isolate).join(' ') : 'none';
}

/** Always signed, with the minus sign of the one-line explanations (match/explain.ts). */
function signed(x: number, digits: number): string {
  return `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(digits)}`;
}

function value(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
