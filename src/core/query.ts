import type { Cluster } from '../index/clusters.js';
import type { Entity, Schema } from './entity.js';

/** What a caller screens: a name, and optionally what else it knows about the subject. */
export interface Query {
  name: string;
  schema?: Schema;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  birthDate?: string;
  /** ISO 3166-1 alpha-2 code or a country name. */
  nationality?: string;
}

/** How one query token met one listed token. */
export type Evidence =
  'exact' | 'variant' | 'cross-script' | 'spelling' | 'fuzzy' | 'initial' | 'joined';

export interface TokenMatch {
  query: string;
  listed: string;
  evidence: Evidence;
  /** Similarity of the two tokens in [0, 1]. */
  similarity: number;
  /** Rarity weight of the pair in [0, 1]: rare tokens count more. */
  weight: number;
}

export interface Qualifier {
  kind: 'birthDate' | 'nationality' | 'commonName' | 'weakAlias' | 'schema';
  /** Score change this qualifier caused (negative lowers it). */
  delta: number;
  text: string;
}

/** One feature's part of a score: its value, what it added to the log-odds, and why, in words. */
export interface FeatureContribution {
  /** Stable feature id (see match/features.ts), e.g. `listedCover`. */
  feature: string;
  value: number;
  /** Added to (or, when negative, taken from) the log-odds of the score. */
  logit: number;
  text: string;
}

export interface Explanation {
  /** The listed name that met the query best. */
  matchedName: string;
  /** The name evidence alone, as a calibrated score (before dates, nationality and rules). */
  nameScore: number;
  tokens: TokenMatch[];
  /** Query tokens that met nothing. */
  unmatchedQuery: string[];
  /** Listed tokens that the query did not mention. */
  unmatchedListed: string[];
  qualifiers: Qualifier[];
  /** Version id of the scoring model that made the score. */
  model: string;
  /** Log-odds of the score before calibration: the model's intercept plus every contribution. */
  logit: number;
  /** Each feature's part of the log-odds, largest first (the intercept is not listed). */
  contributions: FeatureContribution[];
}

export interface MatchResult {
  entity: Entity;
  score: number;
  match: boolean;
  explanation: Explanation;
  /**
   * Set when the entity is another kind of subject than the query names (a Person query meeting
   * an Organization or a Vessel): the name met strongly enough to alert had the kinds agreed, so
   * the result is shown, but held under the threshold and never a match (a `schema` qualifier
   * says why). Absent otherwise.
   */
  schemaMismatch?: true;
  /**
   * The entity's cluster: every record of the same person or organisation across lists
   * (index/clusters.ts), the entity among them. Set by the screener, which returns one result
   * per cluster; a result made elsewhere has none and stands for a cluster of its own.
   */
  cluster?: Cluster;
}
