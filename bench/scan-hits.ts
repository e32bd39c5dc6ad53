/**
 * The hits of the prose corpus that bench/prose/expected.json does not account for, one per
 * line (tab-separated: file, list, ref, caption, schema, score, text at the span, context), so
 * that whoever adds text to the corpus can read them and annotate the true mentions.
 *
 *   npx tsx bench/scan-hits.ts [--un-only]
 */
import { scanText } from '../src/scan/scanner.js';
import { Screener } from '../src/screening/screener.js';
import { annotationOf, expectedMentions, proseFiles } from './scan-corpus.js';
import { loadScanLists } from './scan-lists.js';

const lists = await loadScanLists(process.argv.includes('--un-only'));
const screener = Screener.fromEntities(lists.all);
const expected = expectedMentions();
for (const f of proseFiles())
  for (const h of scanText(screener, f.text)) {
    if (!h.match || annotationOf(f, h, expected)) continue;
    const context = f.text.slice(Math.max(0, h.start - 25), h.end + 25).replace(/\s+/gu, ' ');
    const cells = [f.file, h.list, h.ref, h.caption, h.schema, h.score.toFixed(2), h.text, context];
    process.stdout.write(`${cells.join('\t')}\n`);
  }
