/**
 * Consonant skeletons: the blocking keys that let candidates across scripts meet cheaply
 * (arabic-names.md §2, layer 2). Vowels, semivowels inside the word, ʿayn and hamza are dropped,
 * close classes merge (د ذ ض ظ ز → D), repeats collapse. Ambiguous symbols emit every reading:
 * Latin g may write ج, ق or غ; Latin ch may write ش or خ; ث is t or s; a final h may be silent.
 */

// prettier-ignore
const COARSE: Record<string, string> = {
  B: 'B', T: 'T', J: 'J', Γ: 'G', H: 'H', X: 'X', D: 'D', ð: 'D', Z: 'D', R: 'R',
  S: 'S', C: 'C', F: 'F', Q: 'K', K: 'K', L: 'L', M: 'M', N: 'N',
};
const AMBIGUOUS: Record<string, string[]> = {
  G: ['J', 'K', 'G'],
  θ: ['T', 'S'],
  Ч: ['C', 'X'],
  ʰ: ['H', ''],
};
const MAX_KEYS = 8;

export function skeletons(code: string): string[] {
  return expand(code, (sym, i) =>
    COARSE[sym] !== undefined
      ? [COARSE[sym]]
      : (sym === 'W' || sym === 'Y') && i === 0
        ? [sym]
        : sym >= '0' && sym <= '9'
          ? [sym]
          : undefined,
  );
}

/**
 * Every key a code can be read as: each symbol's readings (the ambiguous ones first) appended
 * in turn, a reading that repeats the key's last one counted once, at most MAX_KEYS keys.
 */
function expand(
  code: string,
  readingsOf: (sym: string, i: number) => string[] | undefined,
): string[] {
  let keys = [''];
  for (let i = 0; i < code.length; i++) {
    const sym = code[i]!;
    const readings = AMBIGUOUS[sym] ?? readingsOf(sym, i);
    if (readings === undefined) continue;
    const next: string[] = [];
    for (const k of keys) {
      for (const r of readings) {
        const key = r !== '' && k.endsWith(r) ? k : k + r;
        if (!next.includes(key)) next.push(key);
      }
    }
    keys = next.length > MAX_KEYS ? next.slice(0, MAX_KEYS) : next;
  }
  return keys.filter((k) => k !== '');
}

/** Keys one deletion away, so that one wrong or missing consonant still meets its candidate. */
export function deletions(key: string): string[] {
  if (key.length < 4) return [];
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) {
    const d = key.slice(0, i) + key.slice(i + 1);
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

/**
 * Sound keys: the consonant skeleton with the long vowels kept (and a final i, the nisba ي, and
 * a final ى), so that a spelling which writes vowel length, as Arabic script and Somali do, can
 * find its curated name: Maxamed (MHMD) is محمد, not محمود (MHMUD).
 */
export function soundKeys(code: string): string[] {
  return expand(code, (sym, i) =>
    COARSE[sym] !== undefined
      ? [COARSE[sym]]
      : sym === 'W' || sym === 'Y' || sym === 'A' || sym === 'I' || sym === 'U' || sym === 'ʸ'
        ? [sym]
        : sym === 'i' && i === code.length - 1
          ? ['I']
          : undefined,
  );
}
