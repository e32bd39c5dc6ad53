/**
 * Arabic comparison form (arabic-names.md §1.5). Applied to a cleaned token after the article
 * has been detected, because the article test needs the hamza seats that folding erases.
 */

// prettier-ignore
const FOLD: Record<string, string> = {
  // alef with hamza, madda, wasla and the Persian/Urdu wavy-hamza forms
  أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ٲ: 'ا', ٳ: 'ا',
  ؤ: 'و', ئ: 'ي', ء: '',
  ى: 'ي', ی: 'ي', ې: 'ي', ے: 'ي', ۍ: 'ي', ێ: 'ي',
  ة: 'ه', ۀ: 'ه', ہ: 'ه', ھ: 'ه', ە: 'ه', ۃ: 'ه',
  ک: 'ك', ڪ: 'ك',
  ڤ: 'ف', ڢ: 'ف',
  ڨ: 'ق', ڧ: 'ق', ٯ: 'ق',
  پ: 'ب',
  // Urdu retroflex letters fold to their plain Arabic bases
  ٹ: 'ت', ڈ: 'د', ڑ: 'ر', ں: 'ن', ۓ: 'ي',
  // Pashto letters fold to their nearest Arabic/Persian bases
  ځ: 'ز', څ: 'س', ډ: 'د', ړ: 'ر', ښ: 'ش', ږ: 'ژ', ګ: 'گ', ڼ: 'ن',
  // چ and گ keep their own letters (BGN/PCGN: ch and g); ژ is zh
};

export function foldArabic(token: string): string {
  let out = '';
  for (const ch of token) {
    const f = FOLD[ch];
    out += f === undefined ? ch : f;
  }
  return out;
}

/** Words that start with ال but whose ال is not the article. */
const NOT_ARTICLE = new Set(['الله', 'اللهم', 'الياس', 'الهام', 'الفت', 'الماس', 'الطاف', 'الان']);

/**
 * Splits off the definite article ال (and آل, "house of", when written joined). Only a bare
 * alef starts the article: إلهام (Ilham) and إلياس (Ilyas) carry hamza and are not al- + stem.
 */
export function splitArabicArticle(token: string): { article: boolean; stem: string } {
  if (
    token.length >= 4 &&
    (token.startsWith('ال') || token.startsWith('ٱل')) &&
    !NOT_ARTICLE.has(foldArabic(token))
  ) {
    return { article: true, stem: token.slice(2) };
  }
  return { article: false, stem: token };
}
