/**
 * Small predicates over name text shared by the alias splitter and the note reader. The UN list
 * mixes names, acronyms, clerical remarks and UN references in the same fields, and these tell
 * them apart without knowing which field a string came from.
 */

/** Collapses every run of whitespace (including the newlines of pretty-printed XML) to one space. */
export function clean(value: string): string {
  // Most values are already clean; testing first spares an allocation per value.
  return MESSY.test(value) ? value.replace(/\s+/g, ' ').trim() : value;
}

const MESSY = /\s\s|[^\S ]|^\s|\s$/;

export type Script = 'Latin' | 'Arabic' | 'Cyrillic' | 'Han' | 'Other' | 'None';

const SCRIPTS: [Exclude<Script, 'Other' | 'None'>, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Han', /\p{Script=Han}/u],
];

/** The script of the first letter: enough to tell `Jin Tiesan` from `金铁三`. */
export function scriptOf(text: string): Script {
  const letter = /\p{L}/u.exec(text)?.[0];
  if (letter === undefined) return 'None';
  return SCRIPTS.find(([, re]) => re.test(letter))?.[0] ?? 'Other';
}

const SCRIPT_LABEL_SOURCE = String.raw`(?:original script|in arabic(?: script)?)\s*:\s*`;

/** `original script: Амир Хазмат`, `in Arabic: سيف العدل`: the label before a name in another script. */
export const SCRIPT_LABEL = new RegExp(`^${SCRIPT_LABEL_SOURCE}`, 'i');

/** The same label anywhere in a text, capturing the name after it up to the next `.` or `;`. */
export const SCRIPT_LABELLED_NAME = new RegExp(`${SCRIPT_LABEL_SOURCE}([^.;]+)`, 'gi');

/** UN reference numbers such as `QDe.115` or `KPE.018`, quoted in names to point at a listing. */
export function isUnReference(text: string): boolean {
  return /^[A-Z]{2}[a-zA-Z]\.\d{3}$/.test(text.trim());
}

const ACRONYM_TOKEN = /^[A-Z0-9][A-Za-z0-9]*(?:[-/.&][A-Za-z0-9]+)*\.?$/;

/**
 * `HTS`, `ISIL-WA`, `LRM/A`, `JuA`, `BK CO.`: short capitalised tokens. In an all-capitals name a
 * one-word qualifier such as `(PAKISTAN)` looks the same, so callers rule out countries first.
 */
export function isAcronym(text: string): boolean {
  const tokens = text.trim().split(' ');
  if (tokens.length > 1)
    return tokens.length <= 3 && tokens.every((t) => /^[A-Z]{1,3}\.?$/.test(t));
  const token = tokens[0] ?? '';
  if (!ACRONYM_TOKEN.test(token) || token.replace(/[^A-Za-z]/g, '').length > 10) return false;
  const upper = token.replace(/[^A-Z]/g, '').length;
  const lower = token.replace(/[^a-z]/g, '').length;
  return upper >= 2 && upper > lower;
}

/** A whole alias that is only an acronym (`FDLR`, `ADF/NALU`), not a capitalised word (`SHABAAB`). */
export function isBareAcronym(text: string): boolean {
  const parts = text.trim().split(/[-/]/);
  return (
    /^[A-Z0-9]+(?:[-/][A-Z0-9]+)*$/.test(text.trim()) &&
    /[A-Z]/.test(text) &&
    text.trim().length >= 2 &&
    parts.every((p) => p.length <= 5)
  );
}

const REMARK_WORDS = /\b(?:names?|listed|script|born|birth|passport|identity|nom de guerre)\b/i;
const REMARK_START = /^(?:ngo|branch|formerly|previously)\b/i;

/**
 * Clerical remarks the list puts in brackets: `birth name`, `COMBAT NAME`, `previously listed
 * as`, `third`, `martyrs`. Lower-case text is taken as a remark because every listed name
 * variant capitalises at least one word (`the Victory Front`).
 */
export function isRemark(text: string): boolean {
  const t = text.trim();
  if (t === '' || /\d/.test(t) || REMARK_WORDS.test(t) || REMARK_START.test(t)) return true;
  const latinWords = t.split(' ').filter((w) => scriptOf(w) === 'Latin');
  return latinWords.length > 0 && latinWords.length === t.split(' ').length && !hasCapital(t);
}

function hasCapital(text: string): boolean {
  return text.split(' ').some((w) => isCapitalised(w));
}

/** `Ibrahim`, `‘Awad`, `al-Badri`, `Dr.`: capitalised once quotes and Arabic particles are set aside. */
export function isCapitalised(word: string): boolean {
  const bare = word
    .replace(/^[‘’'"“”`(]+/, '')
    .replace(/^(?:al|el|ad|ar|as|ash|at|az|an|ul|ur|bin|ibn)-/i, '');
  const first = bare.charAt(0);
  return first !== '' && first === first.toUpperCase() && first !== first.toLowerCase();
}

/** Case-insensitive edit distance, for telling a respelling (`Butaev` for `Butayev`) from a new word. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}
