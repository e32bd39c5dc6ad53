/** Writing systems the pipeline tells apart. Anything else is 'other' and passes unchanged. */
export type Script = 'latin' | 'arabic' | 'cyrillic' | 'greek' | 'digit' | 'other';

export function charScript(code: number): Script {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return 'latin';
    if (code >= 0x30 && code <= 0x39) return 'digit';
    return 'other';
  }
  if (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) return 'latin';
  if (code >= 0x1e00 && code <= 0x1eff) return 'latin';
  if (code >= 0x0600 && code <= 0x06ff) return 'arabic';
  if (code >= 0x0750 && code <= 0x077f) return 'arabic';
  if (code >= 0x08a0 && code <= 0x08ff) return 'arabic';
  if (code >= 0x0400 && code <= 0x052f) return 'cyrillic';
  if (code >= 0x0370 && code <= 0x03ff) return 'greek';
  return 'other';
}

/** Counts letters per script in a token. */
export function scriptCounts(token: string): Record<Script, number> {
  const counts: Record<Script, number> = {
    latin: 0,
    arabic: 0,
    cyrillic: 0,
    greek: 0,
    digit: 0,
    other: 0,
  };
  for (let i = 0; i < token.length; i++) counts[charScript(token.charCodeAt(i))]++;
  return counts;
}
