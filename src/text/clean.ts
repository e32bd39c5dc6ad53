/**
 * Step 1 of the text pipeline: Unicode clean-up that applies to every script. The result is
 * still readable text (letters keep their case and hamza); folding for comparison happens later,
 * per token. See arabic-names.md §1 for the order of the steps.
 */

/** ﷺ ﷻ ﷽: NFKC would expand the first two into whole phrases. */
const EULOGIES = /[\uFDFA\uFDFB\uFDFD]/g;
/** Format and bidi controls, BOM and soft hyphen: invisible, and a classic evasion device. */
const CONTROLS = /[\u200B-\u200F\u061C\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD\u180E]/g;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\r\n\f\v]/g;
const TATWEEL = /\u0640/g;
/** Harakat, dagger alef, Quranic annotation marks. */
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED]/g;
/** Arabic comma, semicolon, question mark and thousands separator act as separators. */
const ARABIC_PUNCT = /[\u060C\u061B\u061F\u066C\u066B\u06D4]/g;

/** Arabic-Indic (U+0660) and Extended Arabic-Indic (U+06F0) digits to ASCII. */
function foldDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const c = d.charCodeAt(0);
    return String.fromCharCode(48 + (c >= 0x06f0 ? c - 0x06f0 : c - 0x0660));
  });
}

export function cleanText(input: string): string {
  // Printable ASCII is what most names are: none of the steps below changes it but the spaces.
  if (isPrintableAscii(input)) return collapseSpaces(input);
  let s = input.replace(EULOGIES, ' ');
  s = s.normalize('NFKC');
  if (!touchedByCleanUp(s)) return collapseSpaces(s);
  s = s.replace(CONTROLS, '').replace(SPACES, ' ');
  s = s.replace(TATWEEL, '').replace(ARABIC_MARKS, '');
  s = s.replace(ARABIC_PUNCT, ' ');
  s = foldDigits(s);
  return collapseSpaces(s);
}

function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Whether any character may be one the steps after NFKC change: controls, spaces, Arabic
 * marks, punctuation and digits (every Arabic-block character but the basic letters).
 */
function touchedByCleanUp(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x09 && c <= 0x0d) return true;
    } else if (
      c === 0xa0 ||
      c === 0xad ||
      (c >= 0x0600 &&
        c <= 0x06ff &&
        !((c >= 0x0621 && c <= 0x063a) || (c >= 0x0641 && c <= 0x064a))) ||
      c === 0x1680 ||
      c === 0x180e ||
      (c >= 0x2000 && c <= 0x206f) ||
      c === 0x3000 ||
      c === 0xfeff
    )
      return true;
  }
  return false;
}

function collapseSpaces(s: string): string {
  return (s.includes('  ') ? s.replace(/ {2,}/g, ' ') : s).trim();
}
