/**
 * Links proposed by name, date of birth and nationality, for an admin to accept or reject:
 * each public record's names are screened through the matcher against the other lists, and a
 * pair of records not yet in one cluster is proposed when
 *   - Persons: the name score reaches the model's threshold, both names say who they are (two
 *     words besides particles), the birth dates agree (the same date, or partial dates that do
 *     not contradict each other: `1971` and `1971-05-23`), and the nationalities do not conflict
 *     (one side gives none, or they share one);
 *   - Organizations: organisations have no birth date to confirm a name, so the name alone must
 *     reach a higher bar (ORG_NAME_SCORE), be no acronym, be a primary name on one side, leave
 *     no word unmatched on either side, and the countries must not conflict.
 * Vessels and aircraft are left to their IMO numbers (identifier links). A proposal never
 * merges on its own; the rules and their measured precision are in docs/DESIGN.md §7b.
 */
import type { Entity, Schema } from '../core/entity.js';
import { entityNames } from '../core/entity.js';
import { countryCode } from '../core/countries.js';
import { parseBirthDate } from '../core/dates.js';
import type { Clusters } from '../index/clusters.js';
import { parseListedDate } from '../match/qualifiers.js';
import { pairKey, type NewProposal } from '../store/cluster-links.js';
import type { Screener } from './screener.js';

/** The name score an organisation pair needs, with no date to confirm it. */
export const ORG_NAME_SCORE = 0.9;

/** Names of one record screened (its primary name and strongest aliases first). */
const NAMES_PER_RECORD = 6;

/** Results looked at per name. */
const RESULTS_PER_NAME = 10;

/** Records screened between two turns of the event loop, so that a server keeps answering. */
const RECORDS_PER_TURN = 50;

export async function proposeLinks(
  screener: Screener,
  clusters: Clusters = screener.clusters,
): Promise<NewProposal[]> {
  const threshold = screener.matcher.model.threshold;
  let screened = 0;
  const lists = [...new Set(screener.index.entities.map((e) => e.provenance.listId))];
  const best = new Map<string, NewProposal>();
  for (const e of screener.index.entities) {
    const kind = family(e.schema);
    if (kind === undefined) continue;
    if (++screened % RECORDS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const others = lists.filter((l) => l !== e.provenance.listId);
    if (others.length === 0) continue;
    const own = clusters.byId(e.id)?.id;
    const birthDate = (e.properties.birthDate ?? []).map(parseBirthDate).find(Boolean);
    const nationality = countries(e, kind)[0];
    const names = entityNames(e).filter((n) => !n.weak);
    for (const { value } of names.slice(0, NAMES_PER_RECORD)) {
      const query = { name: value, schema: e.schema, birthDate, nationality };
      const results = screener.matcher.match(query, { lists: others, limit: RESULTS_PER_NAME });
      for (const r of results) {
        const f = r.entity;
        if (f.provenance.listId === e.provenance.listId || family(f.schema) !== kind) continue;
        if (own !== undefined && clusters.byId(f.id)?.id === own) continue;
        const score = r.explanation.nameScore;
        const matched = r.explanation.matchedName;
        const agreed =
          kind === 'person'
            ? score >= threshold &&
              distinctive(value) &&
              distinctive(matched) &&
              birthDatesAgree(e, f) !== undefined &&
              !conflict(e, f, kind)
            : score >= ORG_NAME_SCORE &&
              !acronym(value) &&
              !acronym(matched) &&
              (isPrimary(e, value) || isPrimary(f, matched)) &&
              !leftOver(r.explanation) &&
              !conflict(e, f, kind);
        if (!agreed) continue;
        const [a, b] = pairKey(e.id, f.id);
        const seen = best.get(`${a}\n${b}`);
        if (seen && seen.score >= score) continue;
        best.set(`${a}\n${b}`, {
          a,
          b,
          score: Math.round(score * 1000) / 1000,
          basis: basis(e, f, value, matched, score, kind),
        });
      }
    }
  }
  return [...best.values()];
}

/** Words that name no one on their own: the kunya's `Abu`, patronymic and article particles. */
const PARTICLES = new Set(['abu', 'abou', 'umm', 'um', 'bin', 'ben', 'ibn', 'bint', 'al', 'el']);

/**
 * A person's name that says who it is: two words besides particles. A bare kunya (`Abu
 * Ubaidah`) or a single name is borne by many, and a year of birth does not tell them apart.
 */
function distinctive(name: string): boolean {
  const words = name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !PARTICLES.has(w));
  return words.length >= 2;
}

/** An acronym (`VTB`, `SSL`, `AQI`): three letters meet another list's three letters by chance. */
function acronym(name: string): boolean {
  return name.replace(/[^\p{L}\p{N}]/gu, '').length < 5;
}

/**
 * Whether `name` is the record's primary name. Organisations share generic aliases (`Ansar
 * al-Sharia`, `Jama'at al-Tawhid wal-Jihad` name groups in Libya, Tunisia, Yemen and Iraq):
 * an alias meeting an alias proposes nothing; a primary name must be one side of the match.
 */
function isPrimary(e: Entity, name: string): boolean {
  return (e.properties.name ?? []).some((n) => n.trim() === name.trim());
}

/**
 * A word of either name that met nothing (`Ansar al-Charia Benghazi` ~ `Ansar al-Charia`): a
 * screening hit, since the listed name is all there, but the word that tells the Benghazi group
 * from the Derna one. Short leftovers (an acronym in brackets, `Co.`) do not count.
 */
function leftOver(x: { unmatchedQuery: string[]; unmatchedListed: string[] }): boolean {
  return [...x.unmatchedQuery, ...x.unmatchedListed].some((t) => t.length >= 4);
}

function family(schema: Schema): 'person' | 'org' | undefined {
  if (schema === 'Person') return 'person';
  if (schema === 'Organization' || schema === 'LegalEntity') return 'org';
  return undefined;
}

/** ISO codes of a person's nationalities, or an organisation's countries. */
function countries(e: Entity, kind: 'person' | 'org'): string[] {
  const p = e.properties;
  const values =
    kind === 'person'
      ? [...(p.nationality ?? []), ...(p.citizenship ?? [])]
      : [...(p.country ?? []), ...(p.jurisdiction ?? []), ...(p.nationality ?? [])];
  return [...new Set(values.map((v) => (countryCode(v) ?? v).toLowerCase()))];
}

function conflict(e: Entity, f: Entity, kind: 'person' | 'org'): boolean {
  const x = countries(e, kind);
  const y = countries(f, kind);
  return x.length > 0 && y.length > 0 && !x.some((c) => y.includes(c));
}

/**
 * The pair of birth dates that agree (`1971` and `1971-05-23`, or two overlapping ranges), or
 * undefined when either record gives none or every pair contradicts.
 */
export function birthDatesAgree(e: Entity, f: Entity): [string, string] | undefined {
  for (const x of e.properties.birthDate ?? [])
    for (const y of f.properties.birthDate ?? []) if (datesAgree(x, y)) return [x, y];
  return undefined;
}

export function datesAgree(x: string, y: string): boolean {
  const a = parseListedDate(x);
  const b = parseListedDate(y);
  if (!a || !b) return false;
  if (a.toYear < b.fromYear || b.toYear < a.fromYear) return false;
  if (!a.exact || !b.exact) return true;
  const [short, long] = a.exact.length <= b.exact.length ? [a.exact, b.exact] : [b.exact, a.exact];
  return long.startsWith(short);
}

function basis(
  e: Entity,
  f: Entity,
  queried: string,
  matched: string,
  score: number,
  kind: 'person' | 'org',
): string {
  const parts = [`name "${queried}" ~ "${matched}" (${score.toFixed(2)})`];
  const dates = birthDatesAgree(e, f);
  if (dates) parts.push(`birth date ${dates[0]} ~ ${dates[1]}`);
  const shared = countries(e, kind).filter((c) => countries(f, kind).includes(c));
  if (shared.length > 0)
    parts.push(
      `${kind === 'person' ? 'nationality' : 'country'} ${shared.join(', ').toUpperCase()}`,
    );
  return parts.join('; ');
}
