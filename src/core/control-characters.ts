/**
 * Control characters in text a person or a partner system sent. None belongs in a name, an id,
 * a date or a comment; NUL cannot even be stored in PostgreSQL text, and the others hide
 * text from a reader (or, in a log or a CSV, forge lines). Tab, newline and carriage return
 * belong to text of several lines (a comment, a reason) and to nothing else.
 */

/*
 * C1 controls (U+0080–U+009F) too: no text holds them, and one in a name is most often a
 * Windows-1252 file read as Latin-1 (a curly quote become U+0093), which is a misread row.
 */
/* eslint-disable no-control-regex -- finding control characters is the point */
/** C0 controls but tab, newline and carriage return, DEL and the C1 controls. */
const IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Every C0 control, DEL and the C1 controls. */
const IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const EVERY = /[\u0000-\u001F\u007F-\u009F]/g;
/* eslint-enable no-control-regex */

export interface ControlCharacter {
  /** `U+0000` */
  code: string;
  /** Index in the string (UTF-16 code units), from 0. */
  position: number;
}

/** The first control character of `text`; tab and line breaks count unless `multiline`. */
export function findControlCharacter(
  text: string,
  multiline = false,
): ControlCharacter | undefined {
  const m = (multiline ? IN_TEXT : IN_LINE).exec(text);
  if (!m) return undefined;
  return { code: `U+${hex(m[0])}`, position: m.index };
}

/** `text` with every control character written as `\uXXXX`, for a message that quotes input. */
export function escapeControlCharacters(text: string): string {
  return text.replace(EVERY, (c) => `\\u${hex(c)}`);
}

function hex(c: string): string {
  return c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}
