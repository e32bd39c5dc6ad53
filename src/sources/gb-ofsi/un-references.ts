/**
 * UN Security Council references quoted by a UK record, in the UN's own form (`QDi.123`): the
 * identifier that puts a UK designation in the same cluster as the UN entry it implements, so
 * it must neither miss a reference nor take another designation's.
 *
 * OFSI writes them in `Other Information` as `(UN Ref):QDi.123`, `(UN Ref):QDi.9 and SOi.9`,
 * `(UN Ref):CDi. 038`, `(UN Ref):QDE.145`, and in the 2020 CSV as `UN Ref QDe.004`, `UN Ref.
 * CFi.001`; the FCDO list has its own `UNReferenceNumber` element. A ship's text also quotes its
 * owner's reference (`asset of Korea Samjong Shipping (OFSI ID: 13635, UN Reference Number: UN
 * Ref KPe.064)`): that reference is the owner's, not the ship's, and is left out.
 *
 * The 2020 CSV still quotes some Al-Qaida and Taliban entries by the UN's former references,
 * `QI.A.317.13` (individual, letter of the name, number, year listed): the UN kept the number
 * when it renamed them, so `QI`, `QE`, `TI`, `TE` become `QDi`, `QDe`, `TAi`, `TAe` (QDi.317 is
 * the same Al-Jawlani in the 2025 file). The tests check that mapping on the two real files.
 */

/**
 * One reference: two letters, `i` (individual) or `e` (entity), a dot and the number; or a
 * former one, `QI.A.317.13`.
 */
const REF = String.raw`(?:[A-Z]{2}[IE]\s*\.\s*\d{1,4}(?!\.\d)|[QT][IE]\.[A-Z]\.\d{1,4}\.\d{2})`;
const FORMER: Record<string, string> = { QI: 'QDi', QE: 'QDe', TI: 'TAi', TE: 'TAe' };
/** A reference and the ones joined to it (`QDi.9 and SOi.9`, `QDi.1, QDi.2`). */
const QUOTED = new RegExp(
  String.raw`\(?\bUN\s+Ref(?:erence(?:\s+Number)?)?\)?\s*[.:]?\s*((?:${REF})(?:\s*(?:,|&|/|\band\b)\s*${REF})*)`,
  'gi',
);
const ONE = new RegExp(REF, 'gi');
/** Just before a quoted reference: it names another designation (`OFSI ID: 13635, `). */
const ANOTHER_DESIGNATION = /OFSI ID:?\s*\d+\s*[,.]?\s*(?:UN Reference Number:?\s*)?$/i;

/** `qde . 45` → `QDe.045`: upper-case prefix, lower-case kind, the number in three digits. */
export function normaliseUnReference(text: string): string | undefined {
  const former = /^([QT][IE])\.[A-Z]\.(\d{1,4})\.\d{2}$/i.exec(text.trim());
  if (former) return `${FORMER[former[1]!.toUpperCase()]}.${former[2]!.padStart(3, '0')}`;
  const match = /^([A-Z]{2})([IE])\s*\.\s*(\d{1,4})$/i.exec(text.trim());
  if (!match) return undefined;
  const [, prefix = '', kind = '', number = ''] = match;
  return `${prefix.toUpperCase()}${kind.toLowerCase()}.${number.padStart(3, '0')}`;
}

/** The designation's own UN references in a free-text cell, normalised, once each. */
export function unReferences(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(QUOTED)) {
    const before = text.slice(Math.max(0, (match.index ?? 0) - 60), match.index);
    if (ANOTHER_DESIGNATION.test(before)) continue;
    for (const one of (match[1] ?? '').matchAll(ONE)) {
      const ref = normaliseUnReference(one[0]);
      if (ref !== undefined && !out.includes(ref)) out.push(ref);
    }
  }
  return out;
}
