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

export interface Explanation {
  /** The listed name that met the query best. */
  matchedName: string;
  nameScore: number;
  tokens: TokenMatch[];
  /** Query tokens that met nothing. */
  unmatchedQuery: string[];
  /** Listed tokens that the query did not mention. */
  unmatchedListed: string[];
  qualifiers: Qualifier[];
}

export interface MatchResult {
  entity: Entity;
  score: number;
  match: boolean;
  explanation: Explanation;
}
