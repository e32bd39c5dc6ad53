/**
 * Text encoded in a legacy code page, for tests: the code page's decoder inverted over the
 * bytes 0–255, so no encoding library is needed and the bytes are exactly what Excel writes.
 */
import { createDecoder } from '../../src/core/text-encoding.js';

const tables = new Map<string, Map<string, number>>();

export function encodeIn(encoding: string, text: string): Buffer {
  let table = tables.get(encoding);
  if (!table) {
    table = new Map();
    const decoder = createDecoder(encoding);
    for (let b = 0; b < 256; b++) {
      const c = decoder.decode(Uint8Array.of(b));
      if (c.length === 1 && c !== '\uFFFD' && !table.has(c)) table.set(c, b);
    }
    tables.set(encoding, table);
  }
  return Buffer.from(
    [...text].map((c) => {
      const b = table.get(c);
      if (b === undefined) throw new Error(`"${c}" has no byte in ${encoding}`);
      return b;
    }),
  );
}
