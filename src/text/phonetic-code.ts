/**
 * Phonetic codes: both scripts are written into one alphabet of sound classes so that a weighted
 * edit distance can compare محمد with Muhammad (arabic-names.md §2). Consonants are upper-case
 * class symbols; Latin short vowels stay a e i o u; long vowels are A I U (Arabic ا ي و, Latin aa
 * ee oo/ou); W and Y are the semivowels; ' is ʿayn or hamza; ʰ is a word-final h that may be
 * silent (ة, or the h of Fatimah/Abdullah/Shibh); ʸ is a final ى, read as a or i.
 */

// prettier-ignore
export const SYMBOLS = [
  'B', 'T', 'θ', 'J', 'G', 'Γ', 'H', 'X', 'D', 'ð', 'Z', 'R', 'S', 'C', 'Ч', 'F', 'Q', 'K',
  'L', 'M', 'N', 'W', 'Y', "'", 'ʰ', 'a', 'e', 'i', 'o', 'u', 'A', 'I', 'U', 'P', 'V',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '?', 'ʸ',
] as const;

// prettier-ignore
const ARABIC: Record<string, string> = {
  ب: 'B', پ: 'B', ت: 'T', ط: 'T', ٹ: 'T', ث: 'θ', ج: 'J', ژ: 'J', ح: 'H', ه: 'H', ھ: 'H',
  ہ: 'H', خ: 'X', د: 'D', ض: 'ð', ڈ: 'D', ذ: 'ð', ظ: 'ð', ز: 'Z', ر: 'R', ڑ: 'R', س: 'S',
  ص: 'S', ش: 'C', چ: 'Ч', غ: 'Γ', ف: 'F', ڤ: 'F', ڢ: 'F', ق: 'Q', ڨ: 'Q', ڧ: 'Q', ٯ: 'Q',
  ك: 'K', ک: 'K', ڪ: 'K', گ: 'G', ل: 'L', م: 'M', ن: 'N', ں: 'N', ع: "'", ء: "'", ؤ: "'",
  ئ: "'",
  // Pashto
  ځ: 'Z', څ: 'S', ډ: 'D', ړ: 'R', ښ: 'C', ږ: 'J', ګ: 'G', ڼ: 'N',
};
const YEH = new Set(['ي', 'ی', 'ې', 'ے', 'ۍ', 'ێ']);
const ALEF = new Set(['ا', 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ']);

/** Code of an Arabic-script token (cleaned, not folded, article removed). */
export function arabicCode(token: string): string {
  const chars = [...token];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = i > 0 ? chars[i - 1] : undefined;
    const next = chars[i + 1];
    const first = i === 0;
    const last = i === chars.length - 1;
    if (ALEF.has(ch)) {
      if (ch === 'آ') out += 'A';
      else if (first) out += ch === 'إ' ? 'i' : 'a';
      else if (ch === 'أ' || ch === 'إ') out += "'";
      else out += 'A';
    } else if (ch === 'و') {
      const consonantal =
        first ||
        (prev !== undefined && ALEF.has(prev)) ||
        (next !== undefined && ALEF.has(next)) ||
        next === 'و';
      out += consonantal ? 'W' : 'U';
    } else if (YEH.has(ch)) {
      const consonantal =
        first ||
        (prev !== undefined && ALEF.has(prev)) ||
        (next !== undefined && ALEF.has(next)) ||
        (next !== undefined && YEH.has(next));
      out += consonantal ? 'Y' : 'I';
    } else if (ch === 'ى') {
      // Final ى is alef maqsura in Arabic (Musa, Isa) but plain yeh in Persian typing (Bahaji).
      out += last ? 'ʸ' : 'I';
    } else if (ch === 'ة' || ch === 'ۀ' || ch === 'ە' || ch === 'ۃ') {
      out += 'a';
    } else if (ch === 'ه' && last && i > 0) {
      out += 'ʰ';
    } else if (ch >= '0' && ch <= '9') {
      out += ch;
    } else {
      const sym = ARABIC[ch];
      if (sym !== undefined) out += sym;
    }
  }
  return collapse(out);
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
// prettier-ignore
const LATIN_SINGLE: Record<string, string> = {
  b: 'B', p: 'B', t: 'T', j: 'J', g: 'G', h: 'H', x: 'X', d: 'D', z: 'Z', r: 'R', s: 'S',
  f: 'F', v: 'F', q: 'Q', k: 'K', l: 'L', m: 'M', n: 'N', w: 'W',
};
/** Two- and three-letter spellings of one sound, keyed by first letter, longest first. */
// prettier-ignore
const LATIN_DIGRAPHS: Record<string, [string, string][]> = {
  d: [['dzh', 'J'], ['dh', 'ð'], ['dj', 'J']],
  s: [['sch', 'C'], ['sh', 'C']],
  t: [['tch', 'Ч'], ['th', 'θ']],
  c: [['ch', 'Ч'], ['ck', 'K']],
  k: [['kh', 'X']],
  g: [['gh', 'Γ']],
  p: [['ph', 'F']],
  a: [['aa', 'A']],
  e: [['ee', 'I']],
  i: [['ii', 'I']],
  o: [['oo', 'U'], ['ou', 'U']],
  u: [['uu', 'U']],
};

/**
 * How a Latin spelling is read: `plain`, or `somali`, the Somali orthography used on the UN
 * list, in which x writes ḥ (ح: Xasan = Hassan) and c writes ʿayn (ع: Cali = Ali), and a
 * final e or o stands for ى or ة.
 */
export type LatinReading = 'plain' | 'somali';

/** Code of a folded Latin token (lower-case ASCII). */
export function latinCode(token: string, reading: LatinReading = 'plain'): string {
  const somali = reading === 'somali';
  let s = token;
  // Maghrebi French writes initial w as ou before a vowel: Oualid, Ouahab.
  if (s.length > 2 && s[0] === 'o' && s[1] === 'u' && 'aeiy'.includes(s[2]!)) s = 'w' + s.slice(2);
  let out = '';
  let i = 0;
  const n = s.length;
  outer: while (i < n) {
    const ch = s[i]!;
    if (somali && (ch === 'x' || ch === 'c')) {
      out += ch === 'x' ? 'H' : "'";
      i++;
      continue;
    }
    // Somali ends with e what Arabic ends with ى (Ciise عيسى, Muuse موسى), and with o what it
    // ends with ة (Xaliimo حليمة, Faadumo فاطمة).
    if (somali && i === n - 1 && i > 0 && !VOWELS.has(s[i - 1]!) && (ch === 'e' || ch === 'o')) {
      out += ch === 'e' ? 'ʸ' : 'a';
      i++;
      continue;
    }
    const digraphs = LATIN_DIGRAPHS[ch];
    if (digraphs !== undefined) {
      for (const [dg, sym] of digraphs) {
        if (s.startsWith(dg, i)) {
          out += sym;
          i += dg.length;
          continue outer;
        }
      }
    }
    const next = s[i + 1];
    if (VOWELS.has(ch)) out += ch;
    else if (ch === 'y') out += i === 0 || (next !== undefined && VOWELS.has(next)) ? 'Y' : 'i';
    else if (ch === 'c') out += next === 'e' || next === 'i' || next === 'y' ? 'S' : 'K';
    // A final h left over from the digraphs may be silent: ة read in pause (Fatimah, Shibh).
    else if (ch === 'h' && i === n - 1 && i > 0) out += 'ʰ';
    else if (ch >= '0' && ch <= '9') out += ch;
    else out += LATIN_SINGLE[ch] ?? '';
    i++;
  }
  return collapse(out);
}

/** Doubled consonants (shadda on one side, double letters on the other) count once. */
function collapse(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (i > 0 && c === code[i - 1] && !VOWELS.has(c)) continue;
    out += c;
  }
  return out;
}
