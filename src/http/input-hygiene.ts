/**
 * Checks every request before a route sees it (server.ts): JSON nested too deep is refused
 * before it is parsed, and a control character anywhere in the path parameters, the query
 * string or the body is refused with the field's path, so that no route can forget to (see
 * core/control-characters.ts for which characters, and docs/security.md).
 */
import { findControlCharacter } from '../core/control-characters.js';

/** Deeper than any body the API takes (a /match body is 5 levels), far below a stack's worth. */
export const MAX_JSON_DEPTH = 64;

/** Body fields of several lines, where tab and line breaks are text; the rest are one line. */
const MULTILINE_FIELDS = new Set([
  'text',
  'reason',
  'basis',
  'comment',
  'note',
  'notes',
  'description',
  'address',
]);

/**
 * Where a JSON text first nests deeper than `max` (an index in the string), without parsing
 * it: a scan of the brackets outside strings, constant in stack whatever the input.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character; a quote ends the string.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

function childPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${JSON.stringify(key.slice(0, 40))}]`;
}

/**
 * The first control character in `value` (a parsed body, query or params), as
 * `body.queries.q.properties.name[0]: control character U+0000 at position 3`. Keys are
 * checked too, and named by their parent (a key may be what the caller screens).
 */
export function controlCharacterProblem(value: unknown, root: string): string | undefined {
  const stack: { value: unknown; path: string; multiline: boolean }[] = [
    { value, path: root, multiline: false },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      const found = findControlCharacter(v, item.multiline);
      if (found)
        return `${item.path}: control character ${found.code} at position ${found.position}`;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], path: `${item.path}[${i}]`, multiline: item.multiline });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v);
      for (const [key] of entries) {
        const found = findControlCharacter(key);
        if (found)
          return `${item.path}: control character ${found.code} in a key at position ${found.position}`;
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        stack.push({
          value: child,
          path: childPath(item.path, key),
          // Only a body's free-text fields span lines; a query string or a path never does.
          multiline: root === 'body' && MULTILINE_FIELDS.has(key),
        });
      }
    }
  }
  return undefined;
}
