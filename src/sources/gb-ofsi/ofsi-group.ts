/**
 * One OFSI designation as gathered from its rows (ofsi-groups.ts): the shape the product's
 * mapping (ofsi-entity.ts) and the evaluation's UK set (bench/eval/uk-ofsi.ts) both read.
 */
import type { EntityIdentifier } from '../../core/entity.js';

/** What a name is to the designation: FtM's `name`, `alias` or `previousName`. */
export type OfsiNameRole = 'name' | 'alias' | 'previousName';

export interface OfsiName {
  value: string;
  /** `Alias Quality` is `Low quality` on every row that gives it. */
  weak: boolean;
  /** Every row that gives it is an `AKA` or `FKA`, not the primary name or its variation. */
  aka: boolean;
  role: OfsiNameRole;
}

export interface OfsiGroup {
  groupId: string;
  schema: 'Person' | 'Organization' | 'Vessel';
  /** Primary name first, then variations, then AKAs, then FKAs; deduplicated ignoring case. */
  latin: OfsiName[];
  arabic: OfsiName[];
  /** Names in other non-Latin scripts (Cyrillic, Chinese…). */
  otherScript: OfsiName[];
  titles: string[];
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  birthDates: string[];
  /** Town and country of birth, as written (`Hama, Syria`). */
  birthPlaces: string[];
  birthCountries: string[];
  /** As the list writes them (`Syria`, `Congo (Democratic Republic)`). */
  nationalities: string[];
  documents: EntityIdentifier[];
  positions: string[];
  /** Address lines, post code and country joined with commas. */
  addresses: string[];
  countries: string[];
  /** `Other Information`, once per distinct text. */
  notes: string[];
  /** Usually one; a few designations fall under two regimes. */
  regimes: string[];
  /** The earliest `Listed On` date. */
  listedOn?: string;
  /** The earliest `UK Sanctions List Date Designated`. */
  designatedOn?: string;
  /** Every `Last Updated` date of its rows, in order. */
  updatedOn: string[];
  /** The file's `Last Updated` date (row 1). */
  listVersion: string;
}
