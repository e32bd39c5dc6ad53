/**
 * Training examples from the evaluation sets. A query is screened as in production (the
 * index gathers candidates, every candidate name's evidence is measured); each entity it meets
 * becomes a bag of candidate names with one label (the right entity or not) and the facts its
 * date of birth and nationality establish. Which name of the bag speaks for the entity depends
 * on the weights (the most likely one), so training picks it anew each round.
 */
import type { Entity } from '../../src/core/entity.js';
import { NameIndex } from '../../src/index/name-index.js';
import type { EntityFeature } from '../../src/match/features.js';
import { F } from '../../src/match/features.js';
import { holdBackReason, Matcher } from '../../src/match/matcher.js';
import type { ScoringModel } from '../../src/match/scoring-model.js';
import type { Lexicon } from '../../src/text/lexicon.js';
import type { EvalData, EvalQuery, IndexId, SetId } from './sets.js';
import { DEFAULT_TRAIN } from './train.js';

export interface Bag {
  query: number;
  set: SetId;
  fold: number;
  label: 0 | 1;
  /**
   * Bags of one group share one unit of weight: all queries taken from one listed entry (an
   * entry with twenty aliases counts as much as one with two), or one query.
   */
  group: string;
  /** Name features of each candidate name of the entity. */
  names: Float64Array[];
  facts: EntityFeature[];
}

export interface BagReport {
  bags: Bag[];
  /** Positive queries whose right entity the index did not gather at all, by set. */
  blockingMisses: Map<SetId, number>;
}

/** Candidate names gathered per query, as in production. */
const CANDIDATES = 30;
/** Negative bags with less evidence than this on both sides teach nothing and are left out. */
const MIN_COVER = 0.2;

export class Matchers {
  private readonly byIndex = new Map<IndexId, Matcher>();

  constructor(
    private readonly data: EvalData,
    private readonly lexicon: Lexicon,
    private readonly model: ScoringModel,
  ) {}

  get(id: IndexId): Matcher {
    let m = this.byIndex.get(id);
    if (!m) {
      const entities: Entity[] = this.data.indexes.get(id)!;
      m = new Matcher(new NameIndex(entities, this.lexicon), this.lexicon, this.model);
      // One-entity indexes of the labelled cases are used once: don't keep them.
      if (!id.startsWith('case:')) this.byIndex.set(id, m);
    }
    return m;
  }
}

/** The name filter of a query taken from a listed name: that name (and its copies) is hidden. */
export function excludeFilter(m: Matcher, q: EvalQuery): ((name: number) => boolean) | undefined {
  const ex = q.exclude;
  if (!ex) return undefined;
  const sig = (tokens: { id: number; weight: number }[]) =>
    tokens
      .filter((t) => t.weight > 0)
      .map((t) => t.id)
      .sort((a, b) => a - b)
      .join(' ');
  const own = sig(m.parse(q.query.name, q.query.schema).tokens);
  const idx = m.index.entities.findIndex((e) => e.id === ex.entity);
  return (n) => {
    const named = m.index.names[n]!;
    if (named.entity !== idx) return true;
    return named.name.text !== ex.text && sig(named.name.tokens) !== own;
  };
}

/**
 * A query that holds a whole listed name of another entry (Qusay Saddam Hussein al-Tikriti
 * holds Saddam Hussein al-Tikriti) is a fair alert for review, not a false one: relatives of
 * a listed person carry his name. Such pairs teach nothing about telling names apart and
 * are left out of training.
 */
function containsListedName(f: Float64Array): boolean {
  return f[F.listedCover]! >= 0.85 && f[F.listedUnmetRare] === 0 && f[F.conflict] === 0;
}

export function extractBags(
  data: EvalData,
  matchers: Matchers,
  keep: (q: EvalQuery, i: number) => boolean,
): BagReport {
  const bags: Bag[] = [];
  const blockingMisses = new Map<SetId, number>();
  data.queries.forEach((q, qi) => {
    if (q.evalOnly || !keep(q, qi)) return;
    const m = matchers.get(q.index);
    const byEntity = new Map<number, Float64Array[]>();
    for (const c of m.candidates(
      q.query,
      { candidates: CANDIDATES },
      undefined,
      excludeFilter(m, q),
    )) {
      // What the rules hold back is decided by them, whatever the weights: not for training.
      const person = m.index.entities[c.entity]!.schema === 'Person';
      if (person && holdBackReason(c.evidence, false, DEFAULT_TRAIN.rules)) continue;
      const list = byEntity.get(c.entity);
      if (list) list.push(c.evidence.features);
      else byEntity.set(c.entity, [c.evidence.features]);
    }
    let found = false;
    for (const [entityIdx, names] of byEntity) {
      const label = q.expected.includes(m.index.entities[entityIdx]!.id) ? 1 : 0;
      if (label) found = true;
      else if (!names.some((f) => f[F.queryCover]! >= MIN_COVER || f[F.listedCover]! >= MIN_COVER))
        continue;
      else if (q.expected.length > 0 && names.some(containsListedName)) continue;
      bags.push({
        query: qi,
        set: q.set,
        fold: q.fold,
        label,
        group: q.set.startsWith('un-') || q.set === 'peer-positives' ? q.expected[0]! : `q${qi}`,
        names,
        facts: m.facts(q.query, entityIdx).map((f) => f.feature),
      });
    }
    if (q.expected.length > 0 && !found)
      blockingMisses.set(q.set, (blockingMisses.get(q.set) ?? 0) + 1);
  });
  return { bags, blockingMisses };
}
