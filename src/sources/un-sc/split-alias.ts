/**
 * The UN list packs several names, scripts, acronyms and clerical remarks into one ALIAS_NAME
 * (and sometimes one FIRST_NAME): `جبهة النصرة (the Victory Front; Jabhat al-Nusrah; …)`,
 * `Lom-ali Butayev (Butaev)`, `EL PARA (COMBAT NAME)`. Screening needs each name on its own, so
 * this turns such a field into clean names plus the acronyms found beside them.
 */
import { countryCode } from '../../core/countries.js';
import { indexOuter, outerText, segments, splitOuter } from './brackets.js';
import {
  clean,
  editDistance,
  isAcronym,
  isCapitalised,
  isRemark,
  isUnReference,
  SCRIPT_LABEL,
  scriptOf,
} from './name-text.js';

export interface SplitNames {
  names: string[];
  /** Bare acronyms (`HTS`, `LFIC`): weak identifiers, kept apart from the names. */
  acronyms: string[];
}

class Collector {
  private readonly names = new Set<string>();
  private readonly acronyms = new Set<string>();

  name(value: string): void {
    const v = tidyName(value);
    if (v !== '') this.names.add(v);
  }

  acronym(value: string): void {
    const v = clean(value);
    if (v !== '') this.acronyms.add(v);
  }

  result(): SplitNames {
    const names = [...this.names];
    return { names, acronyms: [...this.acronyms].filter((a) => !this.names.has(a)) };
  }
}

/** Most aliases are one plain name: nothing here could bracket, separate or qualify it. */
const PLAIN = /^(?:(?![();/,"“”]|born|[-–—]\s).)*$/s;

export function splitAliasNames(text: string): SplitNames {
  if (PLAIN.test(text)) {
    const name = tidyName(text);
    return { names: name === '' ? [] : [name], acronyms: [] };
  }
  const out = new Collector();
  const parts = splitOuter(prepare(text), /;|\s\/\s/y)
    .map(clean)
    .filter((p) => p !== '');
  for (const part of parts) {
    // `AL-ITIHAAD AL-ISLAMIYA / AIAI`: an acronym listed beside the name it abbreviates.
    if (parts.length > 1 && isPlainAcronym(part)) out.acronym(part);
    else splitPart(part, out, false);
  }
  return out.result();
}

/** Enumerations (`… Sabet b) M. Javad …`) become separators; doubled spacing goes. */
function prepare(text: string): string {
  return clean(text).replace(/(?<=^|[\s;])[a-z]\)\s*/g, '; ');
}

/**
 * One name with its brackets. Brackets before the name qualify it (`(Sheikh) Musa Hilal`) and
 * are dropped; brackets inside it belong to it (`Leader (Hong Kong) International`,
 * `華信船務(香港)有限公司`) unless they hold an acronym; brackets after it are read one by one.
 */
function splitPart(raw: string, out: Collector, nested: boolean): void {
  const text = cutBirthRemark(raw);
  if (nested && isRemark(tidyName(outerText(text)))) return;
  if (nested && isPlainAcronym(text)) {
    out.acronym(text);
    return;
  }
  const segs = segments(text);
  // Text that is only punctuation (the `,` in `… (اختر محمد …),`) does not make a bracket inner.
  const textAt = segs.map((s, i) => (s.kind === 'text' && /[\p{L}\p{N}]/u.test(s.value) ? i : -1));
  const first = textAt.find((i) => i >= 0) ?? -1;
  const last = Math.max(...textAt);
  if (first < 0) {
    // Only brackets, as in a NOTE-like `(Abu Du’a; Abu Duaa’)`: each holds names.
    segs.forEach((s) => splitList(s.value, out));
    return;
  }
  let base = '';
  for (let i = first; i <= last; i++) base += inner(segs[i]?.value ?? '', segs[i]?.kind, out);
  let name = tidyName(base);
  const later: string[] = [];
  for (const seg of segs.slice(last + 1)) name = readTrailing(clean(seg.value), name, later, out);
  out.name(name);
  later.forEach((item) => splitPart(item, out, true));
}

/** Text inside the name, with any bracketed acronym moved out: `UGANDA COMMERCIAL IMPEX (UCI) LTD`. */
function inner(value: string, kind: 'text' | 'paren' | undefined, out: Collector): string {
  if (kind !== 'paren') return value;
  if (isUnReference(value)) return ' ';
  if (isPlainAcronym(value)) {
    out.acronym(value);
    return ' ';
  }
  return `(${value})`;
}

/**
 * What a bracket after a name means: a UN reference or a remark (dropped), an acronym, a list of
 * other names, the same name in another script, a respelling of the last word (`Butayev
 * (Butaev)`), or else a qualifier that belongs to the name (`AL-HARAMAIN FOUNDATION (KENYA)`).
 * Returns the name, extended when the bracket is a qualifier.
 */
function readTrailing(content: string, name: string, later: string[], out: Collector): string {
  if (content === '' || isUnReference(content)) return name;
  if (SCRIPT_LABEL.test(content)) {
    later.push(content.replace(SCRIPT_LABEL, ''));
    return name;
  }
  const items = listItems(content);
  if (items.length > 1) {
    later.push(...items);
    return name;
  }
  if (isRemark(tidyName(outerText(content)))) return name;
  if (isPlainAcronym(content)) out.acronym(content);
  else if (name === '' || scriptOf(content) !== scriptOf(name)) later.push(content);
  else if (isRespelling(content, name)) later.push(name.replace(/\S+$/, content));
  else return `${name} (${content})`;
  return name;
}

function splitList(content: string, out: Collector): void {
  listItems(clean(content)).forEach((item) => splitPart(item, out, true));
}

/** `a; b; c`, or `ISIL-SEA, ISIL-South East Asia` where a comma follows an acronym. */
function listItems(content: string): string[] {
  let items = splitOuter(content, /;/y);
  const commaParts = splitOuter(content, /,/y);
  if (items.length === 1 && commaParts.length > 1 && isAcronym(clean(commaParts[0] ?? ''))) {
    items = commaParts;
  }
  return items.map(clean).filter((i) => i !== '');
}

/** An acronym, but not a one-word country written in capitals (`(PAKISTAN)`). */
function isPlainAcronym(text: string): boolean {
  const t = clean(text);
  return isAcronym(t) && !(t.length > 3 && countryCode(t) !== undefined);
}

function isRespelling(word: string, name: string): boolean {
  const last = name.split(' ').at(-1) ?? '';
  if (/\s/.test(word) || scriptOf(word) !== 'Latin' || !isCapitalised(word)) return false;
  if (word === last || word.charAt(0).toLowerCase() !== last.charAt(0).toLowerCase()) return false;
  return (
    editDistance(word, last) <= Math.max(1, Math.floor(Math.max(word.length, last.length) / 3))
  );
}

/**
 * `Safia Farkash Mohammed Al-Hadad, born 1 Jan. 1953 (…)`, `Mohammad Ishaq Akhund born in 1963`:
 * the name ends where the birth details begin.
 */
function cutBirthRemark(text: string): string {
  // Lower-case only: `Born` can be a name, `born` never is.
  const at = indexOuter(text, /(?:,\s*|\s+)born\b/y);
  return at < 0 ? text : text.slice(0, at);
}

/**
 * Cosmetic cleanup that keeps the name as written: quotes around it, stray punctuation at its
 * ends, a lower-case remark after a dash (`Ansar al-Mujahideen Network - sub-unit name`), the
 * comma before a generational suffix (`Hilarion Santos, III`) and `Abu- Shayma` spacing.
 */
export function tidyName(value: string): string {
  return clean(value)
    .replace(/\s+[-–—]\s+[\p{Ll}\s-]+$/u, '')
    .replace(/,\s*(I{2,3}|IV|Jr\.?|Sr\.?)$/i, ' $1')
    .replace(/(\p{L})- (?=\p{L})/gu, '$1-')
    .replace(/^["“”\s,;:]+|["“”\s,;:]+$/g, '')
    .trim();
}
