/**
 * A list publisher's files, read into sanad's entities. One module per source implements this
 * (`un-sc/source.ts`, `ofac/…`), and `registry.ts` lists them: the CLI (`lists load`, `lists
 * refresh`), the API (`POST /lists/{id}/versions`) and the refresh schedule all go through the
 * registry, so a new source is one file plus one line there.
 *
 * A reader takes a path, not a stream: the OFAC legacy set is a directory (or a zip) of four
 * files, and an XLSX is a zip read by offset. Each reader still streams what it reads (XML with
 * saxes, CSV row by row), so memory is the entities, not the file.
 */
import type { ReadOptions } from '../core/input-file.js';
import type { Entity } from '../core/entity.js';

export interface SourceFormat {
  /** Stable id, e.g. `sdn-xml`, `legacy-csv`, `xlsx`. */
  id: string;
  /** In words, for help and for "expected …" messages: `the SDN XML (sdnList)`. */
  title: string;
}

export interface SourceFile {
  /** A file or a directory. */
  path: string;
  /** What messages call it (an upload's file name); default the path. */
  name?: string;
}

export interface ReadContext {
  /** The list id the entities belong to (`<listId>:<publisher's id>` ids). */
  listId: string;
  /** Refuse files with more entries than this. */
  maxRecords: number;
  /** An upload's budget and thread (core/read-budget.ts), for tabular formats. */
  read?: ReadOptions;
  /** A text file's encoding, when the user names it (default: detected). */
  encoding?: string;
}

export interface SourceList {
  /** The format read (a `SourceFormat.id` of the source). */
  format: string;
  /**
   * The publisher's own version label: the publication date or time the file states
   * (`2025-06-30`); undefined when the file states none (the loader then uses the load time).
   */
  label?: string;
  entities: Entity[];
  /**
   * Parts of the file that were read but could not be mapped (a row without a name), each
   * naming where. A file of the wrong format is refused by throwing, never reported here.
   */
  warnings: string[];
}

export interface ListSource {
  /** The list id it loads, e.g. `us-ofac-sdn`; also the list's `kind` in the store. */
  id: string;
  title: string;
  publisher: string;
  formats: readonly SourceFormat[];
  /** The official download address, fetched by `lists refresh` (undefined: no public URL). */
  url?: string;
  /** The data's licence, in words, with the attribution it asks for. */
  licence: string;
  /** Collections the list belongs to, e.g. `sanctions` (see collections.ts). */
  collections: readonly string[];
  /**
   * Reads `file` whole, checking it on the way. A file of another format is refused with a
   * SanadError (`invalid_list`) naming what was expected and what was found (sniff.ts).
   */
  read(file: SourceFile, ctx: ReadContext): Promise<SourceList>;
}

/** Default for `ReadContext.maxRecords`: ten times the largest real list (OFAC SDN, ~18,000). */
export const DEFAULT_MAX_RECORDS = 200_000;
