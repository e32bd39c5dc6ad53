/**
 * What reading one file for scanning may cost. A file of a few kilobytes can claim far more: a
 * .docx whose deflated XML expands to gigabytes, a PDF of a hundred thousand pages, an e-mail
 * whose MIME parts nest without end. Each limit stops such a file with a ScanInputError naming
 * it, before the excess is held in memory; the defaults only stop files no one means to scan.
 */

export interface ReadOptions {
  /** Characters of text one file may yield, every document and attachment together. */
  maxTextChars: number;
  /** Pages of one PDF. */
  maxPages: number;
  /** Bytes one zip entry of a .docx may inflate to, whatever its header declares. */
  maxPartBytes: number;
  /** Bytes all the entries read from one .docx may inflate to together. */
  maxExpandedBytes: number;
  /**
   * How many times an entry may inflate its compressed size. Word XML compresses about
   * tenfold; a part that claims a thousandfold is a zip bomb, refused before it is inflated.
   */
  maxRatio: number;
  /** MIME multipart levels and attachments within attachments of one e-mail. */
  maxDepth: number;
}

export const DEFAULT_READ_OPTIONS: Readonly<ReadOptions> = Object.freeze({
  maxTextChars: 20_000_000,
  maxPages: 2_000,
  maxPartBytes: 50 * 1024 * 1024,
  maxExpandedBytes: 200 * 1024 * 1024,
  maxRatio: 1_000,
  maxDepth: 8,
});

/** The defaults with the caller's overrides, merged once. */
export function readOptions(overrides: Partial<ReadOptions> = {}): Readonly<ReadOptions> {
  const merged = { ...DEFAULT_READ_OPTIONS };
  for (const key of Object.keys(merged) as (keyof ReadOptions)[]) {
    const value = overrides[key];
    if (value !== undefined) {
      if (!(value > 0)) throw new Error(`readDocuments: option ${key} must be positive`);
      merged[key] = value;
    }
  }
  return Object.freeze(merged);
}
