/** Turns a match's alignment and qualifiers into text a person can read. */
import type { Explanation } from '../core/query.js';

const EVIDENCE_TEXT: Record<string, string> = {
  exact: 'same',
  variant: 'spelling variant',
  'cross-script': 'cross-script',
  spelling: 'similar spelling',
  fuzzy: 'fuzzy',
  initial: 'initial',
  joined: 'joined',
};

export function explainText(e: Explanation): string {
  const parts: string[] = [];
  const tokens = e.tokens.map((t) => {
    const how = EVIDENCE_TEXT[t.evidence] ?? t.evidence;
    const sim = t.evidence === 'exact' ? '' : ` ${t.similarity.toFixed(2)}`;
    return `${t.query} ~ ${t.listed} (${how}${sim})`;
  });
  parts.push(
    `name "${e.matchedName}" ${e.nameScore.toFixed(2)}: ${tokens.join(', ') || 'no tokens met'}`,
  );
  if (e.unmatchedQuery.length) parts.push(`not in listed name: ${e.unmatchedQuery.join(' ')}`);
  if (e.unmatchedListed.length) parts.push(`listed only: ${e.unmatchedListed.join(' ')}`);
  for (const q of e.qualifiers) {
    const sign = q.delta > 0 ? '+' : q.delta < 0 ? '−' : '±';
    parts.push(`${q.text} (${sign}${Math.abs(q.delta).toFixed(2)})`);
  }
  const why = e.contributions
    .slice(0, MAIN_CONTRIBUTIONS)
    .map((c) => `${c.text} (${signed(c.logit)})`);
  if (why.length > 0) parts.push(`weighed most: ${why.join(', ')} [model ${e.model}]`);
  return parts.join('; ');
}

/** Contributions named in the one-line text; `sanad explain` prints them all. */
const MAIN_CONTRIBUTIONS = 3;

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;
}

const BRIEF_KIND: Partial<Record<string, string>> = {
  birthDate: 'dob',
  nationality: 'nat',
  schema: 'schema mismatch',
};

/** One line for a terminal table. */
export function explainBrief(e: Explanation): string {
  const met = e.tokens.map((t) => (t.evidence === 'exact' ? t.listed : `${t.query}~${t.listed}`));
  const quals = e.qualifiers.map(
    (q) =>
      `${BRIEF_KIND[q.kind] ?? q.kind} ${q.delta >= 0 ? '+' : '−'}${Math.abs(q.delta).toFixed(2)}`,
  );
  return [met.join(' '), ...quals].filter(Boolean).join('; ');
}
